"""The office's list of NYSF applications sorted by each column header, answered as a partial
to htmx, with a flat number of queries however it is sorted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.exchange.models import Application
from tests.exchange.test_pages import grow
from tests.factories import BERLIN, ApplicationFactory, OrganiserFactory, SchoolFactory
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Application.Status
LIST = reverse("exchange:list")


@pytest.fixture
def three(open_season):
    """Abe (A-school, female, 18, confirmed 3 Mar, 5 points, submitted), Berg (B-school, male,
    19, confirmed 1 Mar, 9 points, shortlisted), Cruz (C-school, diverse, 20, unconfirmed,
    1 point, rejected); applied in that order."""
    march = [dt.datetime(2027, 3, day, tzinfo=BERLIN) for day in (1, 3)]
    rows = [
        ("Abe", "A-school", "female", dt.date(2008, 6, 1), march[1], 5, Status.SUBMITTED),
        ("Berg", "B-school", "male", dt.date(2007, 6, 1), march[0], 9, Status.SHORTLISTED),
        ("Cruz", "C-school", "diverse", dt.date(2006, 6, 1), None, 1, Status.REJECTED),
    ]
    for family, school, gender, born, confirmed, score, status in rows:
        ApplicationFactory(
            season=open_season, given_name="Kim", family_name=family,
            school=SchoolFactory(name=school), gender=gender, date_of_birth=born,
            nominator_confirmed_at=confirmed, score=score, status=status,
        )  # fmt: skip


def names_in(response) -> list[str]:
    return [row[0].removeprefix("Kim ") for row in parse(response).table("application-table")]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Abe", "Berg", "Cruz"]),
        ("-name", ["Cruz", "Berg", "Abe"]),
        ("school", ["Abe", "Berg", "Cruz"]),
        ("-school", ["Cruz", "Berg", "Abe"]),
        ("gender", ["Cruz", "Abe", "Berg"]),
        ("-gender", ["Berg", "Abe", "Cruz"]),
        ("age", ["Abe", "Berg", "Cruz"]),
        ("-age", ["Cruz", "Berg", "Abe"]),
        ("confirmed", ["Berg", "Abe", "Cruz"]),
        ("-confirmed", ["Abe", "Berg", "Cruz"]),
        ("score", ["Cruz", "Abe", "Berg"]),
        ("-score", ["Berg", "Abe", "Cruz"]),
        ("status", ["Cruz", "Berg", "Abe"]),
        ("-status", ["Abe", "Berg", "Cruz"]),
        ("applied", ["Abe", "Berg", "Cruz"]),
        ("-applied", ["Cruz", "Berg", "Abe"]),
    ],
)
def test_the_office_sorts_the_applications_by_each_column(client_as, three, sort, expected):
    assert names_in(client_as("organiser").get(LIST, {"sort": sort})) == expected


def test_the_best_score_comes_first_unless_asked_otherwise(client_as, three):
    html = client_as("organiser").get(LIST).content.decode()

    assert names_in(client_as("organiser").get(LIST)) == ["Berg", "Abe", "Cruz"]
    assert 'aria-sort="descending"><a class="link-body-emphasis" href="?' in html


def test_htmx_gets_only_the_list(client_as, three):
    response = client_as("organiser").get(
        LIST, {"status": "shortlisted"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="list-results"')
    assert "<html" not in html
    assert names_in(response) == ["Berg"]


@pytest.mark.parametrize("sort", ["school", "-confirmed"])
def test_the_sorted_list_takes_the_same_queries_for_10_and_for_200_applications(
    client_as, open_season, organiser, sort
):
    reviewers = [organiser, OrganiserFactory(username="panel")]
    client = client_as("organiser")
    client.get(LIST)  # the session and the translations, loaded once
    counts = {}
    for rows in (10, 200):
        grow(open_season, rows, Status.SUBMITTED, reviewers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"season": open_season.pk, "sort": sort})
        assert response.status_code == 200
        counts[rows] = len(queries)

    assert counts[10] == counts[200], counts
