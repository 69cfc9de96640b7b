"""Reads behind the organiser's season charts: a season's figures, a fixed number of queries each,
however many students, labs and beds it has."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from ish.exchange.models import Application
from ish.housing.selectors import occupancy_calendar
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.selectors import lab_board
from ish.seasons.models import Season


@dataclass(frozen=True)
class CityNominations:
    slug: str
    name: str
    counts: dict[str, int]  # status → nominations


@dataclass(frozen=True)
class NightBeds:
    night: dt.date
    guests: int
    beds: int  # available that night


def nominations_per_city(season: Season) -> list[CityNominations]:
    """Each city with nominations this season, by name, with its count per status (one query)."""
    cities: dict[str, CityNominations] = {}
    rows = (
        Nomination.objects.filter(season=season)
        .order_by()
        .values_list("city__slug", "city__name", "status")
        .annotate(count=Count("pk"))
    )
    for slug, name, status, count in rows:
        cities.setdefault(slug, CityNominations(slug, name, {})).counts[status] = count
    return sorted(cities.values(), key=lambda city: city.name)


def lab_use_per_lab(season: Season) -> list[Lab]:
    """Every lab with `capacity`, `accepted` and `offered` for the season (one query)."""
    return list(lab_board(season))


def beds_per_night(season: Season) -> list[NightBeds]:
    """Guests and available beds over every accommodation, per night of the programme."""
    calendar = occupancy_calendar(season)
    return [
        NightBeds(
            night,
            guests=sum(row.cells[index].guests for row in calendar.rows),
            beds=sum(row.cells[index].beds for row in calendar.rows),
        )
        for index, night in enumerate(calendar.nights)
    ]


def arrivals_per_day(season: Season) -> dict[dt.date, int]:
    """Accepted students arriving each day (Heidelberg time), from the first arrival to the
    last, days without arrivals included (one query)."""
    counted = dict(
        Nomination.objects.filter(
            season=season, status__in=Nomination.HOLDS_A_PLACE, arrival_at__isnull=False
        )
        .annotate(day=TruncDate("arrival_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("day")
        .annotate(count=Count("pk"))
    )
    if not counted:
        return {}
    first, last = min(counted), max(counted)
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return {day: counted.get(day, 0) for day in days}


def exchange_pipeline(season: Season) -> dict[str, int]:
    """NYSF applications of the season per status, every status in workflow order (one query)."""
    counted = dict(
        Application.objects.filter(season=season)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return {status: counted.get(status, 0) for status in Application.Status.values}
