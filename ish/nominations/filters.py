"""Filters of the nominations list, shared by the portal page and the API."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.nominations.models import Nomination
from ish.seasons.models import City, Season


class StatusSelect(forms.Select):
    """One status from the portal's drop-down, or several (`?status=a&status=b`) from the API."""

    def value_from_datadict(self, data, files, name) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value]


class NominationFilter(filters.FilterSet):
    season = filters.ModelChoiceFilter(
        label=_("Season"), queryset=Season.objects.all(), empty_label=_("All seasons")
    )
    city = filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    status = filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[("", _("All statuses")), *Nomination.Status.choices],
        widget=StatusSelect,
    )
    q = filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Nomination
        fields = ["season", "city", "status"]

    def search(self, queryset: QuerySet[Nomination], name: str, value: str):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
                | Q(school__icontains=word)
            )
        return queryset
