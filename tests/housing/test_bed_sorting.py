"""The calendar page's assignments sorted by each column header, with as many queries for 200
beds as for 10 however they are sorted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing.models import HousingAssignment
from tests.housing.booking import july
from tests.housing.page_reading import CALENDAR
from tests.housing.test_page_query_counts import housed_students
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


@pytest.fixture
def three(season, student, place):
    """Ada Abbott of Kumamoto at Cruz, 20–25 July, confirmed; Ben Brandt of Montpellier at Abe,
    18 July – 1 August, proposed; Cem Celik of Hangzhou at Berg, 22–28 July, confirmed."""
    for given, family, city, where, check_in, check_out, status in [
        ("Ada", "Abbott", "kumamoto", "Cruz", july(20), july(25), Status.CONFIRMED),
        ("Ben", "Brandt", "montpellier", "Abe", july(18), dt.date(2027, 8, 1), Status.PROPOSED),
        ("Cem", "Celik", "hangzhou", "Berg", july(22), july(28), Status.CONFIRMED),
    ]:
        HousingAssignment.objects.create(
            nomination=student(city=city, given_name=given, family_name=family),
            accommodation=place(name=where, beds=2),
            check_in=check_in,
            check_out=check_out,
            status=status,
        )


FAMILIES = ("Abbott", "Brandt", "Celik")


def families_in(response) -> list[str]:
    """The students' family names in the table's order (their cell also holds their city)."""
    rows = parse(response).table("assignment-table")
    return [next(name for name in FAMILIES if name in row[0]) for row in rows]


def test_proposed_beds_come_first_unless_a_column_is_chosen_and_the_status_says_so(
    client_as, three
):
    response = client_as("organiser").get(CALENDAR)

    html = response.content.decode()
    assert families_in(response) == ["Brandt", "Abbott", "Celik"]
    assert html.count("aria-sort") == 1
    assert 'aria-sort="ascending"><a class="link-body-emphasis" href="?sort=-status"' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("student", ["Abbott", "Brandt", "Celik"]),
        ("-student", ["Celik", "Brandt", "Abbott"]),
        ("city", ["Celik", "Abbott", "Brandt"]),
        ("-city", ["Brandt", "Abbott", "Celik"]),
        ("place", ["Brandt", "Celik", "Abbott"]),
        ("-place", ["Abbott", "Celik", "Brandt"]),
        ("check_in", ["Brandt", "Abbott", "Celik"]),
        ("-check_in", ["Celik", "Abbott", "Brandt"]),
        ("check_out", ["Abbott", "Celik", "Brandt"]),
        ("-check_out", ["Brandt", "Celik", "Abbott"]),
        ("status", ["Brandt", "Abbott", "Celik"]),
        ("-status", ["Abbott", "Celik", "Brandt"]),
    ],
)
def test_the_office_sorts_the_assignments_by_each_column(client_as, three, sort, expected):
    assert families_in(client_as("organiser").get(CALENDAR, {"sort": sort})) == expected


def test_the_sorted_column_is_marked_and_its_header_turns_the_order(client_as, three):
    html = client_as("organiser").get(CALENDAR, {"sort": "place", "beds": "2"}).content.decode()

    assert 'aria-sort="ascending"><a class="link-body-emphasis" href="?sort=-place"' in html


@pytest.mark.parametrize("sort", ["-place", "city"])
def test_the_sorted_assignments_need_as_many_queries_for_200_beds_as_for_10(
    client_as, season, sort
):
    client = client_as("organiser")
    counts = {}
    for added, wanted in ((10, 10), (190, 200)):
        housed_students(season, added)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CALENDAR, {"sort": sort})
        assert response.status_code == 200
        counts[wanted] = len(queries)

    assert counts[10] == counts[200], counts
