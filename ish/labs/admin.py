from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ish.labs.models import Institute, Lab


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
