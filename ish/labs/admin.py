from django.contrib import admin

from ish.labs.models import Institute, Lab
from ish.seasons.admin import WithLabsFilter


class LabInline(admin.TabularInline):
    model = Lab
    extra = 0
    fields = ["name", "head", "capacity"]


@admin.register(Institute)
class InstituteAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    list_filter = [WithLabsFilter, ("labs__fields", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name", "address"]
    inlines = [LabInline]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "institute", "head", "capacity"]
    list_filter = ["institute", "fields"]
    search_fields = ["name", "head", "institute__name", "institute__short_name"]
    list_select_related = ["institute"]
    filter_horizontal = ["fields"]
