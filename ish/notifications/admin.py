from django.contrib import admin

from ish.notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "event", "language", "status", "attempts"]
    list_filter = ["status", "event", "language", "created_at"]
    search_fields = ["to", "subject", "recipient_name"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # messages are written by the workflows, never by hand
