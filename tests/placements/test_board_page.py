"""The office's placement board through the test client: the students and each lab's figures, the
matching run and offering all, proposing by hand, and single transitions from the board."""

import pytest
from django.test import Client
from django.urls import reverse

from ish.placements.models import Placement
from tests.factories import NominationFactory, OrganiserFactory
from tests.placements.shared import BOARD, status_of, text_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


def test_the_board_lists_students_without_a_lab_first_and_each_labs_figures(
    as_role, accepted_student, placement_in, lab
):
    placement_in(Status.ACCEPTED, given_name="Anna", family_name="Accepted")
    placement_in(Status.OFFERED, given_name="Otto", family_name="Offered")
    accepted_student(given_name="Zoe", family_name="Zunplaced")
    NominationFactory(given_name="Sam", family_name="Submitted", status="submitted")

    page = text_of(as_role("organiser").get(BOARD))

    assert page.index("Zoe Zunplaced") < page.index("Otto Offered") < page.index("Anna Accepted")
    assert "Sam Submitted" not in page  # only accepted or confirmed students are placed
    response = as_role("organiser").get(BOARD)
    board = response.context["board"]
    figures = {row.lab.pk: row for row in board.labs}[lab.pk]
    capacity = figures.lab.capacity
    assert (capacity, figures.proposed, figures.offered, figures.accepted) == (2, 0, 1, 1)
    assert board.unplaced == 1


def test_running_the_matching_proposes_labs_and_explains_each_result(
    as_role, season, accepted_student, lab
):
    biologists = [accepted_student(interests=["biology"]) for _ in range(2)]
    astronomer = accepted_student(
        given_name="Stella", family_name="Stargazer", interests=["astronomy"]
    )

    response = as_role("organiser").post(
        reverse("placements:match"), {"season": season.pk}, follow=True
    )

    page = text_of(response)
    assert "The matching proposed a lab for 2 students." in page
    assert "1 student is left without a lab" in page
    assert page.count("Matched on the student's research interest 1: Biology.") == 2
    row = page[page.index("Stella Stargazer") :]
    assert row.index("No lab covers the student's research interests.") < row.index("</article>")
    for student in biologists:
        assert student.placements.get().status == Status.PROPOSED
    assert not astronomer.placements.exists()


def test_every_organiser_sees_the_last_runs_reasons_on_the_board(
    as_role, organiser, season, accepted_student, lab
):
    astronomer = accepted_student(
        given_name="Stella", family_name="Stargazer", interests=["astronomy"]
    )
    accepted_student(interests=["biology"])
    as_role("organiser").post(reverse("placements:match"), {"season": season.pk})
    colleague = Client()
    colleague.force_login(OrganiserFactory(username="colleague"))

    page = text_of(colleague.get(BOARD))

    row = page[page.index(f'id="student-{astronomer.pk}"') :]
    assert row.index("No lab covers the student's research interests.") < row.index("</article>")
    assert "Proposed: 1; left without a lab: 1" in page
    assert f"by <bdi>{organiser.get_full_name()}</bdi>. Proposed: 1; left without a lab: 1" in page


def test_offering_all_proposals_offers_them_in_one_action(as_role, season, placement_in):
    proposals = [placement_in(Status.PROPOSED) for _ in range(3)]

    response = as_role("organiser").post(
        reverse("placements:offer_all"), {"season": season.pk}, follow=True
    )

    assert "3 proposals are offered to their labs" in text_of(response)
    assert [status_of(placement) for placement in proposals] == [Status.OFFERED] * 3


def test_offering_all_without_proposals_says_so(as_role, season):
    response = as_role("organiser").post(
        reverse("placements:offer_all"), {"season": season.pk}, follow=True
    )

    assert "There were no proposals to offer." in text_of(response)


def test_the_office_proposes_a_lab_by_hand_for_an_unplaced_student(
    as_role, accepted_student, other_lab_host
):
    student = accepted_student(given_name="Hand", family_name="Picked")
    other_lab = other_lab_host.lab

    board = text_of(as_role("organiser").get(BOARD))
    assert f'id="propose-{student.pk}"' in board
    response = as_role("organiser").post(
        reverse("placements:propose"), {"nomination": student.pk, "lab": other_lab.pk}, follow=True
    )

    assert f"Hand Picked is proposed for {other_lab.name}." in text_of(response)
    placement = student.placements.get()
    assert (placement.lab, placement.status) == (other_lab, Status.PROPOSED)
    assert placement.changes.get().action == "propose"


def test_proposing_a_lab_for_a_student_who_has_one_shows_the_rule(as_role, placement_in, lab):
    placement = placement_in(Status.OFFERED, given_name="Already", family_name="Placed")

    response = as_role("organiser").post(
        reverse("placements:propose"),
        {"nomination": placement.nomination_id, "lab": lab.pk},
        follow=True,
    )

    assert "Already Placed already has an active placement; cancel it first." in text_of(response)
    assert placement.nomination.placements.count() == 1


def test_proposing_without_a_lab_asks_for_one(as_role, accepted_student):
    student = accepted_student()

    response = as_role("organiser").post(
        reverse("placements:propose"), {"nomination": student.pk, "lab": ""}, follow=True
    )

    assert "Choose a student and a lab to propose." in text_of(response)
    assert not student.placements.exists()


def test_the_office_offers_and_cancels_single_placements_from_the_board(
    as_role, season, placement_in
):
    to_offer = placement_in(Status.PROPOSED)
    to_cancel = placement_in(Status.ACCEPTED, given_name="Carl", family_name="Cancelled")
    office = as_role("organiser")
    back = f"{BOARD}?season={season.pk}#student-{to_offer.nomination_id}"

    offered = office.post(
        reverse("placements:action", args=[to_offer.pk]), {"action": "offer", "next": back}
    )
    office.post(reverse("placements:action", args=[to_cancel.pk]), {"action": "cancel"})

    assert offered.url == back
    assert status_of(to_offer) == Status.OFFERED
    assert status_of(to_cancel) == Status.CANCELLED
    page = text_of(office.get(BOARD))
    assert f"{to_cancel.lab.name}: cancelled" in page  # shown beside the now unplaced student


def test_an_answer_never_redirects_to_another_site(as_role, offer):
    response = as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "accept", "next": "https://evil.example/"},
    )

    assert response.url == reverse("placements:detail", args=[offer.pk])


def test_a_refused_transition_is_explained(as_role, placement_in):
    declined = placement_in(Status.DECLINED)

    response = as_role("organiser").post(
        reverse("placements:action", args=[declined.pk]), {"action": "offer"}, follow=True
    )

    assert "A placement with the status “declined” cannot move to “offered”." in text_of(response)
