from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ish.seasons.models import City, Quota, ResearchField, Season


class WithLabsFilter(admin.SimpleListFilter):
    """Institutes or research fields with labs, or without any: a field no lab covers leaves
    the students interested in it without a match."""

    title = _("labs")
    parameter_name = "labs"

    def lookups(self, request, model_admin):
        return [("yes", _("with labs")), ("no", _("without labs"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(labs__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(labs__isnull=True)
        return queryset


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "kind", "time_zone"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ResearchField)
class ResearchFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    list_filter = [WithLabsFilter, ("labs__institute", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["city"]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "starts_on", "ends_on", "nomination_deadline"]
    list_filter = ["year"]
    search_fields = ["title", "year"]
    inlines = [QuotaInline]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["season", "city", "places", "alternates", "deadline"]
    list_filter = ["season", "city__kind", "city"]
    search_fields = ["city__name", "city__slug"]
    list_select_related = ["season", "city"]
    autocomplete_fields = ["city"]
