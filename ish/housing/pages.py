"""What the office's housing calendar shows, read for the user as the selectors scope it: the
occupancy calendar with its assignments and who still needs a bed."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Case, Count, When
from django.http import QueryDict
from django.utils import timezone

from ish.accounts.models import User
from ish.housing.models import HousingAssignment
from ish.housing.rules import default_stay, describe_nights
from ish.housing.selectors import (
    CELL_STATES,
    Night,
    OccupancyCalendar,
    accommodations_visible_to,
    assignments_visible_to,
    nights_without_bed,
    occupancy_calendar,
    season_nights,
    students_partly_housed,
    students_without_bed,
)
from ish.housing.services import WORKFLOW
from ish.nominations.models import Nomination
from ish.pagination import page_of
from ish.seasons.models import Season
from ish.sorting import Sorted, Sorting

Status = HousingAssignment.Status
Stretches = tuple[tuple[dt.date, dt.date], ...]  # (check-in, check-out) of nights without a bed
# The list shows the office's work first.
STATUS_ORDER = {Status.PROPOSED: 0, Status.CONFIRMED: 1, Status.CANCELLED: 2}
BY_STUDENT = ("nomination__family_name", "nomination__given_name")
# The assignments table's column headers; unless one is asked for, the office's work first,
# then by check-in.
BED_SORTING = Sorting(
    {
        "status": (
            Case(*(When(status=status, then=order) for status, order in STATUS_ORDER.items())),
            "check_in",
            *BY_STUDENT,
        ),
        "student": (*BY_STUDENT, "check_in"),
        "city": ("nomination__city__name", *BY_STUDENT, "check_in"),
        "place": ("accommodation__name", "check_in", *BY_STUDENT),
        "check_in": ("check_in", *BY_STUDENT),
        "check_out": ("check_out", *BY_STUDENT),
    },
    default="status",
)
# The calendar shows a week of nights for a page of places at a time, and the beds a page at a
# time: the page stays the same size however large the season grows.
NIGHTS_PER_WEEK = 7
PLACES_PER_PAGE = 25
BEDS_PER_PAGE = 50
STUDENTS_PER_PAGE = 50


@dataclass(frozen=True)
class StudentNights:
    """A student with the nights of their stay that no bed covers."""

    student: Nomination
    gaps: Stretches

    @property
    def first(self) -> tuple[dt.date, dt.date] | None:
        """The first stretch without a bed: the dates the assignment form starts from."""
        return self.gaps[0] if self.gaps else None

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
class Week:
    """One window of the calendar's nights, as its navigation links to it."""

    first: Night
    last: Night
    query: str  # the page's query string showing this week
    current: bool


@dataclass(frozen=True)
class CalendarPage:
    calendar: OccupancyCalendar  # the chosen week's nights, for the places of `places`
    weeks: tuple[Week, ...]
    places: Page  # of Accommodation
    beds: Page  # of Bed: proposed and confirmed, as `beds_sorted` says (the office's work first)
    cancelled_beds: Page  # of HousingAssignment
    counts: dict[str, int]  # assignments per status, over the whole season
    waiting: Page  # of StudentNights: students without any bed, their whole stay
    partly: Page  # of StudentNights: housed, but not every night of their stay
    reasons: dict[int, str]  # why the last suggestion left them without a bed, by student
    kept: str = ""  # the page's query without the student chosen for the assignment form
    names: bool = False  # the cells name their guests (`?names=1`)
    names_query: str = ""  # the page's query with the names shown if they are not, else hidden
    beds_sorted: Sorted | None = None  # how the assignments are sorted, for their headers

    @property
    def without_bed(self) -> tuple[Nomination, ...]:
        """The page's students without a bed."""
        return tuple(row.student for row in self.waiting)

    @property
    def partly_housed(self) -> tuple[StudentNights, ...]:
        return tuple(self.partly)

    @property
    def unplaced(self) -> tuple[StudentReason, ...]:
        """The page's students the last suggestion left without a bed, and why."""
        return tuple(
            StudentReason(student, self.reasons[student.pk])
            for student in self.without_bed
            if student.pk in self.reasons
        )

    @property
    def assignments(self) -> tuple[HousingAssignment, ...]:
        return tuple(bed.assignment for bed in self.beds)

    @property
    def cancelled(self) -> tuple[HousingAssignment, ...]:
        return tuple(self.cancelled_beds)

    @property
    def proposed(self) -> int:
        return self.counts[Status.PROPOSED]

    @property
    def confirmed(self) -> int:
        return self.counts[Status.CONFIRMED]

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(CELL_STATES.items())

    @property
    def week(self) -> Week:
        return next(week for week in self.weeks if week.current)

    @property
    def previous_week(self) -> Week | None:
        index = self.weeks.index(self.week)
        return self.weeks[index - 1] if index else None

    @property
    def next_week(self) -> Week | None:
        index = self.weeks.index(self.week)
        return self.weeks[index + 1] if index + 1 < len(self.weeks) else None


def calendar_page(
    user: User,
    season: Season,
    reasons: dict[int, str],
    query: QueryDict | None = None,
) -> CalendarPage:
    """The season's calendar and beds, a window of them at a time: the week `query["week"]`
    falls in (else today's, else the first), a page of places (`places`), a page of beds
    (`beds`) and of cancelled ones (`cancelled`), a page of the students without a bed
    (`waiting`) and of those partly housed (`partly`); the counts over the whole season.
    `reasons` why the last suggestion left students without a bed, by their id."""
    query = query if query is not None else QueryDict()
    nights = season_nights(season)
    weeks = _weeks(nights, query)
    week = next(week for week in weeks if week.current)
    places = page_of(
        accommodations_visible_to(user).order_by("kind", "name", "pk"),
        PLACES_PER_PAGE,
        query,
        "places",
    )
    window = nights[(week.first.date - nights[0]).days : (week.last.date - nights[0]).days + 1]
    season_beds = assignments_visible_to(user).filter(nomination__season=season)
    counts = dict(season_beds.order_by().values_list("status").annotate(count=Count("pk")))
    beds_sorted = BED_SORTING.chosen(query, page="beds")
    ordered = BED_SORTING.order(season_beds, beds_sorted)
    beds = page_of(ordered.exclude(status=Status.CANCELLED), BEDS_PER_PAGE, query, "beds")
    beds.object_list = [Bed(a, tuple(WORKFLOW.names_available(a, user))) for a in beds.object_list]
    without_bed = page_of(
        students_without_bed(user, season).select_related("season", "city"),
        STUDENTS_PER_PAGE,
        query,
        "waiting",
    )
    without_bed.object_list = [
        StudentNights(student, (default_stay(student),)) for student in without_bed.object_list
    ]
    partly = page_of(
        students_partly_housed(user, season).select_related("season", "city"),
        STUDENTS_PER_PAGE,
        query,
        "partly",
    )
    gaps = nights_without_bed(user, list(partly.object_list))
    partly.object_list = [
        StudentNights(student, tuple(gaps.get(student.pk, ()))) for student in partly.object_list
    ]
    return CalendarPage(
        calendar=occupancy_calendar(
            season, window, places.object_list, names=query.get("names") == "1"
        ),
        names=query.get("names") == "1",
        names_query=_names_toggled(query),
        beds_sorted=beds_sorted,
        weeks=weeks,
        places=places,
        beds=beds,
        cancelled_beds=page_of(
            ordered.filter(status=Status.CANCELLED), BEDS_PER_PAGE, query, "cancelled"
        ),
        counts={status: counts.get(status, 0) for status in Status},
        waiting=without_bed,
        partly=partly,
        kept=_without(query, "student"),
        reasons={
            row.student.pk: reasons[row.student.pk]
            for row in without_bed.object_list
            if row.student.pk in reasons
        },
    )


def _names_toggled(query: QueryDict) -> str:
    toggled = query.copy()
    if toggled.get("names") == "1":
        toggled.pop("names")
    else:
        toggled["names"] = "1"
    return toggled.urlencode()


def _without(query: QueryDict, param: str) -> str:
    kept = query.copy()
    kept.pop(param, None)
    return kept.urlencode()


def _weeks(nights: list[dt.date], query: QueryDict) -> tuple[Week, ...]:
    """The nights in windows of a week from the first; the current one holds the night
    `query["week"]` names, else today, else it is the first."""
    try:
        wanted = dt.date.fromisoformat(query.get("week", ""))
    except ValueError:
        wanted = None
    if wanted is None or not nights[0] <= wanted <= nights[-1]:
        wanted = timezone.localdate()
    chosen = (
        (wanted - nights[0]).days // NIGHTS_PER_WEEK if nights[0] <= wanted <= nights[-1] else 0
    )
    weeks = []
    for index, start in enumerate(range(0, len(nights), NIGHTS_PER_WEEK)):
        window = nights[start : start + NIGHTS_PER_WEEK]
        shown = query.copy()
        shown["week"] = window[0].isoformat()
        weeks.append(
            Week(Night.of(window[0]), Night.of(window[-1]), shown.urlencode(), index == chosen)
        )
    return tuple(weeks)
