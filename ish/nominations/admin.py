from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ish.history_admin import HistoryInline
from ish.nominations.models import Document, Nomination, NominationChange, ResearchInterest
from ish.uploads_admin import DocumentInline


class ResearchInterestInline(admin.TabularInline):
    model = ResearchInterest
    extra = 0


class NominationDocumentInline(DocumentInline):
    model = Document
    fields = [*DocumentInline.fields, "replaced_at"]
    readonly_fields = fields


class NominationChangeInline(HistoryInline):
    model = NominationChange


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "city", "season", "rank", "status"]
    list_filter = ["season", "status", "city", "gender", "english_level"]
    search_fields = ["given_name", "family_name", "email", "school"]
    list_select_related = ["season", "city"]
    readonly_fields = ["status", "submitted_at", "decided_at", "created_at", "updated_at"]
    inlines = [ResearchInterestInline, NominationDocumentInline, NominationChangeInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["nomination", "kind", "filename", "size", "uploaded_at", "replaced_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["filename", "nomination__family_name", "nomination__given_name"]
    list_select_related = ["nomination"]
    exclude = ["file"]
    readonly_fields = ["download"]

    def has_add_permission(self, request) -> bool:
        return False  # uploads go through the portal, which checks type and size and keeps a file

    @admin.display(description=_("file"))
    def download(self, document: Document) -> str:
        """A link to the portal's permission-checked download, which keeps the read in the audit
        trail; never the storage's own URL (from a bucket, a signed URL anyone holding it may
        use)."""
        url = reverse("nominations:document_download", args=[document.nomination_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, document.filename)


@admin.register(NominationChange)
class NominationChangeAdmin(admin.ModelAdmin):
    list_display = ["nomination", "action", "from_status", "to_status", "actor_label", "created_at"]
    list_filter = ["action", "to_status"]
    search_fields = ["nomination__family_name", "comment", "actor_label"]
    list_select_related = ["nomination"]
