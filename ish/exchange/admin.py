"""The NYSF exchange in the admin: schools, and applications whose rule-bearing fields are
read-only (the services apply the rules)."""

from django.contrib import admin

from ish.exchange.models import Application, ApplicationChange, ApplicationDocument, School, Score
from ish.history_admin import HistoryInline
from ish.uploads_admin import DocumentInline


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


class ApplicationDocumentInline(DocumentInline):
    model = ApplicationDocument


class ChangeInline(HistoryInline):
    model = ApplicationChange


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "school", "gender", "season", "score", "status"]
    list_filter = ["season", "status", "school", "gender"]
    search_fields = ["given_name", "family_name", "email", "school__name"]
    list_select_related = ["season", "school"]
    # Who applied, for which school, gender and season is what the per-school limit and the
    # duplicate check were applied to (ish.exchange.services.apply): changing it here would
    # bypass them, as would the nominator's address the principal's link is signed for.
    readonly_fields = [
        "season",
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
