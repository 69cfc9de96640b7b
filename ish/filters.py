"""The one way a list filter names a row by id or slug: its choices are the rows the caller's
selector shows them, so a row of another scope answers exactly as one that does not exist."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from django_filters.utils import get_model_field


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
