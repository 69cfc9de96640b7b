from django.contrib import admin

from ish.history_admin import HistoryInline
from ish.nominations.models import Document, Nomination, NominationChange, ResearchInterest


class ResearchInterestInline(admin.TabularInline):
    model = ResearchInterest
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "filename", "content_type", "size", "uploaded_at", "replaced_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # uploads go through the portal, which checks type and size


class NominationChangeInline(HistoryInline):
    model = NominationChange


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "city", "season", "rank", "status"]
    list_filter = ["season", "status", "city", "gender", "english_level"]
    search_fields = ["given_name", "family_name", "email", "school"]
    list_select_related = ["season", "city"]
    readonly_fields = ["status", "submitted_at", "decided_at", "created_at", "updated_at"]
    inlines = [ResearchInterestInline, DocumentInline, NominationChangeInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["nomination", "kind", "filename", "size", "uploaded_at", "replaced_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["filename", "nomination__family_name", "nomination__given_name"]
    list_select_related = ["nomination"]
    readonly_fields = ["file"]


@admin.register(NominationChange)
class NominationChangeAdmin(admin.ModelAdmin):
    list_display = ["nomination", "action", "from_status", "to_status", "actor_label", "created_at"]
    list_filter = ["action", "to_status"]
    search_fields = ["nomination__family_name", "comment", "actor_label"]
    list_select_related = ["nomination"]
