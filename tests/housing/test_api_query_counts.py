"""The housing API's lists make as many database queries for 200 rows as for 10."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.housing.api_requests import PLACES, STAYS

pytestmark = pytest.mark.django_db


def grow_places(wanted: int) -> None:
    Accommodation.objects.bulk_create(
        Accommodation(
            kind=Accommodation.Kind.RESIDENCE,
            name=f"Room {n}",
            address="Heidelberg",
            beds=1,
            available_from=dt.date(2027, 7, 1),
            available_until=dt.date(2027, 8, 31),
        )
        for n in range(Accommodation.objects.count(), wanted)
    )


def grow_stays(season, wanted: int) -> None:
    """Students of two cities, each in a room of their own."""
    cities = [City.objects.get(slug="kumamoto"), City.objects.get(slug="hangzhou")]
    have = HousingAssignment.objects.count()
    grow_places(wanted)
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season,
            city=cities[n % 2],
            status=Nomination.Status.ACCEPTED,
            given_name="Student",
            family_name=f"No. {n}",
            email=f"student-{n}@example.org",
        )
        for n in range(have, wanted)
    )
    free = Accommodation.objects.filter(assignments__isnull=True).order_by("pk")
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=student,
            accommodation=room,
            check_in=dt.date(2027, 7, 17),
            check_out=dt.date(2027, 8, 14),
        )
        for student, room in zip(students, free, strict=False)
    )


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_assignment_list_makes_as_many_queries_for_200_rows_as_for_10(api_as, season, role):
    client = api_as(role)
    counts = {}
    for wanted in (10, 200):
        grow_stays(season, wanted)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(STAYS, {"page_size": 500})

        assert response.status_code == 200
        assert response.json()["count"] == (wanted if role == "organiser" else wanted // 2)
        counts[wanted] = len(queries)
    # The rows, and the students' research interests and current documents.
    assert counts[10] == counts[200] <= 4


def test_the_accommodation_list_makes_as_many_queries_for_200_rows_as_for_10(api_as):
    client = api_as("organiser")
    counts = {}
    for wanted in (10, 200):
        grow_places(wanted)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(PLACES, {"page_size": 500})

        assert response.json()["count"] == wanted
        counts[wanted] = len(queries)
    assert counts[10] == counts[200] <= 2
