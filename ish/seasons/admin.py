from django.contrib import admin

from ish.labs.admin import WithLabsFilter
from ish.seasons.models import City, Quota, ResearchField, Season


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "kind"]
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
