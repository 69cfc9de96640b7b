"""Reads of housing, scoped by role: organisers see everything, a coordinator their city's
students' beds (read-only), lab hosts nothing."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from ish.accounts.models import User
from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.seasons.models import Season


def accommodations_visible_to(user: User) -> QuerySet[Accommodation]:
    if user.is_organiser:
        return Accommodation.objects.all()
    return Accommodation.objects.none()


def assignments_visible_to(user: User) -> QuerySet[HousingAssignment]:
    assignments = HousingAssignment.objects.select_related(
        "nomination__season", "nomination__city", "accommodation"
    )
    if user.is_organiser:
        return assignments
    if user.is_coordinator:
        return assignments.filter(nomination__city_id=user.city_id)
    return assignments.none()


def travellers_visible_to(user: User) -> QuerySet[Nomination]:
    """Students whose arrival and departure a user may see: not lab hosts (travel is not part
    of the profile they get)."""
    if user.is_lab_host:
        return Nomination.objects.none()
    return nominations_visible_to(user).prefetch_related(None)


def season_nights(season: Season) -> list[dt.date]:
    """The nights of the programme, plus the one after its last day."""
    return [
        season.starts_on + dt.timedelta(days=n)
        for n in range((season.ends_on - season.starts_on).days + 1)
    ]


def occupancy_calendar(season: Season) -> dict:
    """Accommodations × nights: guests, beds and warnings per cell, in two queries."""
    nights = season_nights(season)
    places = list(Accommodation.objects.order_by("kind", "name"))
    guests: Counter = Counter()
    warned: set = set()
    assignments = HousingAssignment.objects.filter(
        status__in=HousingAssignment.OCCUPYING,
        check_in__lte=nights[-1],
        check_out__gt=nights[0],
    ).values_list("accommodation_id", "check_in", "check_out", "warnings")
    for place_id, check_in, check_out, warnings in assignments:
        for night in nights:
            if check_in <= night < check_out:
                guests[place_id, night] += 1
                if warnings:
                    warned.add((place_id, night))
    rows = [
        {
            "place": place,
            "cells": [
                {
                    "night": night,
                    "guests": guests[place.pk, night],
                    "beds": place.beds
                    if place.available_from <= night < place.available_until
                    else 0,
                    "warning": (place.pk, night) in warned,
                }
                for night in nights
            ],
        }
        for place in places
    ]
    return {"nights": nights, "rows": rows}


def arrivals_and_departures(season: Season) -> dict[dt.date, dict[str, list[Nomination]]]:
    """Accepted students by day of arrival and of departure, in time order."""
    students = Nomination.objects.filter(
        season=season, status__in=[Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED]
    ).select_related("city")
    days: dict = defaultdict(lambda: {"arrivals": [], "departures": []})
    for student in students.order_by("arrival_at"):
        if student.arrival_at:
            days[_local_day(student.arrival_at)]["arrivals"].append(student)
    for student in students.order_by("departure_at"):
        if student.departure_at:
            days[_local_day(student.departure_at)]["departures"].append(student)
    return dict(sorted(days.items()))


def unanswered(season: Season) -> QuerySet[Nomination]:
    """Accepted students who have not yet answered through their self-service link."""
    return (
        Nomination.objects.filter(season=season, status=Nomination.Status.ACCEPTED)
        .exclude(participant_link__answered_at__isnull=False)
        .select_related("city", "participant_link")
        .order_by("city__name", "family_name")
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)
