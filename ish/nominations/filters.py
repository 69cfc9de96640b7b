"""Filters of the nominations list, the one FilterSet of the portal page and the API:
`season` (id), `city` (slug), `status` (repeatable) and `search`."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.filters import SearchTermsFilter, VisibleChoiceFilter
from ish.nominations.models import Nomination
from ish.seasons.selectors import cities_visible_to, seasons_visible_to


class StatusSelect(forms.Select):
    """One status from the portal's drop-down, or several (`?status=a&status=b`) from the API.
    `blank_label` offers "any status" in the drop-down without making "" one of the filter's
    choices, which the API schema would list as a status."""

    def __init__(self, attrs=None, choices=(), blank_label: str | None = None):
        super().__init__(attrs, choices)
        self.blank_label = blank_label

    def value_from_datadict(self, data, files, name) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value]

    def optgroups(self, name, value, attrs=None) -> list:
        groups = super().optgroups(name, value, attrs)
        if self.blank_label is not None:
            blank = self.create_option(name, "", self.blank_label, False, 0, attrs=attrs)
            groups.insert(0, (None, [blank], 0))
        return groups


class NominationFilter(filters.FilterSet):
    season = VisibleChoiceFilter(
        label=_("Season"), visible_to=seasons_visible_to, empty_label=_("All seasons")
    )
    city = VisibleChoiceFilter(
        label=_("City"),
        visible_to=cities_visible_to,
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    # A column of the row itself: no join can repeat a row, so no DISTINCT (django-filter's
    # default for a multiple choice), which makes the database compare whole rows.
    status = filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Nomination.Status.choices,
        widget=StatusSelect(blank_label=_("All statuses")),
        distinct=False,
    )
    # Every word must match a name, the e-mail address or the school (at most MAX_SEARCH_TERMS).
    search = SearchTermsFilter(label=_("Search"), method="search_words")

    class Meta:
        model = Nomination
        fields = ["season", "city", "status", "search"]

    def search_words(self, queryset: QuerySet[Nomination], name: str, words: list[str]):
        # Lab hosts never see e-mail addresses, so they may not search by them either.
        user = getattr(self.request, "user", None)
        by_email = not getattr(user, "is_lab_host", False)
        for word in words:
            match = (
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(school__icontains=word)
            )
            if by_email:
                match |= Q(email__icontains=word)
            queryset = queryset.filter(match)
        return queryset
