"""The API's search backend: DRF's SearchFilter reading its terms through the one cap on them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from ish.filters import MAX_SEARCH_TERMS, search_terms


class SearchFilter(filters.SearchFilter):
    """`?search=`: words (or quoted phrases) that must all match; more than MAX_SEARCH_TERMS is a
    400 naming `search`, as the nominations' search (a FilterSet's) answers."""

    search_description = format_lazy(
        _("Words that must all match (at most {limit})."), limit=MAX_SEARCH_TERMS
    )

    def get_search_terms(self, request) -> list[str]:
        try:
            return search_terms(request.query_params.get(self.search_param, ""))
        except DjangoValidationError as error:
            raise ValidationError({self.search_param: error.messages}) from None
