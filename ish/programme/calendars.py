"""The programme as calendars: iCalendar feeds (RFC 5545, written with the `icalendar` library)
of the events a user or a participant attends, each user's secret feed address, and a
participant's coming days for their self-service page."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.throttling import allow
from ish.addresses import client_address
from ish.nominations.models import Nomination
from ish.notifications.services import absolute_url
from ish.programme.models import CalendarFeed, Event, new_calendar_secret
from ish.programme.selectors import events_of, events_visible_to

PRODID = "-//City of Heidelberg//ISH Manager//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# A subscribed calendar mirrors its feed: what leaves the feed leaves the subscriber's calendar.
# A season therefore stays for a year after its last day, until the next summer is planned.
KEPT_FOR = dt.timedelta(days=365)
# How often a calendar app should look again (apps may poll less often; none more often).
REFRESH = dt.timedelta(hours=1)


def recent(events: QuerySet[Event]) -> QuerySet[Event]:
    """The events of the seasons a feed carries: those not over for more than KEPT_FOR."""
    return events.filter(season__ends_on__gte=timezone.localdate() - KEPT_FOR)


def feed_events_of(user: User) -> QuerySet[Event]:
    """A user's feed: the events their role sees (ish.programme.selectors) of recent seasons."""
    return recent(events_visible_to(user))


def coming_days(nomination: Nomination) -> list[tuple[dt.date, list[Event]]]:
    """The participant's events not yet over, by day in Heidelberg time (cancelled ones too, so
    nobody comes to one that is off)."""
    events = events_of(nomination).filter(ends_at__gt=timezone.now())
    days: dict[dt.date, list[Event]] = {}
    for event in events:
        days.setdefault(timezone.localdate(event.starts_at), []).append(event)
    return list(days.items())


def calendar(events: Iterable[Event], *, language: str) -> bytes:
    """The events as one VCALENDAR in `language` (titles, labels), times in Heidelberg's zone
    with its VTIMEZONE. A cancelled event stays, as CANCELLED, so calendars drop it too."""
    with translation.override(language):
        feed = icalendar.Calendar()
        feed.add("prodid", PRODID)
        feed.add("version", "2.0")
        feed.add("calscale", "GREGORIAN")
        feed.add("x-wr-calname", _("ISH Heidelberg programme"))
        feed.add("x-wr-timezone", settings.TIME_ZONE)
        feed.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        feed.add("x-published-ttl", REFRESH)
        feed.add_component(icalendar.Timezone.from_tzid(settings.TIME_ZONE))
        for event in events:
            feed.add_component(_vevent(event, language))
        return feed.to_ical()


def _vevent(event: Event, language: str) -> icalendar.Event:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    title = event.title_in(language)
    vevent = icalendar.Event()
    vevent.add("uid", str(event.uid))
    vevent.add("sequence", event.sequence)
    # Without a METHOD, DTSTAMP is when the event was last revised (RFC 5545, 3.8.7.2): the
    # same feed read twice is the same text.
    vevent.add("dtstamp", event.updated_at)
    vevent.add("created", event.created_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    # Some calendar apps ignore STATUS in a subscription: the title says it as well.
    vevent.add(
        "summary", _("Cancelled: %(title)s") % {"title": title} if event.is_cancelled else title
    )
    if location := _location(event):
        vevent.add("location", location)
    if description := _description(event):
        vevent.add("description", description)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def _location(event: Event) -> str:
    address = ", ".join(line.strip() for line in event.address.splitlines() if line.strip())
    return ", ".join(part for part in (event.place, address) if part)


def _description(event: Event) -> str:
    lines = []
    if event.meeting_point:
        lines.append(_("Meeting point: %(place)s") % {"place": event.meeting_point})
    if event.has_meal:
        lines.append(_("Meal: %(meal)s") % {"meal": event.get_meal_display()})
    if event.notes:
        lines.append(event.notes)
    return "\n".join(lines)


# --- each user's secret address -----------------------------------------------------------------


def feed_of(user: User) -> CalendarFeed:
    """The user's feed, made on first need."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_url(user: User) -> str:
    """The absolute address of the user's feed: whoever knows it reads their programme."""
    path = reverse("programme:calendar_feed", args=[feed_of(user).secret])
    return absolute_url(path)


def webcal(url: str) -> str:
    """The same address with the scheme that makes a browser hand it to the calendar app."""
    return "webcal://" + url.partition("://")[2]


@transaction.atomic
def reset_feed(user: User) -> CalendarFeed:
    """A new secret for the user's feed; the old address answers 404 from now on."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.secret = new_calendar_secret()
        feed.save(update_fields=["secret", "created_at"])
    return feed


def user_of_feed(secret: str) -> User | None:
    """The active user whose feed has this secret, or None (unknown, reset, deactivated)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret=secret, user__is_active=True)
        .first()
    )
    return feed.user if feed else None


# --- answering a feed ---------------------------------------------------------------------------


def feed_allowed(request: HttpRequest) -> bool:
    """A feed asked for without signing in counts against CALENDAR_FEEDS_PER_ADDRESS."""
    address = client_address(request)
    return allow("calendar-feed", address, per_hour=settings.CALENDAR_FEEDS_PER_ADDRESS)


def calendar_response(events: Iterable[Event], *, language: str) -> HttpResponse:
    response = HttpResponse(calendar(events, language=language), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="ish-programme.ics"'
    # A feed address is a secret: no shared cache keeps a copy, nor a search engine the page.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def too_many_requests() -> HttpResponse:
    return HttpResponse(
        _("Too many calendar requests from your network; please try again in an hour."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
