from django.contrib import admin

from ish.history_admin import HistoryInline
from ish.housing.models import Accommodation, HousingAssignment, HousingChange


@admin.register(Accommodation)
class AccommodationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "beds", "available_from", "available_until", "pets", "smoking"]
    list_filter = ["kind", "smoking"]
    search_fields = ["name", "address", "contact_name", "contact_email"]


class HousingChangeInline(HistoryInline):
    model = HousingChange


@admin.register(HousingAssignment)
class HousingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["nomination", "accommodation", "check_in", "check_out", "status"]
    list_filter = ["status", "nomination__season", "accommodation__kind", "accommodation"]
    search_fields = ["nomination__given_name", "nomination__family_name", "accommodation__name"]
    list_select_related = ["nomination__season", "nomination__city", "accommodation"]
    readonly_fields = ["status", "warnings", "version", "confirmed_at"]
    raw_id_fields = ["nomination"]
    inlines = [HousingChangeInline]
