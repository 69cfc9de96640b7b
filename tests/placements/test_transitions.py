"""The placement's transitions on the service: the table of legal moves with the history row each
writes, who may take each, and the cancellation a student's withdrawal causes."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from ish.errors import RuleViolation
from ish.history import Actor
from ish.notifications.models import OutboundEmail
from ish.participants import services as lifecycle
from ish.placements import services
from ish.placements.models import Placement, PlacementChange
from tests.placements.shared import status_of

pytestmark = pytest.mark.django_db

Status = Placement.Status

ACTIONS = ["offer", "accept", "decline", "cancel"]
# The transition table of the issue: (from, action) → to. Everything else is illegal.
LEGAL = {
    (Status.PROPOSED, "offer"): Status.OFFERED,
    (Status.OFFERED, "accept"): Status.ACCEPTED,
    (Status.OFFERED, "decline"): Status.DECLINED,
    (Status.PROPOSED, "cancel"): Status.CANCELLED,
    (Status.OFFERED, "cancel"): Status.CANCELLED,
    (Status.ACCEPTED, "cancel"): Status.CANCELLED,
}
ILLEGAL = [
    (status, action)
    for status in Status.values
    for action in ACTIONS
    if (status, action) not in LEGAL
]
# A status each action can be taken from.
STARTS = {"offer": Status.PROPOSED, "accept": Status.OFFERED, "decline": Status.OFFERED,
          "cancel": Status.OFFERED}  # fmt: skip


def transition_ids(pairs) -> list[str]:
    return [f"{status}-{action}" for status, action in pairs]


# --- the transition table ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "action"), list(LEGAL), ids=transition_ids(LEGAL))
def test_a_legal_transition_changes_the_status_and_writes_a_history_row(
    placement_in, organiser, start, action
):
    placement = placement_in(start)
    rows_before = placement.changes.count()

    services.perform(placement, action, actor=organiser, comment="Checked by the office.")

    assert status_of(placement) == LEGAL[(start, action)]
    assert placement.changes.count() == rows_before + 1
    row = placement.changes.order_by("id").last()
    assert (row.action, row.from_status, row.to_status) == (action, start, LEGAL[(start, action)])
    assert row.actor == organiser
    assert row.actor_label == organiser.get_full_name()
    assert row.comment == "Checked by the office."
    assert placement.comment == "Checked by the office."


@pytest.mark.parametrize(("start", "action"), ILLEGAL, ids=transition_ids(ILLEGAL))
def test_an_illegal_transition_is_refused_and_changes_nothing(
    placement_in, organiser, start, action
):
    placement = placement_in(start)
    rows_before = placement.changes.count()
    mails_before = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation, match="cannot move to"):
        services.perform(placement, action, actor=organiser)

    assert status_of(placement) == start
    assert placement.changes.count() == rows_before
    assert OutboundEmail.objects.count() == mails_before


def test_every_placement_has_its_whole_history_from_the_proposal_on(placement_in, organiser):
    placement = placement_in(Status.ACCEPTED)

    rows = list(placement.changes.order_by("created_at", "id"))

    assert [(r.action, r.from_status, r.to_status) for r in rows] == [
        ("propose", "", Status.PROPOSED),
        ("offer", Status.PROPOSED, Status.OFFERED),
        ("accept", Status.OFFERED, Status.ACCEPTED),
    ]
    assert all(row.actor == organiser for row in rows)


def test_offering_and_answering_record_when(placement_in, organiser):
    offered = placement_in(Status.OFFERED)
    answered = placement_in(Status.DECLINED)

    assert offered.offered_at is not None
    assert offered.answered_at is None
    assert answered.answered_at >= answered.offered_at


# --- who may take which transition ------------------------------------------------------------


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_a_lab_host_answers_offers_to_their_own_lab(placement_in, lab_host, action):
    placement = placement_in(Status.OFFERED)

    services.perform(placement, action, actor=lab_host, comment="Welcome!")

    assert status_of(placement) == LEGAL[(Status.OFFERED, action)]
    row = placement.changes.order_by("id").last()
    assert row.actor == lab_host
    assert row.comment == "Welcome!"


@pytest.mark.parametrize("action", ["offer", "cancel"])
def test_a_lab_host_may_neither_offer_nor_cancel_even_in_their_own_lab(
    placement_in, lab_host, action
):
    placement = placement_in(STARTS[action] if action == "cancel" else Status.PROPOSED)
    before = status_of(placement)

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=lab_host)

    assert status_of(placement) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_lab_host_may_not_act_on_another_labs_placement(placement_in, other_lab_host, action):
    placement = placement_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=other_lab_host)

    assert status_of(placement) == STARTS[action]


@pytest.mark.parametrize("action", ACTIONS)
def test_a_coordinator_may_take_no_transition(placement_in, coordinator, action):
    placement = placement_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=coordinator)

    assert status_of(placement) == STARTS[action]


def test_the_system_cancels_with_its_own_name_in_the_history(placement_in):
    placement = placement_in(Status.OFFERED)

    services.perform(placement, "cancel", actor=None, comment="Withdrawn.")

    row = placement.changes.order_by("id").last()
    assert row.actor is None
    assert row.actor_kind == Actor.SYSTEM
    assert row.actor_name == "the system"


# --- withdrawals ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.OFFERED, Status.ACCEPTED])
def test_withdrawing_a_student_cancels_their_placement(placement_in, organiser, status):
    placement = placement_in(status)

    placement.comment = "Looking forward to it."
    placement.save()

    with translation.override("de"):  # e.g. a German coordinator withdraws
        lifecycle.withdraw(placement.nomination, actor=organiser)

    assert status_of(placement) == Status.CANCELLED
    assert Placement.objects.get(pk=placement.pk).comment == "Looking forward to it."
    row = placement.changes.order_by("id").last()
    assert (row.action, row.from_status, row.actor_kind) == ("cancel", status, Actor.SYSTEM)
    assert (row.comment, row.reason) == ("", "nomination_withdrawn")
    assert row.note == "The nomination was withdrawn."


def test_a_coordinators_withdrawal_frees_the_place_for_another_student(
    placement_in, coordinator, organiser, lab
):
    lab.capacity = 1
    lab.save()
    placement = placement_in(Status.ACCEPTED)
    waiting = placement_in(Status.OFFERED)

    lifecycle.withdraw(placement.nomination, actor=coordinator)
    services.perform(waiting, "accept", actor=organiser)

    assert status_of(waiting) == Status.ACCEPTED


def test_withdrawing_leaves_ended_placements_as_they_were(placement_in, organiser):
    declined = placement_in(Status.DECLINED)

    lifecycle.withdraw(declined.nomination, actor=organiser)

    assert status_of(declined) == Status.DECLINED
    assert PlacementChange.objects.filter(placement=declined, action="cancel").count() == 0
