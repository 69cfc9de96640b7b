"""Every change to the programme's events, with its rules: creating and changing one (a change a
calendar shows raises its SEQUENCE), cancelling, deleting while nobody has been marked, copying a
day and copying last season's programme into a new season. Clashes are warnings, never refusals:
ish.programme.clashes reads them."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.errors import RuleViolation
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.programme.models import Event
from ish.programme.selectors import day_bounds, participants_of
from ish.seasons.models import City, Season

Audience = Event.Audience

# What an event is made of besides its audience's lists, as create_event and update_event take it.
EVENT_FIELDS = (
    "title", "title_translations", "kind", "starts_at", "ends_at", "place", "address",
    "meeting_point", "audience", "meal", "notes",
)  # fmt: skip
# What a calendar shows of an event (ish.programme.calendars): a change to any of these, or to
# who attends, raises the event's SEQUENCE so that every feed's reader updates their copy.
CALENDAR_FIELDS = frozenset(EVENT_FIELDS) - {"kind", "meal"}
# The list each audience names; the others are emptied when the audience changes.
AUDIENCE_LISTS = {Audience.CITIES: "cities", Audience.LABS: "labs"}
AUDIENCE_LISTS[Audience.PARTICIPANTS] = "participants"


def local_day(moment: dt.datetime) -> dt.date:
    """The Heidelberg calendar date of a moment."""
    return timezone.localtime(moment).date()


def moved_to(moment: dt.datetime, days: int) -> dt.datetime:
    """The same Heidelberg clock time `days` later (across a change of summer time, too)."""
    local = timezone.localtime(moment)
    day = local.date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, local.time(), tzinfo=timezone.get_current_timezone())


def _lists(
    season: Season,
    audience: str,
    cities: Iterable[City] | None,
    labs: Iterable[Lab] | None,
    participants: Iterable[Nomination] | None,
) -> dict[str, list]:
    """The audience's own list, checked; the other two empty. A city, lab or participant list
    given for another audience is a mistake the writer should hear of, not silently dropped."""
    given = {"cities": cities, "labs": labs, "participants": participants}
    chosen = AUDIENCE_LISTS.get(audience)
    errors = {}
    for name, values in given.items():
        if name != chosen and values:
            errors[name] = _("Leave this empty: the event is for %(audience)s.") % {
                "audience": Audience(audience).label
            }
    lists = {name: [] for name in given}
    if chosen:
        lists[chosen] = list(given[chosen] or [])
        if not lists[chosen]:
            errors[chosen] = _("Choose at least one: the event is for %(audience)s.") % {
                "audience": Audience(audience).label
            }
    if lists["participants"]:
        holding = set(
            participants_of(season)
            .filter(pk__in=[nomination.pk for nomination in lists["participants"]])
            .values_list("pk", flat=True)
        )
        strangers = [n for n in lists["participants"] if n.pk not in holding]
        if strangers:
            errors["participants"] = _(
                "Only participants of this season (students holding a place) can be listed: "
                "%(names)s."
            ) % {"names": ", ".join(nomination.full_name for nomination in strangers)}
    if errors:
        raise ValidationError(errors)
    return lists


def _checked(event: Event) -> None:
    """The model's rules (each message names its field)."""
    event.full_clean(exclude=["cities", "labs", "participants"])


@transaction.atomic
def create_event(
    *,
    actor: User,
    season: Season,
    cities: Iterable[City] | None = None,
    labs: Iterable[Lab] | None = None,
    participants: Iterable[Nomination] | None = None,
    **values,
) -> Event:
    """A new event of `season`; `values` are EVENT_FIELDS (title, kind, starts_at and ends_at
    required)."""
    ensure_organiser(actor)
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an event: {sorted(unknown)}")
    event = Event(season=season, **values)
    _checked(event)
    lists = _lists(season, event.audience, cities, labs, participants)
    event.save()
    for name, members in lists.items():
        getattr(event, name).set(members)
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    actor: User,
    cities: Iterable[City] | None = None,
    labs: Iterable[Lab] | None = None,
    participants: Iterable[Nomination] | None = None,
    **values,
) -> Event:
    """Change the given fields (EVENT_FIELDS) and, for the event's audience, its list (left as it
    is when not given). SEQUENCE grows by one when anything a calendar shows changed."""
    ensure_organiser(actor)
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an event: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    members_before = _members(event)
    for name, value in values.items():
        setattr(event, name, value)
    _checked(event)
    given = {"cities": cities, "labs": labs, "participants": participants}
    chosen = AUDIENCE_LISTS.get(event.audience)
    # A list not given stays as it is if the audience still names it.
    for name in given:
        if given[name] is None and name == chosen:
            given[name] = list(getattr(event, name).all())
    lists = _lists(event.season, event.audience, **given)
    changed = any(getattr(event, name) != before[name] for name in CALENDAR_FIELDS)
    changed = changed or _member_ids(lists) != members_before
    if changed:
        event.sequence += 1
    event.save()
    for name, members in lists.items():
        getattr(event, name).set(members)
    return event


def _members(event: Event) -> dict[str, set[int]]:
    return {
        "cities": set(event.cities.values_list("pk", flat=True)),
        "labs": set(event.labs.values_list("pk", flat=True)),
        "participants": set(event.participants.values_list("pk", flat=True)),
    }


def _member_ids(lists: dict[str, list]) -> dict[str, set[int]]:
    return {name: {member.pk for member in members} for name, members in lists.items()}


@transaction.atomic
def cancel_event(event: Event, *, actor: User) -> Event:
    """The event stays in the programme and in every calendar, marked cancelled. Cancelling a
    cancelled event changes nothing."""
    ensure_organiser(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at is None:
        event.cancelled_at = timezone.now()
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    return event


@transaction.atomic
def delete_event(event: Event, *, actor: User) -> None:
    """Only an event nobody has been marked at goes away; otherwise its attendance is a record
    the office keeps, so the event is cancelled instead."""
    ensure_organiser(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.attendances.exists():
        raise RuleViolation(
            _(
                "Attendance has been marked at “%(event)s”, so it cannot be deleted; cancel it "
                "instead."
            )
            % {"event": event.display_title}
        )
    event.delete()


def _copy(event: Event, season: Season, days: int, *, participants: bool) -> Event:
    copy = Event.objects.create(
        season=season,
        **{
            name: getattr(event, name)
            for name in EVENT_FIELDS
            if name not in {"starts_at", "ends_at"}
        },
        starts_at=moved_to(event.starts_at, days),
        ends_at=moved_to(event.ends_at, days),
    )
    copy.cities.set(event.cities.all())
    copy.labs.set(event.labs.all())
    if participants:
        copy.participants.set(event.participants.all())
    return copy


@transaction.atomic
def copy_day(season: Season, day: dt.date, to: dt.date, *, actor: User) -> list[Event]:
    """Every event of `season` starting on `day` (Heidelberg), again on `to` at the same clock
    times and for the same audience. Cancelled events are not copied."""
    ensure_organiser(actor)
    if day == to:
        raise ValidationError({"to": _("Choose another day than the one copied.")})
    start, end = day_bounds(day)
    events = (
        season.events.filter(starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True)
        .prefetch_related("cities", "labs", "participants")
        .order_by("starts_at", "pk")
    )
    days = (to - day).days
    return [_copy(event, season, days, participants=True) for event in events]


@dataclass
class SeasonCopy:
    """What copy_season did: `copied` events (in order), those among them whose listed
    participants were not carried over (`without_participants`: the new season has other
    students; choose them again), and the cancelled events left out (`left_out`)."""

    copied: list[Event] = field(default_factory=list)
    without_participants: list[Event] = field(default_factory=list)
    left_out: list[Event] = field(default_factory=list)


@transaction.atomic
def copy_season(source: Season, target: Season, *, actor: User) -> SeasonCopy:
    """Last season's programme in a new season: each event moved by the whole days between the
    two seasons' first programme days, at the same Heidelberg clock times (so the weekdays move
    with them only if the seasons start on the same weekday). Cities and labs stay the audience;
    a list of participants cannot (they were last year's students)."""
    ensure_organiser(actor)
    if source.pk == target.pk:
        raise ValidationError({"source": _("Choose another season than the one copied into.")})
    Season.objects.select_for_update().get(pk=target.pk)  # two copies at once would double it
    if target.events.exists():
        raise RuleViolation(
            _("%(season)s already has a programme; copy into a season without events.")
            % {"season": target.title}
        )
    days = (target.starts_on - source.starts_on).days
    result = SeasonCopy()
    events = source.events.prefetch_related("cities", "labs", "participants").order_by(
        "starts_at", "pk"
    )
    for event in events:
        if event.is_cancelled:
            result.left_out.append(event)
            continue
        copy = _copy(event, target, days, participants=False)
        result.copied.append(copy)
        if event.audience == Audience.PARTICIPANTS:
            result.without_participants.append(copy)
    return result
