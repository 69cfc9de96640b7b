"""Filters of the alumni list, shared by the API and the office's page: season, city, lab and
research field (a lab's, where the lab is kept)."""

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
        # One row per alumnus still: a lab has each of its fields once.
        field_name="lab__fields",
    )

    class Meta:
        model = Alumnus
        fields = ["season", "city", "lab", "field"]
