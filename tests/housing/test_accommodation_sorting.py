"""The office's list of accommodations sorted by each column header, with as many queries for
200 places as for 10 however it is sorted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing.models import Accommodation
from tests.factories import AccommodationFactory
from tests.housing.page_reading import PLACES
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Kind = Accommodation.Kind


@pytest.fixture
def three(db):
    """The residence Abe (3 beds, from 5 July), the families Berg (1 bed, from 1 July) and
    Cruz (9 beds, from 10 July)."""
    AccommodationFactory(
        name="Abe", kind=Kind.RESIDENCE, beds=3, available_from=dt.date(2027, 7, 5)
    )
    AccommodationFactory(name="Berg", beds=1, available_from=dt.date(2027, 7, 1))
    AccommodationFactory(name="Cruz", beds=9, available_from=dt.date(2027, 7, 10))


def names_in(response) -> list[str]:
    return [row[0].split()[0] for row in parse(response).table("place-table")]


def test_host_families_come_first_unless_a_column_is_chosen(client_as, three):
    html = client_as("organiser").get(PLACES).content.decode()

    assert names_in(client_as("organiser").get(PLACES)) == ["Berg", "Cruz", "Abe"]
    assert "aria-sort" not in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Abe", "Berg", "Cruz"]),
        ("-name", ["Cruz", "Berg", "Abe"]),
        ("beds", ["Berg", "Abe", "Cruz"]),
        ("-beds", ["Cruz", "Abe", "Berg"]),
        ("available", ["Berg", "Abe", "Cruz"]),
        ("-available", ["Cruz", "Abe", "Berg"]),
    ],
)
def test_the_office_sorts_the_accommodations_by_each_column(client_as, three, sort, expected):
    assert names_in(client_as("organiser").get(PLACES, {"sort": sort})) == expected


@pytest.mark.parametrize("sort", ["-beds", "available"])
def test_the_sorted_list_needs_as_many_queries_for_200_places_as_for_10(client_as, sort):
    client = client_as("organiser")
    counts = {}
    for wanted in (10, 200):
        AccommodationFactory.create_batch(wanted - Accommodation.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PLACES, {"sort": sort})
        assert response.status_code == 200
        counts[wanted] = len(queries)

    assert counts[10] == counts[200], counts
