"""Filters of the office's list of outbound programmes' applications."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.exchange.models import Application, OutboundProgramme
from ish.exchange.selectors import programmes_visible_to, schools_visible_to
from ish.filters import SearchTermsFilter, VisibleChoiceFilter
from ish.nominations.filters import StatusSelect
from ish.nominations.models import Gender
from ish.seasons.selectors import seasons_visible_to


class ApplicationListFilter(filters.FilterSet):
    season = VisibleChoiceFilter(
        label=_("Season"), visible_to=seasons_visible_to, empty_label=_("All seasons")
    )
    programme = filters.ChoiceFilter(
        label=_("Programme"),
        field_name="programme__slug",
        choices=[],
        empty_label=_("All programmes"),
        distinct=False,
    )
    status = filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[("", _("All statuses")), *Application.Status.choices],
        widget=StatusSelect,
        distinct=False,  # the row's own column: no join can repeat a row
    )
    school = VisibleChoiceFilter(
        label=_("School"), visible_to=schools_visible_to, empty_label=_("All schools")
    )
    gender = filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All genders")
    )
    q = SearchTermsFilter(label=_("Search"), method="search")

    class Meta:
        model = Application
        fields = ["season", "programme", "status", "school", "gender"]

    def __init__(self, *args, programmes: list[OutboundProgramme] | None = None, **kwargs):
        """`programmes`: the user's programmes, when the page has read them already."""
        super().__init__(*args, **kwargs)
        if programmes is None:
            user = getattr(self.request, "user", None)
            programmes = list(programmes_visible_to(user)) if user else []
        self.filters["programme"].extra["choices"] = [(p.slug, p.name) for p in programmes]

    def search(self, queryset: QuerySet[Application], name: str, words: list[str]):
        for word in words:
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset
