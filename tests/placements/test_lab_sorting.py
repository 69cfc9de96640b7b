"""The placements board's labs sorted by each column header, with as many queries for 200 labs
as for 10 however they are sorted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.placements.models import Placement
from tests.factories import InstituteFactory, LabFactory
from tests.placements.shared import BOARD
from tests.placements.test_board_at_scale import labs_and_students
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Placement.Status
NAMES = ("Alpha Lab", "Beta Lab", "Gamma Lab")


@pytest.fixture
def three(season, placement_in):
    """Alpha Lab (Zeta Institute, 4 places: 2 offered, 1 accepted), Beta Lab (Eta Institute,
    6 places: 1 proposed), Gamma Lab (Theta Institute, 3 places: 2 proposed, 1 offered,
    2 accepted)."""
    for name, institute, capacity, statuses in [
        ("Alpha Lab", "Zeta Institute", 4, [Status.OFFERED] * 2 + [Status.ACCEPTED]),
        ("Beta Lab", "Eta Institute", 6, [Status.PROPOSED]),
        (
            "Gamma Lab",
            "Theta Institute",
            3,
            [Status.PROPOSED] * 2 + [Status.OFFERED] + [Status.ACCEPTED] * 2,
        ),
    ]:
        lab = LabFactory(name=name, institute=InstituteFactory(name=institute), capacity=capacity)
        for status in statuses:
            placement_in(status, lab=lab)


def labs_in(response) -> list[str]:
    """The three labs' names in the table's order (the lab host's own lab is on it too)."""
    rows = parse(response).table("lab-table")
    return [name for row in rows for name in NAMES if name in " ".join(row)]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("institute", ["Beta Lab", "Gamma Lab", "Alpha Lab"]),
        ("-institute", ["Alpha Lab", "Gamma Lab", "Beta Lab"]),
        ("lab", ["Alpha Lab", "Beta Lab", "Gamma Lab"]),
        ("-lab", ["Gamma Lab", "Beta Lab", "Alpha Lab"]),
        ("capacity", ["Gamma Lab", "Alpha Lab", "Beta Lab"]),
        ("-capacity", ["Beta Lab", "Alpha Lab", "Gamma Lab"]),
        ("proposed", ["Alpha Lab", "Beta Lab", "Gamma Lab"]),
        ("-proposed", ["Gamma Lab", "Beta Lab", "Alpha Lab"]),
        ("offered", ["Beta Lab", "Gamma Lab", "Alpha Lab"]),
        ("-offered", ["Alpha Lab", "Gamma Lab", "Beta Lab"]),
        ("accepted", ["Beta Lab", "Alpha Lab", "Gamma Lab"]),
        ("-accepted", ["Gamma Lab", "Alpha Lab", "Beta Lab"]),
    ],
)
def test_the_office_sorts_the_labs_by_each_column(as_role, season, three, sort, expected):
    response = as_role("organiser").get(BOARD, {"season": season.pk, "sort": sort})

    assert labs_in(response) == expected


def test_the_labs_are_by_institute_unless_a_column_is_chosen(as_role, season, three):
    response = as_role("organiser").get(BOARD, {"season": season.pk})

    assert labs_in(response) == ["Beta Lab", "Gamma Lab", "Alpha Lab"]


def test_a_header_keeps_the_season_and_starts_the_labs_on_their_first_page(as_role, season, three):
    html = (
        as_role("organiser")
        .get(BOARD, {"season": season.pk, "labs": "2", "sort": "capacity"})
        .content.decode()
    )

    assert (
        f'aria-sort="ascending"><a class="link-body-emphasis" '
        f'href="?season={season.pk}&amp;sort=-capacity"' in html
    )


@pytest.mark.parametrize("sort", ["-accepted", "lab"])
def test_the_sorted_board_reads_as_many_queries_at_200_labs_as_at_10(as_role, season, sort):
    office = as_role("organiser")
    labs_and_students(season, 10)
    with CaptureQueriesContext(connection) as small:
        assert office.get(BOARD, {"sort": sort}).status_code == 200
    labs_and_students(season, 190)
    with CaptureQueriesContext(connection) as large:
        response = office.get(BOARD, {"sort": sort})

    assert len(large) == len(small)
    assert response.content.decode().count('data-testid="lab-row"') == 50
