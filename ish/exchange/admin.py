"""The outbound programmes in the admin: programmes, schools, and applications whose
rule-bearing fields are read-only (the services apply the rules)."""

from django.contrib import admin

from ish.exchange.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    OutboundProgramme,
    School,
    Score,
)
from ish.history_admin import HistoryInline
from ish.uploads_admin import DocumentInline


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]


@admin.register(OutboundProgramme)
class OutboundProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "host_city", "host_country", "places", "is_active"]
    list_filter = ["is_active", "host_country"]
    search_fields = ["name", "slug", "host_city"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        # Applications hold on to their programme (PROTECT); the NYSF must stay.
        return super().has_delete_permission(request, obj) and not (obj and obj.is_nysf)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


class ApplicationDocumentInline(DocumentInline):
    model = ApplicationDocument


class ChangeInline(HistoryInline):
    model = ApplicationChange


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "family_name", "given_name", "programme", "school", "gender", "season", "score", "status",
    ]  # fmt: skip
    list_filter = ["season", "programme", "status", "school", "gender"]
    search_fields = ["given_name", "family_name", "email", "school__name"]
    list_select_related = ["season", "school", "programme"]
    # Who applied, to which programme, for which school, gender and season is what the
    # per-school limit and the duplicate check were applied to (ish.exchange.services.apply):
    # changing it here would bypass them, as would the nominator's address the principal's
    # link is signed for.
    readonly_fields = [
        "season",
        "programme",
        "given_name",
        "family_name",
        "date_of_birth",
        "gender",
        "email",
        "school",
        "nominator_email",
        "status",
        "score",
        "nominator_confirmed_at",
    ]
    inlines = [ScoreInline, ApplicationDocumentInline, ChangeInline]

    def has_add_permission(self, request) -> bool:
        return False  # applications arrive through the public form only
