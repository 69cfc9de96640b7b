"""The board stays the same size however many labs there are: the same queries at 10 and at 200
labs, only a page of labs read, and each student's suggested labs (read in SQL for the page's
students only) the same as choosing among every lab."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.labs.models import Lab
from ish.placements import selectors
from ish.placements.models import Placement
from ish.seasons.models import ResearchField
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.placements.shared import BOARD

pytestmark = pytest.mark.django_db

Status = Placement.Status
SLUGS = ["biology", "physics", "chemistry"]


def labs_and_students(season, count: int) -> None:
    """`count` labs (capacities and placements varied, covering one or two fields) and as many
    students without a lab, each interested in one or two fields."""
    fields = [ResearchField.objects.get(slug=slug) for slug in SLUGS]
    start = Lab.objects.count()
    for n in range(start, start + count):
        lab = LabFactory(
            name=f"Lab {n % 7}",  # names repeat: the order among equals is the board's
            capacity=1 + n % 5,
            fields=[fields[n % 3]] + ([fields[(n + 1) % 3]] if n % 4 == 0 else []),
        )
        for _ in range(n % 3):
            PlacementFactory(nomination__season=season, lab=lab, status=Status.PROPOSED)
        NominationFactory(
            season=season, status="accepted", interests=SLUGS[n % 3 : n % 3 + 1 + n % 2]
        )


def expected_suggestions(season, student) -> list[Lab]:
    """Every lab of the season's board covering one of the student's fields, most open places
    first, then in the board's order (institute, name), the first ten."""
    interests = set(student.interests.values_list("field_id", flat=True))
    rows = []
    for lab in Lab.objects.select_related("institute").order_by("institute__name", "name", "pk"):
        if not interests & set(lab.fields.values_list("pk", flat=True)):
            continue
        taken = Placement.objects.filter(
            lab=lab, nomination__season=season, status__in=Placement.ACTIVE
        ).count()
        rows.append((lab.capacity - taken, lab))
    rows.sort(key=lambda row: -row[0])
    return [lab for _open, lab in rows[: selectors.SUGGESTED_LABS]]


def test_each_student_is_suggested_the_labs_with_the_most_open_places_for_their_interests(
    organiser, season
):
    labs_and_students(season, 60)

    board = selectors.placement_board(organiser, season)

    unplaced = [row for row in board.students if row.placement is None]
    assert len(unplaced) == 50
    for row in unplaced:
        assert [choice.lab for choice in row.suggested_labs] == expected_suggestions(
            season, row.nomination
        )


def test_the_board_reads_as_many_queries_at_200_labs_as_at_10(as_role, season):
    office = as_role("organiser")
    labs_and_students(season, 10)
    with CaptureQueriesContext(connection) as small:
        assert office.get(BOARD).status_code == 200
    labs_and_students(season, 190)
    with CaptureQueriesContext(connection) as large:
        response = office.get(BOARD)

    assert len(large) == len(small)
    html = response.content.decode()
    assert html.count('data-testid="lab-row"') == selectors.LABS_PER_PAGE
    assert html.count('data-testid="student-row"') == selectors.STUDENTS_PER_PAGE
