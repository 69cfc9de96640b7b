"""What the placement pages show, read as plain data: the office's board (students in the office's
order, each lab's open places, the labs for a student's interests, why the matching left one out),
a lab's offers and a city's placements."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.nominations.models import Document
from ish.placements import selectors
from ish.placements.models import MatchRun, Placement
from ish.seasons.models import City, ResearchField
from tests.factories import LabFactory, attach_documents

pytestmark = pytest.mark.django_db

Status = Placement.Status


def names(students) -> list[str]:
    return [student.nomination.family_name for student in students]


def test_the_board_shows_students_without_a_lab_first_then_the_offices_work(
    organiser, season, placement_in, accepted_student
):
    placement_in(Status.ACCEPTED, family_name="Abe")
    placement_in(Status.OFFERED, family_name="Baba")
    placement_in(Status.PROPOSED, family_name="Chiba")
    accepted_student(family_name="Endo")
    accepted_student(family_name="Doi")

    board = selectors.placement_board(organiser, season)

    assert names(board.students) == ["Doi", "Endo", "Chiba", "Baba", "Abe"]
    assert (board.unplaced, board.proposed, board.offered, board.accepted) == (2, 1, 1, 1)


def test_a_students_earlier_placements_stay_beside_the_active_one(
    organiser, season, placement_in, lab
):
    declined = placement_in(Status.DECLINED)
    other_lab = LabFactory(name="Other lab")
    again = placement_in(Status.PROPOSED, lab=other_lab, nomination=declined.nomination)

    (student,) = selectors.placement_board(organiser, season).students

    assert student.placement == again
    assert student.earlier == (declined,)


def test_each_lab_shows_its_open_places_and_a_student_without_a_lab_the_labs_for_their_interests(
    organiser, season, placement_in, accepted_student, lab
):
    placement_in(Status.OFFERED)  # one of the biology lab's two places
    physics = LabFactory(
        name="Physics lab", capacity=3, fields=[ResearchField.objects.get(slug="physics")]
    )
    physicist = accepted_student(family_name="Fujii", interests=["physics"])

    board = selectors.placement_board(organiser, season)

    open_places = {row.lab: row.open_places for row in board.labs}
    assert open_places == {lab: 1, physics: 3}
    (unplaced,) = [row for row in board.students if row.placement is None]
    assert unplaced.nomination == physicist
    assert [row.lab for row in unplaced.suggested_labs] == [physics]


def test_a_student_the_last_matching_left_out_shows_why(
    organiser, season, placement_in, accepted_student
):
    left_out = accepted_student(family_name="Goto")
    placed = placement_in(Status.PROPOSED, family_name="Hara")
    MatchRun.objects.create(
        season=season,
        proposed=1,
        unmatched={
            str(left_out.pk): "declined_by_all",
            str(placed.nomination_id): "declined_by_all",
        },
    )

    board = selectors.placement_board(organiser, season)

    reasons = {row.nomination: row.unmatched_reason for row in board.students}
    assert reasons == {
        left_out: "Every lab for the student's interests has declined them.",
        placed.nomination: "",  # has a lab now
    }
    assert board.run.proposed == 1


def test_a_lab_sees_its_oldest_offer_first_with_the_cv_the_letter_and_the_date_to_answer_by(
    lab_host, season, placement_in
):
    first = placement_in(Status.OFFERED, family_name="Ito")
    second = placement_in(Status.OFFERED, family_name="Kato")
    accepted = placement_in(Status.ACCEPTED, family_name="Mori")
    attach_documents(first.nomination)

    offers = selectors.lab_offers(lab_host, season)

    assert [offer.placement for offer in offers.pending] == [first, second]
    assert offers.answered == (accepted,)
    pending = offers.pending[0]
    assert {document.kind for document in pending.documents} == {
        Document.Kind.CV,
        Document.Kind.MOTIVATION_LETTER,
    }
    offered_on = timezone.localdate(first.offered_at)
    assert pending.respond_by == offered_on + dt.timedelta(days=5)


def test_a_city_sees_its_placements_and_its_students_still_without_a_lab(
    coordinator, season, placement_in, accepted_student
):
    offered = placement_in(Status.OFFERED, family_name="Nakamura")
    declined = placement_in(Status.DECLINED, family_name="Ogawa")
    waiting = accepted_student(family_name="Sato")
    placement_in(Status.OFFERED, family_name="Elsewhere", city=City.objects.get(slug="hangzhou"))

    mine = selectors.city_placements(coordinator, season)

    assert mine.placements == (offered, declined)
    assert mine.unplaced == (declined.nomination, waiting)
