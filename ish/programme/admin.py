"""The programme in Django's admin: events (a change a calendar shows raises SEQUENCE here too),
presentation slots, attendance (read: it is marked on the attendance page) and calendar feeds
(whose secrets the admin never shows)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ish.programme import services
from ish.programme.models import Attendance, CalendarFeed, Event, Presentation

# What a calendar shows of an event, by the admin form's field names.
SHOWN_IN_CALENDARS = services.CALENDAR_FIELDS | {"cities", "labs", "participants"}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "audience",
        "meal",
        "cancelled_at",
    ]
    list_filter = [
        "season",
        "kind",
        "audience",
        "meal",
        ("cancelled_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "place", "address", "notes"]
    date_hierarchy = "starts_at"
    list_select_related = ["season"]
    raw_id_fields = ["participants"]  # select2's multiple picker leaves its search box unnamed
    filter_horizontal = ["cities", "labs"]
    readonly_fields = ["uid", "sequence", "cancelled_at", "created_at", "updated_at"]
    actions = ["cancel_events"]

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        if change and SHOWN_IN_CALENDARS & set(form.changed_data):
            obj.sequence += 1
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Cancel the chosen events (they stay, marked cancelled)"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        for event in queryset:
            services.cancel_event(event, actor=request.user)


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "room", "minutes", "title", "supervisor"]
    list_filter = ["season", "room"]
    search_fields = ["title", "supervisor", "nominations__family_name", "nominations__given_name"]
    raw_id_fields = ["nominations"]  # as Event.participants


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    """Read only: attendance is marked on the attendance page, where the rules are."""

    list_display = ["event", "nomination", "status", "reason", "marked_by", "marked_at"]
    list_filter = ["status", "event__season", "event__kind"]
    search_fields = ["nomination__family_name", "nomination__given_name", "event__title"]
    list_select_related = ["event", "nomination__season", "nomination__city", "marked_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """The secret is never shown: whoever reads it reads that user's programme. Deleting a feed
    resets it (the user gets a new address)."""

    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
