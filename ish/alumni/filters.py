"""Filters of the alumni list, shared by the API and the office's page: season, city, lab and
research field (a lab's, where the lab is kept)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.alumni.models import Alumnus
from ish.labs.models import Lab
from ish.seasons.models import City, ResearchField, Season


class AlumnusFilter(filters.FilterSet):
    # Reference data every staff member reads: the choices reveal nothing about alumni.
    season = filters.ModelChoiceFilter(
        label=_("Season"), queryset=Season.objects.all(), empty_label=_("All seasons")
    )
    city = filters.ModelChoiceFilter(
        label=_("City"),
        queryset=City.objects.all(),
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    lab = filters.ModelChoiceFilter(
        label=_("Lab"), queryset=Lab.objects.select_related("institute"), empty_label=_("All labs")
    )
    field = filters.ModelChoiceFilter(
        label=_("Research field"),
        queryset=ResearchField.objects.all(),
        to_field_name="slug",
        empty_label=_("All research fields"),
        method="in_field",
    )

    class Meta:
        model = Alumnus
        fields = ["season", "city", "lab", "field"]

    def in_field(self, queryset: QuerySet[Alumnus], name: str, value) -> QuerySet[Alumnus]:
        return queryset.filter(lab__in=Lab.objects.filter(fields=value))
