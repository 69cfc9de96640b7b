"""The office's arrivals page: accepted students by day of arrival and of departure, each with
the bed they go to, and the students who have not answered their self-service link yet."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict

from ish.accounts.models import User
from ish.housing.local_dates import LocalDate
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.pages import Stretches
from ish.housing.rules import describe_nights, nights_without_bed
from ish.housing.selectors import assignments_visible_to
from ish.nominations.models import Nomination
from ish.pagination import page_of
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
    arrivals: Page  # of Traveller: a page of the day's arrivals (the first, unless asked)
    departures: Page  # of Traveller

    @property
    def anchor(self) -> str:
        return f"day-{self.on.isoformat()}"


@dataclass(frozen=True)
class ArrivalsPage:
    days: tuple[TravelDay, ...]
    unanswered: Page  # of Nomination: accepted, and not yet answered through their link

    @property
    def arriving(self) -> int:
        return sum(day.arrivals.paginator.count for day in self.days)

    @property
    def departing(self) -> int:
        return sum(day.departures.paginator.count for day in self.days)


# Each day shows this many arrivals and departures at a time; a day's list has pages of its own
# (`arrivals-2027-07-16=2`).
TRAVELLERS_PER_PAGE = 50
UNANSWERED_PER_PAGE = 50


def arrivals_page(user: User, season: Season, query: QueryDict | None = None) -> ArrivalsPage:
    """Accepted students by day of arrival and of departure, each with their bed: every day
    with its counts, and a page of each day's travellers (the first page of every day in one
    query); the students yet to answer, a page of them. A fixed number of queries, however
    many students (a day's later page costs one more)."""
    query = query if query is not None else QueryDict()
    arrivals, departures = _travel_days(season, query)
    travellers = [
        student
        for pages in (arrivals, departures)
        for page in pages.values()
        for student in page.object_list
    ]
    beds: dict[int, Accommodation] = {}
    stays = defaultdict(list)
    for bed in (
        assignments_visible_to(user)
        .filter(
            nomination_id__in={student.pk for student in travellers},
            status__in=HousingAssignment.OCCUPYING,
        )
        .select_related("accommodation")
        .order_by("check_in")
    ):
        beds[bed.nomination_id] = bed.accommodation
        stays[bed.nomination_id].append((bed.check_in, bed.check_out))
    needed = {student.pk: nights_without_bed(student, stays[student.pk]) for student in travellers}

    def traveller(student: Nomination) -> Traveller:
        place = beds.get(student.pk)
        # A student without a bed is "no bed yet"; only the housed can have nights uncovered.
        return Traveller(student, place, tuple(needed.get(student.pk, ())) if place else ())

    days = []
    for day in sorted(arrivals.keys() | departures.keys()):
        pages = []
        for moves, kind in ((arrivals, "arrivals"), (departures, "departures")):
            page = moves.get(day) or page_of((), TRAVELLERS_PER_PAGE, query, f"{kind}-{day}")
            page.object_list = [traveller(student) for student in page.object_list]
            pages.append(page)
        days.append(TravelDay(day, *pages))
    return ArrivalsPage(
        days=tuple(days),
        unanswered=page_of(unanswered(season), UNANSWERED_PER_PAGE, query, "unanswered"),
    )


MOMENTS = {"arrivals": "arrival_at", "departures": "departure_at"}


def _travel_days(
    season: Season, query: QueryDict
) -> tuple[dict[dt.date, Page], dict[dt.date, Page]]:
    """Per local day of arrival and of departure: a page of the accepted students travelling
    that day, in time order. The first page of every day and the days' counts come from one
    narrow query numbering the students per day (then the students on them are read); a later
    page one of its own link asks for is read on its own."""
    around = (season.starts_on, season.ends_on)
    travelling = Nomination.objects.filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
    numbering = {}
    for kind, moment in MOMENTS.items():
        day = LocalDate(moment, around)
        numbering |= {
            f"{kind}_day": day,
            f"{kind}_number": Window(
                RowNumber(), partition_by=day, order_by=(F(moment).asc(nulls_last=True), F("pk"))
            ),
            f"{kind}_count": Window(Count("pk"), partition_by=day),
        }
    firsts = (
        travelling.filter(Q(arrival_at__isnull=False) | Q(departure_at__isnull=False))
        .annotate(**numbering)
        .filter(
            Q(arrivals_number__lte=TRAVELLERS_PER_PAGE)
            | Q(departures_number__lte=TRAVELLERS_PER_PAGE)
        )
        .order_by()
    )
    rows = list(firsts.values_list("pk", *numbering))
    students = Nomination.objects.select_related("season", "city").in_bulk([row[0] for row in rows])
    result = []
    for index, (kind, moment) in enumerate(MOMENTS.items()):
        counts: dict[dt.date, int] = {}
        first: dict[dt.date, list[Nomination]] = defaultdict(list)
        for row in rows:
            day, number, count = row[1 + 3 * index : 4 + 3 * index]
            if day is not None and number <= TRAVELLERS_PER_PAGE:
                counts[day] = count
                first[day].append(students[row[0]])
        pages = {}
        for day, count in sorted(counts.items()):
            param = f"{kind}-{day}"
            items = sorted(first[day], key=lambda student: (getattr(student, moment), student.pk))
            if _asked(query, param) > 1:
                items = (
                    travelling.filter(**{f"{moment}__isnull": False})
                    .alias(day=LocalDate(moment, around))
                    .filter(day=day)
                    .select_related("season", "city")
                    .order_by(moment, "pk")
                )
            pages[day] = page_of(items, TRAVELLERS_PER_PAGE, query, param, count=count)
        result.append(pages)
    return result[0], result[1]


def _asked(query: QueryDict, param: str) -> int:
    number = query.get(param, "")
    return int(number) if number.isdigit() else 1
