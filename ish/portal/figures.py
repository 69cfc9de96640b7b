"""Reads behind the organiser's season charts: a season's figures, a fixed number of queries each,
however many students, labs and beds it has."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast

from ish.exchange.models import Application
from ish.housing.local_dates import LocalDate
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.selectors import season_nights
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.placements.selectors import labs_with_places
from ish.seasons.models import City, Season


@dataclass(frozen=True)
class CityNominations:
    slug: str
    name: str
    counts: dict[str, int]  # status → nominations


@dataclass(frozen=True)
class LabsInUse:
    labs: list[Lab]  # the fullest, with `capacity`, `accepted` and `offered`
    count: int  # of every lab, those not in `labs` included


@dataclass(frozen=True)
class NightBeds:
    night: dt.date
    guests: int
    beds: int  # available that night


def nominations_per_city(season: Season) -> list[CityNominations]:
    """Each city with nominations this season, by name, with its count per status (two
    queries: the nominations counted by city id and status, which an index serves without
    reading each row's city; then those few cities' names)."""
    counted = (
        Nomination.objects.filter(season=season)
        .order_by()
        .values_list("city_id", "status")
        .annotate(count=Count("pk"))
    )
    per_city: dict[int, dict[str, int]] = {}
    for city_id, status, count in counted:
        per_city.setdefault(city_id, {})[status] = count
    cities = [
        CityNominations(city.slug, city.display_name, per_city[city.pk])
        for city in City.objects.filter(pk__in=per_city)
    ]
    return sorted(cities, key=lambda city: city.name)


def fullest_labs(season: Season, limit: int) -> LabsInUse:
    """The `limit` labs whose places are the most used this season (accepted and offered
    against capacity: over capacity first, then the fullest, then the most students), with
    `capacity`, `accepted` and `offered` as the placements board counts them; and how many labs
    there are (two queries, however many labs)."""
    used = F(Placement.Status.ACCEPTED) + F(Placement.Status.OFFERED)
    labs = (
        labs_with_places(season, Placement.Status.ACCEPTED, Placement.Status.OFFERED)
        .annotate(used=used, fullness=Cast(used, FloatField()) / F("capacity"))
        .order_by("-fullness", "-used", "institute__name", "name", "pk")[:limit]
    )
    return LabsInUse(list(labs), Lab.objects.count())


def beds_per_night(season: Season) -> list[NightBeds]:
    """Guests and available beds over every accommodation, per night of the programme (as the
    occupancy calendar counts them); from four queries of a row per date whatever the number of
    beds and places: the guests arriving and leaving and the beds opening and closing each day,
    summed night by night."""
    nights = season_nights(season)
    if not nights:
        return []
    first, end = nights[0], nights[-1] + dt.timedelta(days=1)
    beds = HousingAssignment.objects.filter(
        status__in=HousingAssignment.OCCUPYING, check_in__lt=end, check_out__gt=first
    ).order_by()
    places = Accommodation.objects.filter(
        available_from__lt=end, available_until__gt=first
    ).order_by()
    guests_change: Counter = Counter()
    for day, count in beds.values_list("check_in").annotate(count=Count("pk")):
        guests_change[max(day, first)] += count
    for day, count in beds.values_list("check_out").annotate(count=Count("pk")):
        guests_change[day] -= count
    beds_change: Counter = Counter()
    for day, count in places.values_list("available_from").annotate(count=Sum("beds")):
        beds_change[max(day, first)] += count
    for day, count in places.values_list("available_until").annotate(count=Sum("beds")):
        beds_change[day] -= count
    result, guests, available = [], 0, 0
    for night in nights:
        guests += guests_change[night]
        available += beds_change[night]
        result.append(NightBeds(night, guests=guests, beds=available))
    return result


def arrivals_per_day(season: Season) -> dict[dt.date, int]:
    """Accepted students arriving each day (Heidelberg time), from the first arrival to the
    last, days without arrivals included (one query)."""
    counted = dict(
        Nomination.objects.filter(
            season=season, status__in=Nomination.HOLDS_A_PLACE, arrival_at__isnull=False
        )
        .annotate(day=LocalDate("arrival_at", (season.starts_on, season.ends_on)))
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
    """Outbound applications of the season per status, every status in workflow order (one
    query)."""
    counted = dict(
        Application.objects.filter(season=season)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return {status: counted.get(status, 0) for status in Application.Status.values}
