"""Catering and logistics for the office: how many eat at an event and what they eat, and for a
day, which participants each event expects and who is expected at none (organisers only: diets
and allergies are health data, seen by the office alone)."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from ish.housing.models import DietaryOption
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.audiences import Audiences, lists_of
from ish.programme.diets import read_diet
from ish.programme.models import Attendance, Event
from ish.programme.selectors import events_on, expected_at, participants_of
from ish.seasons.models import Season

NO_SPECIAL_DIET = "none"
NO_SPECIAL_DIET_LABEL = _("no special diet")
# Marked as not coming (excused beforehand) or found not there: no meal is ordered for them.
NOT_COMING = (Attendance.Status.EXCUSED, Attendance.Status.ABSENT)


@dataclass(frozen=True)
class Catering:
    """The numbers a caterer needs for one event.

    `expected`: the participants the event's audience names (selectors.expected_at), less those
    marked excused or absent — someone excused said beforehand they would not come, and someone
    marked absent was not there when the list was taken; the unmarked and those marked present
    are counted. `meals`: the meals to order, the same number when the event provides a meal
    and 0 when it provides none, so the two differ for an event without a meal.
    `diets`: DietaryOption values (and NO_SPECIAL_DIET) → how many of the expected keep it; a
    participant keeping two diets (vegetarian and nut-free) counts in both. `other`: each
    dietary text not fully understood, whole, so the caterer reads it. `allergies`: each
    expected participant's allergies as they wrote them."""

    event: Event
    expected: int
    meals: int
    diets: dict[str, int]
    other: list[str]
    allergies: list[str]

    def diet_labels(self) -> list[tuple[str, int]]:
        """The diets as (label in the reader's language, count), in DietaryOption's order, the
        participants without a special diet last; diets nobody keeps are left out."""
        labels = [(str(label), self.diets.get(value, 0)) for value, label in DietaryOption.choices]
        labels.append((str(NO_SPECIAL_DIET_LABEL), self.diets.get(NO_SPECIAL_DIET, 0)))
        return [(label, count) for label, count in labels if count]


def coming_to(event: Event) -> QuerySet[Nomination]:
    """The participants the event still expects: the audience less those marked excused or
    absent (see Catering)."""
    marked_away = Attendance.objects.filter(
        event=event, nomination=OuterRef("pk"), status__in=NOT_COMING
    )
    return expected_at(event).filter(~Exists(marked_away))


def catering_for(event: Event) -> Catering:
    """The event's counts, diets and allergies (one query, however many participants)."""
    texts = coming_to(event).order_by("pk").values_list("dietary_requirements", "allergies")
    return _counted(event, list(texts))


def meals_on(events: QuerySet[Event], day: dt.date) -> list[Catering]:
    """Every meal of the day with its counts, for the caterer's e-mail. Two queries, however
    many meals and participants: the meals, then who each still expects, each meal's `coming_to`
    joined into one (UNION ALL), so every meal is counted by the rule of its own catering."""
    meals = list(events_on(events, day).exclude(meal=Event.Meal.NONE))
    if not meals:
        return []
    coming = [
        coming_to(meal)
        .order_by()
        .values_list(Value(meal.pk), "pk", "dietary_requirements", "allergies")
        for meal in meals
    ]
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    # By meal, then participant: the order `catering_for` reads them in.
    for meal_id, _pk, requirements, allergy in sorted(coming[0].union(*coming[1:], all=True)):
        texts[meal_id].append((requirements, allergy))
    return [_counted(meal, texts[meal.pk]) for meal in meals]


def _counted(event: Event, texts: list[tuple[str, str]]) -> Catering:
    """The catering of `event` from the (dietary requirements, allergies) of those it expects."""
    diets: Counter[str] = Counter()
    other, allergies = [], []
    for requirements, allergy in texts:
        reading = read_diet(requirements, allergy)
        diets.update(reading.diets)
        if reading.unread:
            other.append(requirements.strip())
        elif not reading.diets:
            diets[NO_SPECIAL_DIET] += 1
        if allergy.strip():
            allergies.append(allergy.strip())
    return Catering(
        event=event,
        expected=len(texts),
        meals=len(texts) if event.has_meal else 0,
        diets=dict(diets),
        other=sorted(other, key=str.casefold),
        allergies=sorted(allergies, key=str.casefold),
    )


@dataclass
class Whereabouts:
    """Where one event's participants are, or the participants no event expects that day."""

    event: Event | None
    participants: list[Nomination] = field(default_factory=list)


def who_is_where(season: Season, events: QuerySet[Event], day: dt.date) -> list[Whereabouts]:
    """For each event of `day`, the participants it expects (less those marked excused or
    absent), then the season's participants expected at none, each with their lab (`lab_name`),
    so the office knows who is in their lab or free. A fixed number of queries, however many
    events and participants (the audiences read at once, as the week view does)."""
    day_events = list(events_on(events, day))
    audiences = Audiences(season.pk)
    lists = lists_of(event.pk for event in day_events)
    away = set(
        Attendance.objects.filter(event__in=day_events, status__in=NOT_COMING).values_list(
            "event_id", "nomination_id"
        )
    )
    plan = [
        (event, {pk for pk in audiences.expected(event, lists) if (event.pk, pk) not in away})
        for event in day_events
    ]
    labs = dict(
        Placement.objects.filter(nomination__season=season, status=Placement.Status.ACCEPTED)
        .order_by("pk")
        .values_list("nomination_id", "lab__name")
    )
    people = list(
        participants_of(season)
        .select_related("city")
        .only("given_name", "family_name", "city__name", "city__slug", "season_id")
        .order_by("family_name", "given_name", "pk")
    )
    for person in people:
        person.lab_name = labs.get(person.pk, "")
    where = [Whereabouts(event, [p for p in people if p.pk in ids]) for event, ids in plan]
    anywhere = set().union(*(ids for _event, ids in plan))
    where.append(Whereabouts(None, [p for p in people if p.pk not in anywhere]))
    return where
