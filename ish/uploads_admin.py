"""The admin's read-only view of stored documents (ish.uploads), one inline for every area."""

from django.contrib import admin


class DocumentInline(admin.TabularInline):
    extra = 0
    fields = ["kind", "filename", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # uploads go through the portal, which checks type and size
