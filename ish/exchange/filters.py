"""Filters of the office's list of NYSF applications."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.exchange.models import Application, School
from ish.nominations.filters import StatusSelect
from ish.nominations.models import Gender
from ish.seasons.models import Season


class ApplicationListFilter(filters.FilterSet):
    season = filters.ModelChoiceFilter(
        label=_("Season"), queryset=Season.objects.all(), empty_label=_("All seasons")
    )
    status = filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[("", _("All statuses")), *Application.Status.choices],
        widget=StatusSelect,
    )
    school = filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.all(), empty_label=_("All schools")
    )
    gender = filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All genders")
    )
    q = filters.CharFilter(label=_("Search"), method="search")
    # Chosen by the column headers; the best score first unless asked otherwise.
    ordering = filters.OrderingFilter(
        fields=[("score", "score"), ("family_name", "name"), ("created_at", "applied")]
    )

    class Meta:
        model = Application
        fields = ["season", "status", "school", "gender"]

    def search(self, queryset: QuerySet[Application], name: str, value: str):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset
