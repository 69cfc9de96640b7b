"""What the programme's week and day pages show, read in a fixed number of queries: the events a
reader sees on each day, how many of the reader's participants each expects, and (for the office)
each event's clashes in the reader's language."""

import datetime as dt
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString

from ish.accounts.models import User
from ish.programme.audiences import Audiences, lists_of, participants_in_scope
from ish.programme.clashes import clashes, warning_texts
from ish.programme.models import Event
from ish.programme.selectors import day_bounds, events_visible_to
from ish.seasons.models import Season


@dataclass
class Shown:
    event: Event
    expected: int
    warnings: list[SafeString] = field(default_factory=list)


@dataclass
class Day:
    day: dt.date
    events: list[Shown]


def chosen_day(season: Season, query: QueryDict, name: str) -> dt.date:
    """The day `query[name]` names (YYYY-MM-DD), else today while the season runs, else the
    season's first programme day."""
    try:
        day = dt.date.fromisoformat(query.get(name, ""))
    except ValueError:
        day = None
    if day is not None and 1900 <= day.year <= 2100:
        return day
    today = timezone.localdate()
    return today if season.starts_on <= today <= season.ends_on else season.starts_on


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def days_shown(user: User, season: Season, first: dt.date, count: int) -> list[Day]:
    """The days `first` … `first + count - 1`, each with the events taking place on it (an event
    across midnight on both days), in order."""
    start, _end = day_bounds(first)
    _start, end = day_bounds(first + dt.timedelta(days=count - 1))
    events = list(
        events_visible_to(user)
        .filter(season=season, starts_at__lt=end, ends_at__gt=start)
        .order_by("starts_at", "title", "pk")
    )
    lists = lists_of(event.pk for event in events)
    within = None if user.is_organiser else participants_in_scope(user)
    audiences = Audiences(season.pk, within=within)
    warnings = clashes(events) if user.is_organiser else {}
    shown = [
        Shown(
            event,
            len(audiences.expected(event, lists)),
            warning_texts(warnings.get(event.pk, []), html=True),
        )
        for event in events
    ]
    days = []
    for offset in range(count):
        day = first + dt.timedelta(days=offset)
        day_start, day_end = day_bounds(day)
        days.append(
            Day(
                day,
                [s for s in shown if s.event.starts_at < day_end and s.event.ends_at > day_start],
            )
        )
    return days
