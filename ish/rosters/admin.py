from django.contrib import admin

from ish.rosters.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "season", "requested_by", "status", "progress", "rows", "created_at"]
    list_filter = ["kind", "status", "season"]
    search_fields = ["requested_by__username", "error"]
    list_select_related = ["season", "requested_by"]
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # exports are requested in the portal or the API, within the user's scope
