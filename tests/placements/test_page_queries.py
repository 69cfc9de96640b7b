"""The placement pages need the same number of queries for a few students as for many: the board,
the lab host's offers and the placement list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ish.labs.models import Lab
from ish.nominations.models import Document, Nomination
from ish.placements.models import Placement
from ish.seasons.models import ResearchField
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.placements.shared import BOARD, LIST, OFFERS, text_of

pytestmark = pytest.mark.django_db

Status = Placement.Status

SMALL, LARGE = 10, 200


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _students_on_the_board(wanted: int, season, labs: list[Lab]) -> None:
    """Accepted students, a quarter without a lab and the others in each state."""
    statuses = [None, Status.PROPOSED, Status.OFFERED, Status.ACCEPTED, Status.DECLINED]
    for n in range(Nomination.objects.filter(season=season).count(), wanted):
        nomination = NominationFactory(season=season, status="accepted", interests=["biology"])
        status = statuses[n % len(statuses)]
        if status is not None:
            PlacementFactory(nomination=nomination, lab=labs[n % len(labs)], status=status)


def test_the_board_needs_the_same_queries_for_10_and_200_students(as_role, season):
    labs = [LabFactory(fields=[ResearchField.objects.get(slug="biology")]) for _ in range(3)]
    office = as_role("organiser")
    _students_on_the_board(SMALL, season, labs)
    small = queries_for(office, BOARD)

    _students_on_the_board(LARGE, season, labs)
    large = queries_for(office, BOARD)

    assert large == small


def _offers_to(lab: Lab, wanted: int, season) -> None:
    """Offers and answers, each student with a CV and a transcript (rows only: no page reads
    the files)."""
    documents = []
    for n in range(Placement.objects.filter(lab=lab).count(), wanted):
        status = Status.OFFERED if n % 3 else Status.DECLINED
        placement = PlacementFactory(
            nomination__season=season, nomination__interests=["biology", "medicine"], lab=lab,
            status=status,
        )  # fmt: skip
        documents += [
            Document(
                nomination=placement.nomination,
                kind=kind,
                file=f"documents/{n}-{kind}.pdf",
                filename=f"{kind}.pdf",
                content_type="application/pdf",
                size=1000,
            )
            for kind in (Document.Kind.CV, Document.Kind.TRANSCRIPT)
        ]
    Document.objects.bulk_create(documents)


def test_the_offers_list_needs_the_same_queries_for_10_and_200_offers(as_role, season, lab):
    lab_host = as_role("lab_host")
    _offers_to(lab, SMALL, season)
    small = queries_for(lab_host, OFFERS)

    _offers_to(lab, LARGE, season)
    large = queries_for(lab_host, OFFERS)

    assert large == small


@pytest.mark.parametrize("role", ["coordinator", "organiser"])
def test_the_placement_list_needs_the_same_queries_for_10_and_200_students(as_role, season, role):
    labs = [LabFactory(fields=[ResearchField.objects.get(slug="biology")]) for _ in range(3)]
    reader = as_role(role)
    _students_on_the_board(SMALL, season, labs)
    small = queries_for(reader, LIST)

    _students_on_the_board(LARGE, season, labs)
    large = queries_for(reader, LIST)

    assert large == small
    page = text_of(reader.get(LIST))
    assert page.count('data-testid="placement-row"') > SMALL  # the rows are all there
