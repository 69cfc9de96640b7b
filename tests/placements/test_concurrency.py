"""Lab hosts accepting at the same moment on real PostgreSQL: the lab's row lock keeps every lab
within its capacity, however many acceptances race for its last places."""

import threading
import time

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.participants import services as lifecycle
from ish.placements import services
from ish.placements.models import Placement
from tests.concurrency import all_at_once
from tests.factories import (
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.postgres

RACERS, CAPACITY = 10, 3


@pytest.fixture
def offers(reference_data):
    """Ten offers to one lab with three places, committed, and the lab's host."""
    season, organiser = SeasonFactory(), OrganiserFactory()
    lab = LabFactory(capacity=CAPACITY)
    host = LabHostFactory(lab=lab)
    placements = []
    for _ in range(RACERS):
        nomination = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
        placement = services.create_placement(actor=organiser, nomination=nomination, lab=lab)
        placements.append(services.perform(placement, "offer", actor=organiser))
    return lab, host, placements


def test_ten_hosts_accepting_at_once_fill_exactly_the_labs_capacity(offers):
    lab, host, placements = offers

    outcomes = all_at_once(
        lambda placement: services.perform(placement, "accept", actor=host), placements
    )

    accepted = [o for o in outcomes if isinstance(o, Placement)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert (len(accepted), len(refused)) == (CAPACITY, RACERS - CAPACITY), outcomes
    assert {str(error) for error in refused} == {
        f"{lab.name} is full: it has accepted 3 of 3 students for 2027."
    }
    statuses = list(Placement.objects.filter(lab=lab).values_list("status", flat=True))
    assert sorted(statuses) == ["accepted"] * CAPACITY + ["offered"] * (RACERS - CAPACITY)


def test_ten_acceptances_through_the_api_at_once_give_three_200s_and_seven_409s(offers):
    lab, host, placements = offers

    def accept(placement):
        api = APIClient()
        api.force_authenticate(host)
        return api.post(f"/api/v1/placements/{placement.pk}/accept/")

    responses = all_at_once(accept, placements)

    codes = sorted(response.status_code for response in responses)
    assert codes == [200] * CAPACITY + [409] * (RACERS - CAPACITY), responses
    assert {r.json()["detail"] for r in responses if r.status_code == 409} == {
        f"{lab.name} is full: it has accepted 3 of 3 students for 2027."
    }
    assert Placement.objects.filter(lab=lab, status="accepted").count() == CAPACITY


def test_a_withdrawal_and_an_acceptance_of_the_same_student_at_once_do_not_deadlock(offers):
    _, host, placements = offers
    placement = placements[0]
    organiser = OrganiserFactory(username="office")
    withdrawal_holds_the_student = threading.Event()

    def withdraw():
        # The lifecycle locks the student first, then releases their placement, which
        # locks the lab: hold the student a moment, so the acceptance comes in between.
        with transaction.atomic():
            Nomination.objects.select_for_update().get(pk=placement.nomination_id)
            withdrawal_holds_the_student.set()
            time.sleep(1)
            return lifecycle.withdraw(placement.nomination, actor=organiser)

    def accept():
        withdrawal_holds_the_student.wait(timeout=30)
        return services.perform(placement, "accept", actor=host)

    outcomes = all_at_once(lambda work: work(), [withdraw, accept])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CANCELLED
    assert placement.nomination.status == Nomination.Status.WITHDRAWN


def test_a_matching_run_waits_for_a_proposal_made_by_hand_at_the_same_moment(reference_data):
    season, organiser = SeasonFactory(), OrganiserFactory()
    lab = LabFactory(capacity=CAPACITY)
    student = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    proposal_pending = threading.Event()

    def propose_by_hand():
        with transaction.atomic():
            placement = services.create_placement(actor=organiser, nomination=student, lab=lab)
            proposal_pending.set()
            time.sleep(1)  # the matching run starts before this proposal is committed
        return placement

    def run_matching():
        proposal_pending.wait(timeout=30)
        return services.run_matching(season, actor=organiser)

    outcomes = all_at_once(lambda work: work(), [propose_by_hand, run_matching])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    # the run came second: it replaced the proposal by hand with its own
    [placement] = Placement.objects.filter(nomination=student)
    assert placement.status == Placement.Status.PROPOSED
    assert placement.explanation_text.startswith("Matched on")


@pytest.mark.parametrize("offering", ["one", "all"])
def test_offers_made_while_a_matching_run_starts_keep_their_whole_history(reference_data, offering):
    season, organiser = SeasonFactory(), OrganiserFactory()
    lab = LabFactory(capacity=CAPACITY)
    proposals = [
        services.create_placement(
            actor=organiser,
            nomination=NominationFactory(season=season, status=Nomination.Status.ACCEPTED),
            lab=lab,
        )
        for _ in range(2)
    ]
    offers_pending = threading.Event()

    def offer():
        with transaction.atomic():
            if offering == "all":
                services.offer_all(season, actor=organiser)
            else:
                for placement in proposals:
                    services.perform(placement, "offer", actor=organiser)
            offers_pending.set()
            time.sleep(1)  # the matching run starts before the offers are committed

    def run_matching():
        offers_pending.wait(timeout=30)
        return services.run_matching(season, actor=organiser)

    outcomes = all_at_once(lambda work: work(), [offer, run_matching])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    for placement in proposals:
        placement.refresh_from_db()
        assert placement.status == Placement.Status.OFFERED
        actions = list(placement.changes.order_by("id").values_list("action", flat=True))
        assert actions == ["propose", "offer"]


def test_an_offer_made_while_a_matching_run_commits_neither_deadlocks_nor_fails_the_run(
    reference_data,
):
    season, organiser = SeasonFactory(), OrganiserFactory()
    lab = LabFactory(capacity=CAPACITY)
    student = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    proposal = services.create_placement(actor=organiser, nomination=student, lab=lab)
    run_holds_its_locks = threading.Event()

    def run_matching():
        with transaction.atomic():
            result = services.run_matching(season, actor=organiser)
            run_holds_its_locks.set()
            time.sleep(1)  # the offer takes the lab's lock before the run commits
        return result

    def offer():
        run_holds_its_locks.wait(timeout=30)
        return services.perform(proposal, "offer", actor=organiser)

    ran, offered = all_at_once(lambda work: work(), [run_matching, offer])

    # The run commits; the offer, second, finds the proposal it named replaced and says so.
    # Before the limit locks were taken FOR NO KEY UPDATE, Postgres aborted one of them as a
    # deadlock: the run's foreign-key checks at commit waited for the lab the offer held.
    assert isinstance(ran, services.MatchResult), ran
    assert isinstance(offered, RuleViolation), offered
    assert not Placement.objects.filter(pk=proposal.pk).exists()
