"""The housing pages need as many database queries for many students and places as for few."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import BERLIN
from tests.housing.booking import july
from tests.housing.page_reading import ARRIVALS, CALENDAR, MINE, PLACES, cells

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def housed_students(season, rows: int) -> None:
    """`rows` accepted students of two cities, each with a bed in one of ten residences."""
    from tests.factories import AccommodationFactory, NominationFactory

    places = AccommodationFactory.create_batch(10, kind="residence", beds=50)
    cities = [City.objects.get(slug="kumamoto"), City.objects.get(slug="montpellier")]
    students = Nomination.objects.bulk_create(
        NominationFactory.build(
            season=season, status=Nomination.Status.ACCEPTED, city=cities[n % 2]
        )
        for n in range(rows)
    )
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=nomination,
            accommodation=places[n % 10],
            check_in=july(17),
            check_out=july(17 + n % 10 + 1),
            status=Status.CONFIRMED if n % 3 else Status.PROPOSED,
            warnings=["The host does not cook halal."] if n % 5 == 0 else [],
        )
        for n, nomination in enumerate(students)
    )
    for nomination in students[::4]:  # some still without a bed, some with travel
        nomination.housing.all().delete()
    Nomination.objects.filter(pk__in=[s.pk for s in students[1::3]]).update(
        arrival_at=dt.datetime(2027, 7, 16, 10, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 10, 0, tzinfo=BERLIN),
        arrival_details="LH 711",
    )


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize(
    ("role", "url", "queries"),
    # The calendar: session, user, seasons, the students needing a bed and their beds, the
    # nights' extent, the places and their count, the beds of the week, the counts per status,
    # a page of beds and of cancelled ones with their counts, who of the needing is housed, the
    # form's students and places.
    # The coordinator's page: session, user, seasons, a page of beds and of students without
    # one, with their counts.
    [("organiser", CALENDAR, 17), ("organiser", ARRIVALS, 9), ("coordinator", MINE, 9)],
)
def test_the_housing_pages_need_a_flat_number_of_queries(
    client_as, season, rows, role, url, queries, django_assert_max_num_queries
):
    housed_students(season, rows)
    client = client_as(role)

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert len(cells(response)) == (10 * 7 if url == CALENDAR else 0)  # a week of ten places


def test_the_accommodations_page_needs_as_many_queries_for_200_places_as_for_10(client_as, db):
    from tests.factories import AccommodationFactory

    client = client_as("organiser")
    counts = {}
    for wanted in (10, 200):
        AccommodationFactory.create_batch(
            wanted - Accommodation.objects.count(),
            pets="cat",
            dietary_options=["vegetarian", "halal"],
        )

        with CaptureQueriesContext(connection) as queries:
            response = client.get(PLACES)

        assert response.status_code == 200
        # A page of 50 places at a time (tests/housing/test_list_pages.py reads the next).
        assert response.content.decode().count('data-testid="place-row"') == min(wanted, 50)
        counts[wanted] = len(queries)
    assert counts[10] == counts[200] <= 4
