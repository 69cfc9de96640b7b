"""API for the programme as iCalendar: the caller's events (as their role sees them) for a season,
with the caller's token or session rather than the secret feed address."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from ish.programme import calendars
from ish.programme.selectors import events_visible_to
from ish.seasons.models import Season
from ish.seasons.selectors import seasons_visible_to


class ICalendarRenderer(BaseRenderer):
    """Lets a client ask for `text/calendar` (content negotiation); the view writes the body."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class AlwaysTheCalendar(BaseContentNegotiation):
    """The calendar has one answer: neither `Accept` nor a `?format=` can turn it into a 404 or a
    406 (DRF's default negotiation would, for a format it does not know)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CalendarQuerySerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(
        queryset=Season.objects.none(),  # the caller's seasons, set per request below
        required=False,
        error_messages={
            "does_not_exist": _("There is no season with the id “{pk_value}”."),
            "incorrect_type": _("A season is given by its id, a whole number."),
        },
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons_visible_to(user)


class EventCalendarView(APIView):
    # The calendar is text/calendar whatever the client accepts (a JSON-only client gets it too);
    # errors are always JSON in DRF's shape, as everywhere in the API.
    renderer_classes = [ICalendarRenderer, JSONRenderer]  # JSON: the errors' (and schema's)
    content_negotiation_class = AlwaysTheCalendar

    @extend_schema(
        operation_id="events_calendar",
        parameters=[
            OpenApiParameter(
                "season",
                int,
                description="A season's id; without it, every season not over for more than "
                "a year (as the secret feed).",
            ),
            OpenApiParameter("format", exclude=True),  # the calendar's one answer takes none
        ],
        responses={(200, "text/calendar"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> HttpResponse:
        """The events the caller's role sees as an iCalendar file (RFC 5545), in the caller's
        language: organisers every event, a coordinator those of their city's participants, a
        lab host those of their lab's students. Cancelled events stay, with STATUS:CANCELLED."""
        query = CalendarQuerySerializer(data=request.query_params, user=request.user)
        query.is_valid(raise_exception=True)
        events = events_visible_to(request.user)
        if season := query.validated_data.get("season"):
            events = events.filter(season=season)
        else:
            events = calendars.recent(events)
        return calendars.calendar_response(events, language=request.user.language)

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
