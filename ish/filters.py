"""The list filters every area shares: an id or slug among the rows the caller's selector shows
(so a row of another scope answers exactly as one that does not exist), and the one cap on the
words of a search."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import QuerySet
from django.utils.translation import ngettext_lazy
from django_filters import rest_framework as filters
from django_filters.utils import get_model_field
from rest_framework.filters import search_smart_split

# More words than anyone searches for. Each word is a condition over several columns: a thousand
# of them is a query no database parses ("Expression tree is too large"), so more is refused.
MAX_SEARCH_TERMS = 10


def search_terms(value: str) -> list[str]:
    """The terms of a search, split as DRF's SearchFilter splits them (words and commas; a quoted
    phrase is one term). More than MAX_SEARCH_TERMS, or a NUL character (which PostgreSQL refuses
    in a query), is a ValidationError: every search of the API and the portal reads its terms
    here."""
    ProhibitNullCharactersValidator()(value)
    terms = search_smart_split(value)
    if len(terms) > MAX_SEARCH_TERMS:
        raise ValidationError(
            ngettext_lazy(
                "Search for at most %(limit)d word.",
                "Search for at most %(limit)d words.",
                "limit",
            ),
            code="too_many_terms",
            params={"limit": MAX_SEARCH_TERMS},
        )
    return terms


class SearchTermsField(forms.CharField):
    """A search box whose cleaned value is its list of terms (`search_terms`)."""

    def clean(self, value) -> list[str]:
        return search_terms(super().clean(value))


class SearchTermsFilter(filters.CharFilter):
    """A FilterSet's search: its `method` gets the list of terms, each to be matched."""

    field_class = SearchTermsField


class VisibleChoiceFilter(filters.ModelChoiceFilter):
    """A choice among `visible_to(user)`, the area's selector (`nominations_visible_to`, …),
    called with the user of the request the FilterSet was given. Any other value, a row the user
    may not see as much as one that does not exist, is refused alike (a 400 on the API)."""

    def __init__(self, *args, visible_to: Callable[[Any], QuerySet], **kwargs):
        self.visible_to = visible_to
        super().__init__(*args, **kwargs)

    def get_queryset(self, request) -> QuerySet:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # No caller (the schema generator, a FilterSet built without a request): no choices.
            return get_model_field(self.model, self.field_name).related_model.objects.none()
        # The filter only checks that the named row is among them: no related rows are needed.
        return self.visible_to(user).prefetch_related(None)
