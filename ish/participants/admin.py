from django.contrib import admin

from ish.participants.models import ParticipantLink


@admin.register(ParticipantLink)
class ParticipantLinkAdmin(admin.ModelAdmin):
    list_display = ["nomination", "version", "sent_at", "opened_at", "answered_at", "revoked_at"]
    list_filter = ["sent_at", "answered_at", "nomination__season"]
    search_fields = ["nomination__given_name", "nomination__family_name", "nomination__email"]
    list_select_related = ["nomination__season", "nomination__city"]
    readonly_fields = ["nomination", "version", "sent_at", "opened_at", "answered_at", "revoked_at"]
