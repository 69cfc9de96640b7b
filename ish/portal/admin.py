from django.contrib import admin

from ish.portal.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "seen_at"]
    list_filter = ["seen_at"]
    search_fields = ["worker"]
    readonly_fields = ["worker", "seen_at"]
