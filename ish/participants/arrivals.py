"""The office's arrivals page: accepted students by day of arrival and of departure, each with
the bed they go to, and the students who have not answered their self-service link yet."""

import datetime as dt
from dataclasses import dataclass

from ish.accounts.models import User
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.pages import Stretches
from ish.housing.rules import describe_nights
from ish.housing.selectors import (
    arrivals_and_departures,
    assignments_visible_to,
    nights_without_bed,
)
from ish.nominations.models import Nomination
from ish.participants.selectors import unanswered
from ish.seasons.models import Season


@dataclass(frozen=True)
class Traveller:
    """A student arriving or leaving, the place they stay at (a proposed or confirmed bed), and
    the nights between their arrival and departure that their beds leave uncovered."""

    student: Nomination
    place: Accommodation | None
    gaps: Stretches = ()

    @property
    def nights_without_bed(self) -> str:
        return describe_nights(list(self.gaps))


@dataclass(frozen=True)
class TravelDay:
    on: dt.date
    arrivals: tuple[Traveller, ...]
    departures: tuple[Traveller, ...]


@dataclass(frozen=True)
class ArrivalsPage:
    days: tuple[TravelDay, ...]
    unanswered: tuple[Nomination, ...]  # accepted, and not yet answered through their link

    @property
    def arriving(self) -> int:
        return sum(len(day.arrivals) for day in self.days)

    @property
    def departing(self) -> int:
        return sum(len(day.departures) for day in self.days)


def arrivals_page(user: User, season: Season) -> ArrivalsPage:
    """Accepted students by day of arrival and of departure, each with their bed."""
    beds = {
        assignment.nomination_id: assignment.accommodation
        for assignment in assignments_visible_to(user)
        .filter(nomination__season=season, status__in=HousingAssignment.OCCUPYING)
        .order_by("check_in")
    }
    days = arrivals_and_departures(season)
    travellers = [
        student for moves in days.values() for student in [*moves["arrivals"], *moves["departures"]]
    ]
    needed = nights_without_bed(user, travellers)

    def traveller(student: Nomination) -> Traveller:
        place = beds.get(student.pk)
        # A student without a bed is "no bed yet"; only the housed can have nights uncovered.
        return Traveller(student, place, tuple(needed.get(student.pk, ())) if place else ())

    return ArrivalsPage(
        days=tuple(
            TravelDay(
                day,
                tuple(traveller(student) for student in moves["arrivals"]),
                tuple(traveller(student) for student in moves["departures"]),
            )
            for day, moves in days.items()
        ),
        unanswered=tuple(unanswered(season)),
    )
