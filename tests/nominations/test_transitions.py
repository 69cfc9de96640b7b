"""The nomination workflow's transition table on the services: each legal step and its history row,
each illegal one refused, and who may take which action."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ish.errors import RuleViolation
from ish.history import Actor
from ish.nominations import services
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from tests.nominations.readback import last_history_row, status_of
from tests.nominations.transition_table import ALL_ACTIONS, ILLEGAL, LEGAL, STARTS, transition_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- the transition table ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "action"), list(LEGAL), ids=transition_ids(LEGAL))
def test_a_legal_transition_changes_the_status_and_writes_a_history_row(
    nomination_in, roomy_quota, organiser, start, action
):
    nomination = nomination_in(start)
    rows_before = nomination.changes.count()

    services.perform(nomination, action, actor=organiser, comment="Checked by the office.")

    assert status_of(nomination) == LEGAL[(start, action)]
    assert nomination.changes.count() == rows_before + 1
    row = last_history_row(nomination)
    assert row.action == action
    assert (row.from_status, row.to_status) == (start, LEGAL[(start, action)])
    assert row.actor == organiser
    assert row.actor_label == organiser.get_full_name()
    assert row.comment == "Checked by the office."


@pytest.mark.parametrize(("start", "action"), ILLEGAL, ids=transition_ids(ILLEGAL))
def test_an_illegal_transition_is_refused_and_changes_nothing(
    nomination_in, roomy_quota, organiser, start, action
):
    nomination = nomination_in(start)
    rows_before = nomination.changes.count()
    mails_before = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation, match="cannot move to"):
        services.perform(nomination, action, actor=organiser, over_quota=True)

    assert status_of(nomination) == start
    assert nomination.changes.count() == rows_before
    assert OutboundEmail.objects.count() == mails_before


@pytest.mark.parametrize("final", [Status.DECLINED, Status.WITHDRAWN])
def test_declined_and_withdrawn_nominations_are_final(nomination_in, roomy_quota, organiser, final):
    nomination = nomination_in(final)

    for action in ALL_ACTIONS:
        with pytest.raises(RuleViolation):
            services.perform(nomination, action, actor=organiser, over_quota=True)

    assert status_of(nomination) == final


def test_submitting_stamps_the_submission_time_and_deciding_the_decision_time(
    nomination_in, roomy_quota, organiser, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)

    services.perform(nomination, "submit", actor=organiser)
    nomination.refresh_from_db()
    assert timezone.localdate(nomination.submitted_at) == dt.date(2027, 2, 1)
    assert nomination.decided_at is None

    services.perform(nomination, "waitlist", actor=organiser)
    nomination.refresh_from_db()
    assert nomination.decided_at is not None


def test_the_students_own_confirmation_is_recorded_as_by_the_student(nomination_in, roomy_quota):
    nomination = nomination_in(Status.ACCEPTED)

    services.perform(nomination, "confirm", actor=None)

    assert status_of(nomination) == Status.CONFIRMED
    row = last_history_row(nomination)
    assert row.actor is None
    assert row.actor_kind == Actor.STUDENT
    assert row.actor_name == "the student"


# --- who may take which action ----------------------------------------------------------------


@pytest.mark.parametrize("action", ["submit", "confirm", "withdraw"])
def test_a_coordinator_may_submit_confirm_and_withdraw_their_own_citys_nominations(
    nomination_in, roomy_quota, coordinator, action
):
    nomination = nomination_in(STARTS[action])

    services.perform(nomination, action, actor=coordinator, comment="From Kumamoto.")

    assert status_of(nomination) == LEGAL[(STARTS[action], action)]
    row = last_history_row(nomination)
    assert (row.actor, row.comment) == (coordinator, "From Kumamoto.")


@pytest.mark.parametrize("action", ["accept", "waitlist", "decline"])
def test_only_an_organiser_may_accept_waitlist_or_decline(
    nomination_in, roomy_quota, coordinator, action
):
    nomination = nomination_in(Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_coordinator_may_take_no_action_on_another_citys_nomination(
    nomination_in, roomy_quota, other_coordinator, action
):
    nomination = nomination_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=other_coordinator)

    assert status_of(nomination) == STARTS[action]


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_lab_host_may_take_no_action(nomination_in, roomy_quota, lab_host, action):
    nomination = nomination_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=lab_host)

    assert status_of(nomination) == STARTS[action]
