from django.contrib import admin

from ish.retention.models import RetentionRun


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["season", "scope", "run_at", "run_by_label", "early"]
    list_filter = ["scope", "season"]
    list_select_related = ["season"]
    readonly_fields = [field.name for field in RetentionRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # runs are made by the command and by beat, never by hand

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record that personal data was deleted must stay
