from django.contrib import admin

from ish.portal.models import BeatHeartbeat, WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "seen_at"]
    list_filter = ["seen_at"]
    search_fields = ["worker"]
    readonly_fields = ["worker", "seen_at"]

    def has_add_permission(self, request) -> bool:
        return False  # only workers write heartbeats; a hand-made one would have no time


@admin.register(BeatHeartbeat)
class BeatHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["host", "task", "sent_at"]
    readonly_fields = ["host", "task", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False  # only beat writes its heartbeat, as it sends a task
