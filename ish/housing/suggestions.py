"""Suggested beds: a proposal for every accepted student without one, never overbooking a night,
avoiding warnings and spreading each city's students over the places."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.housing.models import Accommodation, HousingAssignment, HousingChange
from ish.housing.rules import default_stay, nights_between, warnings_for
from ish.housing.services import occupancy
from ish.nominations.models import Nomination
from ish.seasons.models import Season


@dataclass
class Suggestions:
    proposed: int = 0
    unplaced: dict[int, str] = field(default_factory=dict)  # nomination id → why


@transaction.atomic
def suggest(season: Season, *, actor: User) -> Suggestions:
    """Propose a bed for every accepted student without one.

    Each student, earliest arrival first, gets the place with free beds on every night of their
    stay, choosing (in order) the fewest warnings, the fewest students of their own city at the
    same time, and the fullest place (so rooms fill up rather than spread thin). Never overbooks:
    every accommodation is locked and its nights counted before anything is proposed.
    """
    ensure_organiser(actor)
    places = list(Accommodation.objects.select_for_update(no_key=True).order_by("pk"))
    housed = HousingAssignment.objects.filter(
        nomination=OuterRef("pk"), status__in=HousingAssignment.OCCUPYING
    )
    students = list(
        Nomination.objects.filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .filter(~Exists(housed))
        .select_related("season", "city")
    )
    stays = {student.pk: default_stay(student) for student in students}
    students.sort(key=lambda student: (stays[student.pk][0], student.pk))
    result = Suggestions()
    if not students:
        return result
    start = min(stay[0] for stay in stays.values())
    end = max(stay[1] for stay in stays.values())
    guests = occupancy([place.pk for place in places], start, end)
    cities: Counter = Counter()  # (place id, night, city id) → students of that city
    for place_id, night, city_id in _city_nights(places, start, end):
        cities[place_id, night, city_id] += 1
    for student in students:
        check_in, check_out = stays[student.pk]
        nights = list(nights_between(check_in, check_out))
        candidates = []
        for place in places:
            if check_in < place.available_from or check_out > place.available_until:
                continue
            if any(guests[place.pk, night] >= place.beds for night in nights):
                continue
            warnings = warnings_for(student, place)
            same_city = max((cities[place.pk, n, student.city_id] for n in nights), default=0)
            free = min(place.beds - guests[place.pk, night] for night in nights)
            candidates.append(((len(warnings), same_city, free, place.pk), place, warnings))
        if not candidates:
            result.unplaced[student.pk] = _why_unplaced(places, check_in, check_out)
            continue
        _, place, warnings = min(candidates, key=lambda candidate: candidate[0])
        assignment = HousingAssignment.objects.create(
            nomination=student,
            accommodation=place,
            check_in=check_in,
            check_out=check_out,
            warnings=warnings,
        )
        HousingChange.record(assignment, "suggest", "", actor=actor)
        for night in nights:
            guests[place.pk, night] += 1
            cities[place.pk, night, student.city_id] += 1
        result.proposed += 1
    return result


def _city_nights(places, start: dt.date, end: dt.date):
    for place_id, city_id, check_in, check_out in HousingAssignment.objects.filter(
        accommodation__in=places,
        status__in=HousingAssignment.OCCUPYING,
        check_in__lt=end,
        check_out__gt=start,
    ).values_list("accommodation_id", "nomination__city_id", "check_in", "check_out"):
        for night in nights_between(max(check_in, start), min(check_out, end)):
            yield place_id, night, city_id


def _why_unplaced(places, check_in: dt.date, check_out: dt.date) -> str:
    if not any(p.available_from <= check_in and check_out <= p.available_until for p in places):
        return _("No accommodation is available for the whole stay (%(start)s to %(end)s).") % {
            "start": date_format(check_in),
            "end": date_format(check_out),
        }
    return _("Every accommodation available for the stay is full on at least one night.")
