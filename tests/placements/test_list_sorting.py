"""The coordinators' (and the office's) placements list sorted by each column header, with the
same number of queries for 10 and 200 students however it is sorted."""

import datetime as dt

import pytest

from ish.placements.models import Placement
from ish.seasons.models import ResearchField
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.placements.shared import LIST
from tests.placements.test_page_queries import LARGE, SMALL, _students_on_the_board, queries_for
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Placement.Status


@pytest.fixture
def three(season):
    """Abe in the Zebrafish Lab (offered, from 20 July), Berg in the Algae Lab (accepted, from
    25 July), Cruz in the Mouse Lab (proposed, from 15 July): all of Kumamoto."""
    rows = [
        ("Abe", "Zebrafish Lab", Status.OFFERED, 20),
        ("Berg", "Algae Lab", Status.ACCEPTED, 25),
        ("Cruz", "Mouse Lab", Status.PROPOSED, 15),
    ]
    for family, lab, status, day in rows:
        nomination = NominationFactory(
            season=season, status="accepted", given_name="Kim", family_name=family
        )
        PlacementFactory(
            nomination=nomination, lab=LabFactory(name=lab), status=status,
            starts_on=dt.date(season.year, 7, day),
        )  # fmt: skip


def names_in(response) -> list[str]:
    # The organiser's rows name the city under the student.
    rows = parse(response).table("placement-table")
    return [row[0].removeprefix("Kim ").removesuffix("Kumamoto") for row in rows]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("student", ["Abe", "Berg", "Cruz"]),
        ("-student", ["Cruz", "Berg", "Abe"]),
        ("lab", ["Berg", "Cruz", "Abe"]),
        ("-lab", ["Abe", "Cruz", "Berg"]),
        ("status", ["Berg", "Abe", "Cruz"]),
        ("-status", ["Cruz", "Abe", "Berg"]),
        ("dates", ["Cruz", "Abe", "Berg"]),
        ("-dates", ["Berg", "Abe", "Cruz"]),
    ],
)
@pytest.mark.parametrize("role", ["coordinator", "organiser"])
def test_the_placements_are_sorted_by_each_column(as_role, three, role, sort, expected):
    assert names_in(as_role(role).get(LIST, {"sort": sort})) == expected


def test_the_sorted_column_is_marked(as_role, three):
    html = as_role("coordinator").get(LIST, {"sort": "-lab"}).content.decode()

    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"><a class="link-body-emphasis" href="?sort=lab"' in html


@pytest.mark.parametrize("sort", ["-lab", "dates"])
def test_the_sorted_list_needs_the_same_queries_for_10_and_200_students(as_role, season, sort):
    labs = [LabFactory(fields=[ResearchField.objects.get(slug="biology")]) for _ in range(3)]
    reader = as_role("coordinator")
    _students_on_the_board(SMALL, season, labs)
    small = queries_for(reader, f"{LIST}?sort={sort}")

    _students_on_the_board(LARGE, season, labs)
    large = queries_for(reader, f"{LIST}?sort={sort}")

    assert large == small
