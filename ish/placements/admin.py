from django.contrib import admin

from ish.history_admin import HistoryInline
from ish.placements.models import MatchRun, Placement, PlacementChange


class PlacementChangeInline(HistoryInline):
    model = PlacementChange


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["nomination", "lab", "status", "starts_on", "ends_on", "offered_at"]
    list_filter = ["status", "nomination__season", "lab__institute", "lab"]
    search_fields = ["nomination__given_name", "nomination__family_name", "lab__name"]
    list_select_related = ["nomination__season", "nomination__city", "lab"]
    readonly_fields = ["status", "offered_at", "answered_at", "reminded_at", "escalated_at"]
    autocomplete_fields = ["lab"]
    raw_id_fields = ["nomination"]
    inlines = [PlacementChangeInline]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    """Read-only: a run is written by the matching and kept as it was."""

    list_display = ["season", "run_at", "run_by_label", "proposed"]
    list_filter = ["season"]
    readonly_fields = ["season", "run_at", "run_by", "run_by_label", "proposed", "unmatched"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
