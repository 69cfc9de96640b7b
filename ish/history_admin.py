"""The admin's read-only view of a status history (ish.history), one inline for every area."""

from django.contrib import admin


class HistoryInline(admin.TabularInline):
    extra = 0
    fields = ["created_at", "action", "from_status", "to_status", "actor_name", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # status changes go through the workflow's rules
