"""Who many events expect at once, read in a fixed number of queries: the same rule as
`selectors.expected_at` (tests hold the two to each other), expanded in memory so that a week of
200 events costs no more queries than a week of 10."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.models import Event
from ish.programme.selectors import participants_of, students_of_lab

Audience = Event.Audience


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    city_id: int
    arrival_at: dt.datetime | None
    departure_at: dt.datetime | None


@dataclass
class Lists:
    """Each event's chosen cities (id, slug), labs (ids) and listed participants (ids)."""

    cities: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    labs: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    participants: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def lists_of(event_ids: Iterable[int]) -> Lists:
    """The audience lists of the events `event_ids`, in three queries."""
    ids = list(event_ids)
    lists = Lists()
    if not ids:
        return lists
    cities = Event.cities.through.objects.filter(event_id__in=ids).order_by("city__slug")
    for event_id, city_id, slug in cities.values_list("event_id", "city_id", "city__slug"):
        lists.cities[event_id].append((city_id, slug))
    labs = Event.labs.through.objects.filter(event_id__in=ids).order_by("lab_id")
    for event_id, lab_id in labs.values_list("event_id", "lab_id"):
        lists.labs[event_id].append(lab_id)
    listed = Event.participants.through.objects.filter(event_id__in=ids).order_by("nomination_id")
    for event_id, nomination_id in listed.values_list("event_id", "nomination_id"):
        lists.participants[event_id].append(nomination_id)
    return lists


class Audiences:
    """A season's participants (those among `within`, when given: a reader's scope) and its
    lab students, read once; `expected(event, lists)` is then a set of their ids."""

    def __init__(self, season_id: int, within: QuerySet[Nomination] | None = None):
        people = participants_of(season_id)
        if within is not None:
            people = people.filter(pk__in=within.values("pk"))
        self.people = {
            row[0]: Person(row[0], f"{row[1]} {row[2]}", row[3], row[4], row[5])
            for row in people.order_by("family_name", "given_name", "pk").values_list(
                "pk", "given_name", "family_name", "city_id", "arrival_at", "departure_at"
            )
        }
        self._order = {pk: place for place, pk in enumerate(self.people)}
        self.lab_students: dict[int, set[int]] = defaultdict(set)
        placed = Placement.objects.filter(
            status=Placement.Status.ACCEPTED, nomination__season_id=season_id
        )
        for lab_id, nomination_id in placed.values_list("lab_id", "nomination_id"):
            if nomination_id in self.people:
                self.lab_students[lab_id].add(nomination_id)

    def expected(self, event: Event, lists: Lists) -> set[int]:
        if event.audience == Audience.CITIES:
            cities = {city_id for city_id, _slug in lists.cities[event.pk]}
            return {pk for pk, person in self.people.items() if person.city_id in cities}
        if event.audience == Audience.LABS:
            return set().union(*(self.lab_students[lab] for lab in lists.labs[event.pk]))
        if event.audience == Audience.PARTICIPANTS:
            return {pk for pk in lists.participants[event.pk] if pk in self.people}
        return set(self.people)

    def names(self, ids: Iterable[int]) -> list[str]:
        """The participants `ids` by name, in the order of the list (family name first)."""
        return [self.people[pk].name for pk in sorted(ids, key=self._order.__getitem__)]


def participants_in_scope(user: User) -> QuerySet[Nomination]:
    """The participants a user may see by name on the programme: the office all; a coordinator
    their city's; a lab host their lab's students (accepted placements, as the events they see)."""
    if user.is_organiser:
        return Nomination.objects.filter(status__in=Nomination.HOLDS_A_PLACE)
    if user.is_coordinator:
        return Nomination.objects.filter(status__in=Nomination.HOLDS_A_PLACE, city_id=user.city_id)
    if user.is_lab_host:
        return students_of_lab(user.lab_id).filter(status__in=Nomination.HOLDS_A_PLACE)
    return Nomination.objects.none()
