"""Reads of the programme, scoped by role: who an event expects, and which events a user sees
(the office all; a coordinator those their city's participants attend; a lab host those their
lab's students attend; a participant their own)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.models import Event
from ish.seasons.models import Season

Audience = Event.Audience


def participants_of(season: Season | int) -> QuerySet[Nomination]:
    """The season's participants: the students who hold a place."""
    return Nomination.objects.filter(season=season, status__in=Nomination.HOLDS_A_PLACE)


def placed_in(lab_ids) -> QuerySet[Placement]:
    """The placements that make a student one of a lab's students (`lab_ids`: ids or a
    subquery of them)."""
    return Placement.objects.filter(lab_id__in=lab_ids, status=Placement.Status.ACCEPTED)


def students_of_lab(lab_id: int) -> QuerySet[Nomination]:
    return Nomination.objects.filter(pk__in=placed_in([lab_id]).values("nomination_id"))


def expected_at(event: Event) -> QuerySet[Nomination]:
    """Every participant the event's audience names. A withdrawn student drops out by
    themselves: they no longer hold a place."""
    participants = participants_of(event.season_id)
    if event.audience == Audience.CITIES:
        return participants.filter(city__in=event.cities.values("id"))
    if event.audience == Audience.LABS:
        labs = event.labs.values("id")
        return participants.filter(pk__in=placed_in(labs).values("nomination_id"))
    if event.audience == Audience.PARTICIPANTS:
        return participants.filter(pk__in=event.participants.values("id"))
    return participants


def attended_by(nominations: QuerySet[Nomination]) -> Q:
    """A filter on events: those whose audience takes in at least one of `nominations` as a
    participant of the event's season. The same rule as `expected_at`, seen from the other
    side (tests hold the two to each other)."""
    attending = nominations.filter(season=OuterRef("season"), status__in=Nomination.HOLDS_A_PLACE)
    event = OuterRef(OuterRef("pk"))
    cities = Event.cities.through.objects.filter(event=event).values("city_id")
    listed = Event.participants.through.objects.filter(event=event).values("nomination_id")
    labs = Event.labs.through.objects.filter(event=OuterRef(event)).values("lab_id")
    placed = placed_in(labs).filter(nomination=OuterRef("pk"))
    return (
        (Q(audience=Audience.EVERYONE) & Q(Exists(attending)))
        | (Q(audience=Audience.CITIES) & Q(Exists(attending.filter(city_id__in=cities))))
        | (Q(audience=Audience.LABS) & Q(Exists(attending.filter(Exists(placed)))))
        | (Q(audience=Audience.PARTICIPANTS) & Q(Exists(attending.filter(pk__in=listed))))
    )


def events_visible_to(user: User) -> QuerySet[Event]:
    events = Event.objects.select_related("season")
    if user.is_organiser:
        return events
    if user.is_coordinator:
        return events.filter(attended_by(Nomination.objects.filter(city_id=user.city_id)))
    if user.is_lab_host:
        return events.filter(attended_by(students_of_lab(user.lab_id)))
    return events.none()


def events_of(nomination: Nomination) -> QuerySet[Event]:
    """A participant's own programme (their self-service page and calendar)."""
    return Event.objects.filter(attended_by(Nomination.objects.filter(pk=nomination.pk)))


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of `day` in Heidelberg and the first of the next day."""
    here = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=here)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=here)


def events_on(events: QuerySet[Event], day: dt.date) -> QuerySet[Event]:
    """The events of `events` that take place on `day` (Heidelberg time), cancelled ones not."""
    start, end = day_bounds(day)
    return events.filter(starts_at__lt=end, ends_at__gt=start, cancelled_at=None)
