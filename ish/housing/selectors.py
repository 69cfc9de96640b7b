"""Reads of housing, scoped by role: organisers see everything, a coordinator their city's
students' beds (read-only), lab hosts nothing."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.housing.local_dates import LocalDate
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.rules import nights_without_bed as uncovered_by
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to, profile_prefetches
from ish.seasons.models import Season


def accommodations_visible_to(user: User) -> QuerySet[Accommodation]:
    if user.is_organiser:
        return Accommodation.objects.all()
    return Accommodation.objects.none()


def accommodations_named_to(user: User) -> QuerySet[Accommodation]:
    """Places a user may name (e.g. in a filter): every place for organisers, for a coordinator
    those their city's students are housed in, which their assignments show them anyway."""
    if user.is_organiser:
        return Accommodation.objects.all()
    return Accommodation.objects.filter(
        pk__in=assignments_visible_to(user).values("accommodation_id")
    )


def assignments_visible_to(user: User) -> QuerySet[HousingAssignment]:
    assignments = HousingAssignment.objects.select_related(
        "nomination__season", "nomination__city", "accommodation"
    )
    if user.is_organiser:
        return assignments
    if user.is_coordinator:
        return assignments.filter(nomination__city_id=user.city_id)
    return assignments.none()


def assignments_with_students(user: User) -> QuerySet[HousingAssignment]:
    """assignments_visible_to, with what each one's student profile shows (as the API embeds
    it), fetched in one query each."""
    return assignments_visible_to(user).prefetch_related(
        *profile_prefetches(user, through="nomination__")
    )


def travellers_visible_to(user: User) -> QuerySet[Nomination]:
    """Students whose arrival and departure a user may see: not lab hosts (travel is not part
    of the profile they get)."""
    if user.is_lab_host:
        return Nomination.objects.none()
    return nominations_visible_to(user).prefetch_related(None)


def season_nights(season: Season) -> list[dt.date]:
    """The nights of the programme and the one after its last day, widened to the earliest
    check-in and the last night before the latest check-out of the season's beds (early
    arrivals, late departures)."""
    extent = HousingAssignment.objects.filter(
        nomination__season=season, status__in=HousingAssignment.OCCUPYING
    ).aggregate(first=Min("check_in"), last=Max("check_out"))
    first = min(filter(None, [season.starts_on, extent["first"]]))
    end = max(filter(None, [season.ends_on + dt.timedelta(days=1), extent["last"]]))
    return [first + dt.timedelta(days=n) for n in range((end - first).days)]


# A night of a place as the calendar colours it; the label names it without relying on colour.
CELL_STATES = {
    "free": gettext_lazy("free"),
    "partly": gettext_lazy("partly taken"),
    "full": gettext_lazy("full"),
    "over": gettext_lazy("overbooked"),
    "unavailable": gettext_lazy("not available"),
}


@dataclass(frozen=True)
class Night:
    """A night of the calendar with the words its column and its cells show, formatted once
    for every place on the page (formatting a date per cell was most of a large calendar's
    time)."""

    date: dt.date
    iso: str  # 2027-07-17: the column's anchor and the cells' data-night
    weekday: str  # "Sat"
    day: int
    title: str  # "Saturday, 17 July 2027": the column's title and how a cell's label names it
    month: str  # "July 2027"
    short: str  # "17 Jul": the week navigation's links

    @classmethod
    def of(cls, date: dt.date) -> "Night":
        return cls(
            date=date,
            iso=date.isoformat(),
            # The weekday's abbreviation as the language writes it ("Sat", "Sa", "土"): cutting
            # it to two letters garbled the languages whose abbreviation is a whole word.
            weekday=date_format(date, "D"),
            day=date.day,
            title=date_format(date, "WEEKDAY_DATE_FORMAT"),
            month=date_format(date, "YEAR_MONTH_FORMAT"),
            short=date_format(date, "MONTH_DAY_FORMAT"),
        )

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def today(self) -> bool:
        """Tonight, in Heidelberg: its column is marked and scrolled into view."""
        return self.date == timezone.localdate()


@dataclass(frozen=True)
class NightCell:
    """One place on one night: its guests, the beds it has that night, and whether a guest's
    bed carries a warning to judge."""

    place: Accommodation
    night: Night
    guests: int
    beds: int
    warning: bool
    names: tuple[str, ...] = ()  # the guests' names, when the calendar was asked for them

    @property
    def state(self) -> str:
        if self.beds == 0:
            return "over" if self.guests else "unavailable"
        if self.guests == 0:
            return "free"
        if self.guests < self.beds:
            return "partly"
        return "full" if self.guests == self.beds else "over"

    @property
    def label(self) -> str:
        label = _("%(place)s, night of %(night)s: %(guests)s of %(beds)s beds taken, %(state)s") % {
            "place": self.place.name,
            "night": self.night.title,
            "guests": self.guests,
            "beds": self.beds,
            "state": CELL_STATES[self.state],
        }
        if self.warning:
            label += _("; a warning applies (see the assignments below)")
        return label


@dataclass(frozen=True)
class PlaceNights:
    place: Accommodation
    cells: tuple[NightCell, ...]

    @property
    def warned(self) -> bool:
        return any(cell.warning for cell in self.cells)


@dataclass(frozen=True)
class OccupancyCalendar:
    nights: list[dt.date]
    rows: tuple[PlaceNights, ...]
    columns: tuple[Night, ...] = ()  # the nights with their words (made from `nights` if not given)

    def __post_init__(self):
        if not self.columns:
            object.__setattr__(self, "columns", tuple(Night.of(night) for night in self.nights))

    @property
    def months(self) -> list[tuple[str, int]]:
        """Each month the nights cover, with how many of them fall in it (for column heads)."""
        months: list[list] = []
        for night in self.columns:
            if months and months[-1][0] == night.month:
                months[-1][1] += 1
            else:
                months.append([night.month, 1])
        return [(label, span) for label, span in months]


def occupancy_calendar(
    season: Season,
    nights: list[dt.date] | None = None,
    places: Iterable[Accommodation] | None = None,
    names: bool = False,
) -> OccupancyCalendar:
    """Places × nights: guests, beds and warnings per cell (and the guests' names, if `names`),
    reading only the beds of those places on those nights (every night of the season and every
    place unless given)."""
    nights = nights if nights is not None else season_nights(season)
    columns = tuple(Night.of(night) for night in nights)
    assignments = HousingAssignment.objects.all()
    if places is None:
        places = Accommodation.objects.order_by("kind", "name")
    else:
        assignments = assignments.filter(accommodation__in=[place.pk for place in places])
    places = list(places)
    if not nights or not places:
        return OccupancyCalendar(nights, (), columns)
    guests: Counter = Counter()
    guest_names: dict = defaultdict(list)
    warned: set = set()
    assignments = assignments.filter(
        status__in=HousingAssignment.OCCUPYING,
        check_in__lte=nights[-1],
        check_out__gt=nights[0],
    )
    window = nights[0], nights[-1] + dt.timedelta(days=1)
    read = ["accommodation_id", "check_in", "check_out", "warnings"]
    if names:
        read += ["nomination__given_name", "nomination__family_name"]
        assignments = assignments.order_by("nomination__family_name", "nomination__given_name")
    for place_id, check_in, check_out, warnings, *name in assignments.values_list(*read):
        night = max(check_in, window[0])
        while night < min(check_out, window[1]):
            guests[place_id, night] += 1
            if name:
                guest_names[place_id, night].append(" ".join(filter(None, name)))
            if warnings:
                warned.add((place_id, night))
            night += dt.timedelta(days=1)
    rows = tuple(
        PlaceNights(
            place,
            tuple(
                NightCell(
                    place,
                    column,
                    guests=guests[place.pk, column.date],
                    beds=place.beds
                    if place.available_from <= column.date < place.available_until
                    else 0,
                    warning=(place.pk, column.date) in warned,
                    names=tuple(guest_names[place.pk, column.date]),
                )
                for column in columns
            ),
        )
        for place in places
    )
    return OccupancyCalendar(nights, rows, columns)


def arrivals_and_departures(season: Season) -> dict[dt.date, dict[str, list[Nomination]]]:
    """Accepted students by day of arrival and of departure, in time order."""
    students = Nomination.objects.filter(
        season=season, status__in=Nomination.HOLDS_A_PLACE
    ).select_related("season", "city")
    days: dict = defaultdict(lambda: {"arrivals": [], "departures": []})
    for student in students.order_by("arrival_at"):
        if student.arrival_at:
            days[_local_day(student.arrival_at)]["arrivals"].append(student)
    for student in students.order_by("departure_at"):
        if student.departure_at:
            days[_local_day(student.departure_at)]["departures"].append(student)
    return dict(sorted(days.items()))


def nights_without_bed(
    user: User, students: list[Nomination]
) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Per student who needs one: the stretches of their stay without a bed, as (check-in,
    check-out) — all of it for a student without a bed, else the nights between the arrival and
    departure they told us that none of their proposed or confirmed beds covers; in one query.
    The students' seasons should be loaded with them."""
    stays = defaultdict(list)
    for nomination_id, check_in, check_out in (
        assignments_visible_to(user)
        .filter(
            nomination_id__in=[student.pk for student in students],
            status__in=HousingAssignment.OCCUPYING,
        )
        .values_list("nomination_id", "check_in", "check_out")
    ):
        stays[nomination_id].append((check_in, check_out))
    needed = {}
    for student in students:
        if uncovered := uncovered_by(student, stays[student.pk]):
            needed[student.pk] = uncovered
    return needed


def students_needing_a_bed(user: User, season: Season) -> QuerySet[Nomination]:
    """Accepted (or confirmed) students of the season with nights of their stay still without
    a bed: those without any bed and those only partly housed; by name, in one query (their
    stretches for a page of them: nights_without_bed)."""
    return students_to_house(user, season).filter(
        Q(pk__in=students_without_bed(user, season).values("pk"))
        | Q(pk__in=students_partly_housed(user, season).values("pk"))
    )


def count_students_needing_a_bed(user: User, season: Season) -> int:
    """How many students_needing_a_bed there are, counted as its two parts, which never overlap
    (one holds no bed, the other some): PostgreSQL plans each part's count well and their
    union's badly (0.2–5 s at 10,000 students, against milliseconds)."""
    return students_without_bed(user, season).count() + students_partly_housed(user, season).count()


def students_partly_housed(user: User, season: Season) -> QuerySet[Nomination]:
    """Students of the season with a proposed or confirmed bed who told us their arrival or
    departure, and some night between them that no bed covers, in SQL (rules.nights_without_bed
    reads the same from the beds of one student). A stay [arrival, departure) has an uncovered
    night exactly when its first night is uncovered, or some bed ends inside it on a night no
    bed covers: every gap starts at the arrival or where a bed ends."""
    around = (season.starts_on, season.ends_on)
    beds = assignments_visible_to(user).filter(
        nomination=OuterRef("pk"), status__in=HousingAssignment.OCCUPYING
    )
    covering_the_end = assignments_visible_to(user).filter(
        nomination=OuterRef(OuterRef("pk")),
        status__in=HousingAssignment.OCCUPYING,
        check_in__lte=OuterRef("check_out"),
        check_out__gt=OuterRef("check_out"),
    )
    return (
        students_to_house(user, season)
        .filter(Q(arrival_at__isnull=False) | Q(departure_at__isnull=False))
        .annotate(
            stay_from=Coalesce(LocalDate("arrival_at", around), Value(season.starts_on)),
            stay_until=Coalesce(
                LocalDate("departure_at", around),
                Value(season.ends_on + dt.timedelta(days=1)),
            ),
        )
        .filter(Exists(beds))
        .filter(
            ~Exists(
                beds.filter(
                    check_in__lte=OuterRef("stay_from"), check_out__gt=OuterRef("stay_from")
                )
            )
            | Exists(
                beds.filter(
                    check_out__gt=OuterRef("stay_from"), check_out__lt=OuterRef("stay_until")
                ).filter(~Exists(covering_the_end))
            )
        )
    )


def places_with_free_beds(
    user: User, check_in: dt.date, check_out: dt.date, limit: int
) -> QuerySet[Accommodation]:
    """At most `limit` places open from `check_in` to `check_out` with a bed free every night
    of it, most free beds first; in one query. A place's free beds are counted against every
    bed overlapping the stay, so a place shown is surely free (one whose guests come and go
    within the stay may be left out)."""
    overlapping = Count(
        "assignments",
        filter=Q(
            assignments__status__in=HousingAssignment.OCCUPYING,
            assignments__check_in__lt=check_out,
            assignments__check_out__gt=check_in,
        ),
    )
    return (
        accommodations_visible_to(user)
        .filter(available_from__lte=check_in, available_until__gte=check_out)
        .annotate(free=F("beds") - overlapping)
        .filter(free__gt=0)
        .order_by("-free", "kind", "name", "pk")[:limit]
    )


def students_without_bed(user: User, season: Season) -> QuerySet[Nomination]:
    """Accepted (or confirmed) students of the season who hold no proposed or confirmed bed.
    NOT EXISTS, not NOT IN: PostgreSQL runs an anti-join whatever its statistics say, where a
    NOT IN list it cannot hash (fresh data, not yet analysed) is scanned once per student
    (5 s at 10,000)."""
    beds = assignments_visible_to(user).filter(
        nomination=OuterRef("pk"), status__in=HousingAssignment.OCCUPYING
    )
    return students_to_house(user, season).filter(~Exists(beds))


def students_to_house(user: User, season: Season) -> QuerySet[Nomination]:
    """The season's students to house (accepted or confirmed), by name, without the
    profile's prefetches."""
    return (
        nominations_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .prefetch_related(None)
        .order_by("family_name", "given_name", "pk")
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)
