"""Offering a season's proposals to their labs in one action, and reminding the labs of offers
left unanswered before escalating them to the office."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ish.notifications.models import OutboundEmail
from ish.placements import services, tasks
from ish.placements.models import Placement
from ish.placements.services import offers
from tests.factories import (
    BERLIN,
    CoordinatorFactory,
    LabHostFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)
from tests.placements.shared import mails, status_of

pytestmark = pytest.mark.django_db

Status = Placement.Status

# --- offering all proposals -------------------------------------------------------------------


def test_offering_all_offers_every_proposal_of_the_season(
    season, organiser, labs, accepted_student, placement_in
):
    for slug in ["biology", "physics", "chemistry"]:
        accepted_student(interests=[slug])
    services.run_matching(season, actor=organiser)
    last_year = NominationFactory(season=SeasonFactory(year=2026), status="accepted")
    other_season = placement_in(Status.PROPOSED, nomination=last_year)

    assert services.offer_all(season, actor=organiser).offered == 3

    assert Placement.objects.filter(nomination__season=season, status=Status.OFFERED).count() == 3
    assert status_of(other_season) == Status.PROPOSED
    with pytest.raises(PermissionDenied):
        services.offer_all(season, actor=CoordinatorFactory())


def test_offering_all_writes_each_offers_history_and_mails_each_lab_once_with_its_students(
    season, organiser, lab, lab_host, german_host, placement_in
):
    ours = [placement_in(Status.PROPOSED, given_name=f"Student{n}") for n in range(3)]
    other_host = LabHostFactory(username="physicshost")
    alone = placement_in(Status.PROPOSED, lab=other_host.lab, given_name="Solo")
    OutboundEmail.objects.all().delete()

    assert services.offer_all(season, actor=organiser).offered == 4

    for placement in [*ours, alone]:
        placement.refresh_from_db()
        assert placement.status == Status.OFFERED
        assert placement.offered_at is not None
        row = placement.changes.order_by("id").last()
        assert (row.action, row.from_status, row.to_status) == ("offer", "proposed", "offered")
        assert (row.actor, row.actor_label) == (organiser, organiser.get_full_name())
    listed = mails("placement_offers")
    assert set(listed) == {lab_host.email, german_host.email}
    english = listed[lab_host.email]
    assert english.subject == f"ISH 2027: 3 students for {lab.name}"
    for placement in ours:
        assert placement.nomination.full_name in english.body_text
        assert f"/placements/{placement.pk}/" in english.body_text
    assert "/placements/offers/" in english.body_text
    assert listed[german_host.email].language == "de"
    # a lab offered one student gets the usual offer
    assert set(mails("placement_offered")) == {other_host.email}
    assert "Solo" in mails("placement_offered")[other_host.email].body_text
    assert OutboundEmail.objects.count() == 3


def test_offering_all_again_later_mails_the_new_offers_only(
    season, organiser, lab_host, placement_in
):
    first = [placement_in(Status.PROPOSED) for _ in range(2)]
    services.offer_all(season, actor=organiser)
    later = [placement_in(Status.PROPOSED) for _ in range(2)]

    services.offer_all(season, actor=organiser)

    batches = OutboundEmail.objects.filter(event="placement_offers", to=lab_host.email)
    assert batches.count() == 2
    newest = batches.order_by("-pk").first().body_text
    assert all(f"/placements/{p.pk}/" in newest for p in later)
    assert not any(f"/placements/{p.pk}/" in newest for p in first)


def test_offering_all_needs_the_same_queries_for_10_and_50_proposals(
    season, organiser, lab_host, django_assert_num_queries
):
    labs = [lab_host.lab, *(LabHostFactory().lab for _ in range(2))]

    def proposals(count: int) -> None:
        for n in range(count):
            PlacementFactory(nomination__season=season, lab=labs[n % len(labs)])

    proposals(10)
    with CaptureQueriesContext(connection) as ten:
        assert services.offer_all(season, actor=organiser).offered == 10
    proposals(50)

    with django_assert_num_queries(len(ten)):
        assert services.offer_all(season, actor=organiser).offered == 50


# --- reminders and escalations ----------------------------------------------------------------


@pytest.fixture
def offer_on_1_june(settings, placement_in, lab_host):
    """An offer made on 1 June 2027, reminded after 3 days and escalated after 7."""
    settings.PLACEMENT_REMINDER_DAYS = 3
    settings.PLACEMENT_ESCALATION_DAYS = 7
    settings.ISH_OFFICE_EMAIL = "office@ish.example"
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, 0, tzinfo=BERLIN), tick=False):
        return placement_in(Status.OFFERED)


def on(day: int, hour: int = 8):
    """The clock at `hour` on the `day`-th day counted from 1 June 2027."""
    moment = dt.datetime(2027, 6, 1, hour, 0, tzinfo=BERLIN) + dt.timedelta(days=day - 1)
    return time_machine.travel(moment, tick=False)


def test_an_unanswered_offer_is_reminded_once_after_the_configured_days(offer_on_1_june, lab_host):
    with on(4):  # 2 days 23 hours later
        assert services.send_offer_reminders() == (0, 0)
    with on(4, hour=9):
        assert services.send_offer_reminders() == (1, 0)
    with on(5):
        assert services.send_offer_reminders() == (0, 0)

    [reminder] = OutboundEmail.objects.filter(event="placement_reminder")
    assert reminder.to == lab_host.email
    assert "awaits your answer" in reminder.subject


def test_an_offer_answered_after_the_reminders_read_it_is_not_reminded(offer_on_1_june):
    read_by_the_beat_task = Placement.objects.get(pk=offer_on_1_june.pk)
    Placement.objects.filter(pk=offer_on_1_june.pk).update(status=Status.ACCEPTED)  # the lab

    with on(4, hour=9):
        sent = offers._still_unanswered(read_by_the_beat_task, reminded_at=timezone.now())

    assert sent is False
    assert not OutboundEmail.objects.filter(event="placement_reminder").exists()


def test_a_reminded_offer_still_unanswered_is_escalated_to_the_office_once(
    offer_on_1_june, lab_host
):
    with on(4, hour=9):
        assert services.send_offer_reminders() == (1, 0)
    with on(8):  # an hour before the escalation is due
        assert services.send_offer_reminders() == (0, 0)
    with on(8, hour=10):
        assert tasks.send_offer_reminders() == (0, 1)
    with on(20):
        assert tasks.send_offer_reminders() == (0, 0)

    [escalation] = OutboundEmail.objects.filter(event="placement_escalation")
    assert escalation.to == "office@ish.example"
    assert OutboundEmail.objects.filter(event="placement_reminder").count() == 1


def test_an_offer_first_seen_after_both_periods_is_reminded_and_escalated_only_later(
    offer_on_1_june,
):
    with on(30):  # beat did not run for a month
        assert services.send_offer_reminders() == (1, 0)
        assert services.send_offer_reminders() == (0, 0)
    with on(33):  # the lab has the same 4 days to answer the reminder
        assert services.send_offer_reminders() == (0, 0)
    with on(34):
        assert services.send_offer_reminders() == (0, 1)


@pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
def test_answered_or_cancelled_offers_are_neither_reminded_nor_escalated(
    offer_on_1_june, organiser, action
):
    with on(2):
        services.perform(offer_on_1_june, action, actor=organiser)

    with on(30):
        assert services.send_offer_reminders() == (0, 0)

    assert not OutboundEmail.objects.filter(
        event__in=["placement_reminder", "placement_escalation"]
    ).exists()


def test_proposals_are_never_reminded(settings, placement_in, lab_host):
    settings.PLACEMENT_REMINDER_DAYS = 0
    placement_in(Status.PROPOSED)

    assert services.send_offer_reminders() == (0, 0)
