"""What the office's housing calendar shows, read for the user as the selectors scope it: the
occupancy calendar with its assignments and who still needs a bed."""

import datetime as dt
from dataclasses import dataclass

from ish.accounts.models import User
from ish.housing.models import HousingAssignment
from ish.housing.rules import describe_nights
from ish.housing.selectors import (
    CELL_STATES,
    OccupancyCalendar,
    assignments_visible_to,
    occupancy_calendar,
)
from ish.housing.services import WORKFLOW
from ish.nominations.models import Nomination
from ish.seasons.models import Season

Status = HousingAssignment.Status
Stretches = tuple[tuple[dt.date, dt.date], ...]  # (check-in, check-out) of nights without a bed
# The list shows the office's work first.
STATUS_ORDER = {Status.PROPOSED: 0, Status.CONFIRMED: 1, Status.CANCELLED: 2}


@dataclass(frozen=True)
class StudentNights:
    """A student with the nights of their stay that no bed covers."""

    student: Nomination
    gaps: Stretches

    @property
    def nights(self) -> str:
        return describe_nights(list(self.gaps))


@dataclass(frozen=True)
class StudentReason:
    """A student the last suggestion left without a bed, and why."""

    student: Nomination
    reason: str


@dataclass(frozen=True)
class Bed:
    """A proposed or confirmed bed with the actions the reader may take on it (its buttons)."""

    assignment: HousingAssignment
    actions: tuple[str, ...]


@dataclass(frozen=True)
class CalendarPage:
    calendar: OccupancyCalendar
    beds: tuple[Bed, ...]  # proposed and confirmed, the office's work first
    cancelled: tuple[HousingAssignment, ...]
    without_bed: tuple[Nomination, ...]
    partly_housed: tuple[StudentNights, ...]  # housed, but not every night of their stay
    unplaced: tuple[StudentReason, ...]

    @property
    def assignments(self) -> tuple[HousingAssignment, ...]:
        return tuple(bed.assignment for bed in self.beds)

    @property
    def proposed(self) -> int:
        return sum(assignment.status == Status.PROPOSED for assignment in self.assignments)

    @property
    def confirmed(self) -> int:
        return sum(assignment.status == Status.CONFIRMED for assignment in self.assignments)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(CELL_STATES.items())


def calendar_page(
    user: User,
    season: Season,
    needing: list[tuple[Nomination, list[tuple[dt.date, dt.date]]]],
    reasons: dict[int, str],
) -> CalendarPage:
    """The season's calendar and beds. `needing` are the students with nights still without a
    bed (students_needing_a_bed, which the assignment form offers too); `reasons` why the last
    suggestion left students without one, by their id."""
    assignments = sorted(
        assignments_visible_to(user).filter(nomination__season=season),
        key=lambda a: (STATUS_ORDER[a.status], a.check_in, a.nomination.family_name, a.pk),
    )
    housed = {a.nomination_id for a in assignments if a.status in HousingAssignment.OCCUPYING}
    without_bed = tuple(student for student, _gaps in needing if student.pk not in housed)
    return CalendarPage(
        calendar=occupancy_calendar(season),
        beds=tuple(
            Bed(a, tuple(WORKFLOW.names_available(a, user)))
            for a in assignments
            if a.status != Status.CANCELLED
        ),
        cancelled=tuple(a for a in assignments if a.status == Status.CANCELLED),
        without_bed=without_bed,
        partly_housed=tuple(
            StudentNights(student, tuple(gaps)) for student, gaps in needing if student.pk in housed
        ),
        unplaced=tuple(
            StudentReason(student, reasons[student.pk])
            for student in without_bed
            if student.pk in reasons
        ),
    )
