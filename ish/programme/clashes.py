"""The clashes the office is warned of, never stopped by: a participant expected at two events at
once, an event outside the season's programme days, an event outside a participant's stay.
Computed when shown (never stored), as codes with parameters read in the reader's language."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ish.programme.audiences import Audiences, Lists, Person, lists_of
from ish.programme.models import Event
from ish.programme.services import local_day

OVERLAP = "overlap"
OUTSIDE_PROGRAMME = "outside_programme"
OUTSIDE_STAY = "outside_stay"
# A warning names this many participants and counts the rest.
NAMES_SHOWN = 5


def clashes(events: Iterable[Event]) -> dict[int, list[dict]]:
    """Each event's warnings by its id (`events` with their seasons). A cancelled event clashes
    with nothing. Queries: a few per season, however many events."""
    events = list(events)
    warnings: dict[int, list[dict]] = {event.pk: [] for event in events}
    by_season: dict[int, list[Event]] = {}
    for event in events:
        by_season.setdefault(event.season_id, []).append(event)
    for season_events in by_season.values():
        _season_clashes(season_events, warnings)
    return warnings


def _season_clashes(events: list[Event], warnings: dict[int, list[dict]]) -> None:
    season = events[0].season
    live = [event for event in events if not event.is_cancelled]
    if not live:
        return
    first = min(event.starts_at for event in live)
    last = max(event.ends_at for event in live)
    # The events these may overlap: any of the season's, shown here or not.
    others = list(
        Event.objects.filter(
            season_id=season.pk, cancelled_at__isnull=True, starts_at__lt=last, ends_at__gt=first
        ).order_by("starts_at", "pk")
    )
    lists: Lists = lists_of({event.pk for event in others} | {event.pk for event in live})
    audiences = Audiences(season.pk)
    expected = {event.pk: audiences.expected(event, lists) for event in [*others, *live]}
    for event in live:
        found = warnings[event.pk]
        if (
            local_day(event.starts_at) < season.starts_on
            or local_day(event.ends_at - dt.timedelta(microseconds=1)) > season.ends_on
        ):
            found.append(
                {
                    "code": OUTSIDE_PROGRAMME,
                    "first": season.starts_on.isoformat(),
                    "last": season.ends_on.isoformat(),
                }
            )
        mine = expected[event.pk]
        for other in others:
            if other.pk == event.pk or not (
                other.starts_at < event.ends_at and other.ends_at > event.starts_at
            ):
                continue
            both = mine & expected[other.pk]
            if both:
                found.append(
                    {
                        "code": OVERLAP,
                        "event": other.pk,
                        "title": other.display_title,
                        "starts_at": other.starts_at.isoformat(),
                        "names": audiences.names(both),
                    }
                )
        away = [pk for pk in mine if _away(audiences.people[pk], event)]
        if away:
            found.append({"code": OUTSIDE_STAY, "names": audiences.names(away)})


def _away(person: Person, event: Event) -> bool:
    """Not yet arrived when the event starts, or gone before it ends (where the dates are known)."""
    arrived_late = person.arrival_at is not None and event.starts_at < person.arrival_at
    left_early = person.departure_at is not None and event.ends_at > person.departure_at
    return arrived_late or left_early


def _names(names: list[str], html: bool) -> str:
    shown, rest = names[:NAMES_SHOWN], len(names) - NAMES_SHOWN
    text = (
        format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name in shown))
        if html
        else ", ".join(shown)
    )
    if rest > 0:
        more = ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
        text = format_html("{} {}", text, more) if html else f"{text} {more}"
    return text


def warning_text(warning: dict, html: bool = False) -> str | SafeString:
    """One warning in the active language: plain text (the API), or HTML with names isolated in
    <bdi> (the pages)."""
    code = warning["code"]
    if code == OUTSIDE_PROGRAMME:
        text = _("The event lies outside the season's programme days (%(first)s – %(last)s).") % {
            "first": date_format(_date(warning["first"])),
            "last": date_format(_date(warning["last"])),
        }
        return format_html("{}", text) if html else text
    count = len(warning["names"])
    if code == OVERLAP:
        message = ngettext(
            "%(names)s is expected at “%(event)s” (%(time)s) at the same time.",
            "%(names)s are expected at “%(event)s” (%(time)s) at the same time.",
            count,
        )
        time = date_format(
            timezone.localtime(dt.datetime.fromisoformat(warning["starts_at"])),
            "SHORT_DATETIME_FORMAT",
        )
        title = format_html("<bdi>{}</bdi>", warning["title"]) if html else warning["title"]
        params = {"names": _names(warning["names"], html), "event": title, "time": time}
    elif code == OUTSIDE_STAY:
        message = ngettext(
            "%(names)s is not yet or no longer in Heidelberg then (arrival or departure).",
            "%(names)s are not yet or no longer in Heidelberg then (arrival or departure).",
            count,
        )
        params = {"names": _names(warning["names"], html)}
    else:
        raise ValueError(f"Unknown programme warning {warning!r}")
    if html:
        # The message is ours, escaped as text; the parameters are escaped above (names, title).
        return mark_safe(escape(message) % {k: conditional_escape(v) for k, v in params.items()})
    return message % params


def warning_texts(warnings: Iterable[dict], html: bool = False) -> list:
    return [warning_text(warning, html) for warning in warnings]


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
