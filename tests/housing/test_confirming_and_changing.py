"""Confirming, changing and cancelling an assignment: the status and version it reaches, its
history, the checks a change passes again, and that only the office may do it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ish.errors import RuleViolation
from ish.history import Actor
from ish.housing import services
from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail
from ish.participants import services as lifecycle
from tests.factories import SeasonFactory
from tests.housing.booking import assign, august, july, mails

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_confirming_tells_the_student_and_the_host_and_records_it(organiser, student, place):
    stay = assign(organiser, student(email="aiko@example.jp"), place(contact_email="weber@x.de"))

    confirmed = services.confirm(stay, actor=organiser)

    assert confirmed.status == Status.CONFIRMED
    assert confirmed.confirmed_at is not None
    assert set(mails("housing_assigned_participant")) == {"aiko@example.jp"}
    assert set(mails("housing_assigned_host")) == {"weber@x.de"}
    assert [(c.action, c.from_status, c.to_status) for c in confirmed.changes.all()] == [
        ("propose", "", Status.PROPOSED),
        ("confirm", Status.PROPOSED, Status.CONFIRMED),
    ]


def test_only_a_proposed_assignment_can_be_confirmed(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)
    with pytest.raises(RuleViolation):
        services.confirm(stay, actor=organiser)

    services.cancel(stay, actor=organiser)
    with pytest.raises(RuleViolation) as refusal:
        services.confirm(stay, actor=organiser)

    assert "cancelled" in str(refusal.value)
    assert OutboundEmail.objects.filter(event="housing_assigned_participant").count() == 1


def test_confirm_all_confirms_the_seasons_proposals_only(organiser, student, place):
    room = place(beds=5)
    proposed = [assign(organiser, student(), room) for _ in range(3)]
    cancelled = assign(organiser, student(), room)
    services.cancel(cancelled, actor=organiser)
    other_season = SeasonFactory(year=2028)
    elsewhere = services.assign(
        actor=organiser,
        nomination=student(season=other_season),
        accommodation=place(
            available_from=dt.date(2028, 7, 1), available_until=dt.date(2028, 9, 1)
        ),
    )

    confirmed = services.confirm_all(proposed[0].nomination.season, actor=organiser)

    assert confirmed.confirmed == 3
    statuses = dict(HousingAssignment.objects.values_list("pk", "status"))
    assert [statuses[stay.pk] for stay in proposed] == [Status.CONFIRMED] * 3
    assert statuses[cancelled.pk] == Status.CANCELLED
    assert statuses[elsewhere.pk] == Status.PROPOSED
    assert OutboundEmail.objects.filter(event="housing_assigned_participant").count() == 3


def test_changing_a_proposed_assignment_checks_the_beds_and_mails_nobody(organiser, student, place):
    room = place(beds=1)
    stay = assign(organiser, student(), room, july(17), july(20))

    changed = services.change(stay, actor=organiser, check_out=july(25))

    assert (changed.check_in, changed.check_out, changed.version) == (july(17), july(25), 2)
    assert not OutboundEmail.objects.exists()


def test_a_change_may_not_overbook_and_leaves_the_assignment_as_it_was(organiser, student, place):
    room = place(name="Familie Weber", beds=1)
    assign(organiser, student(), room, july(25), august(1))
    stay = services.confirm(assign(organiser, student(), room, july(17), july(25)), actor=organiser)
    told = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation) as refusal:
        services.change(stay, actor=organiser, check_out=july(27))

    assert "Familie Weber" in str(refusal.value)
    assert "25 July 2027" in str(refusal.value)
    stay.refresh_from_db()
    assert (stay.check_out, stay.version) == (july(25), 1)
    assert OutboundEmail.objects.count() == told


def test_a_change_checks_the_new_places_availability(organiser, student, place):
    stay = assign(organiser, student(), place(), july(17), august(14))

    with pytest.raises(ValidationError) as refusal:
        services.change(stay, actor=organiser, accommodation=place(available_until=august(1)))

    assert list(refusal.value.message_dict) == ["check_out"]


def test_a_change_that_changes_nothing_mails_nobody_again(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(), place(), july(17), july(24)), actor=organiser
    )
    told = OutboundEmail.objects.count()

    same = services.change(stay, actor=organiser, check_in=july(17), check_out=july(24))

    assert same.version == 1
    assert OutboundEmail.objects.count() == told


def test_a_change_made_from_a_stale_copy_of_a_moved_bed_is_refused(organiser, student, place):
    first, second = place(name="Familie Weber"), place(name="Familie Braun")
    seen = assign(organiser, student(), first)  # what another organiser's page still shows
    services.change(seen, actor=organiser, accommodation=second)

    with pytest.raises(RuleViolation, match="moved to another place"):
        services.change(seen, actor=organiser, check_out=august(10))

    seen.refresh_from_db()
    assert (seen.accommodation, seen.check_out) == (second, august(14))


def test_a_guest_may_extend_their_own_stay_in_a_one_bed_place(organiser, student, place):
    stay = assign(organiser, student(), place(beds=1), july(17), july(20))

    assert services.change(stay, actor=organiser, check_out=july(30)).check_out == july(30)


def test_a_cancelled_assignment_cannot_be_changed(organiser, student, place):
    stay = assign(organiser, student(), place())
    services.cancel(stay, actor=organiser)

    with pytest.raises(RuleViolation):
        services.change(stay, actor=organiser, check_out=august(2))


def test_cancelling_is_recorded_and_harmless_twice(organiser, student, place):
    stay = assign(organiser, student(), place())

    services.cancel(stay, actor=organiser, comment="Family ill")
    services.cancel(stay, actor=organiser)

    stay.refresh_from_db()
    assert stay.status == Status.CANCELLED
    assert [(c.action, c.comment) for c in stay.changes.all()] == [
        ("propose", ""),
        ("cancel", "Family ill"),
    ]


def test_only_the_office_confirms_changes_and_cancels(organiser, coordinator, student, place):
    stay = assign(organiser, student(), place())

    for attempt in (
        lambda: services.confirm(stay, actor=coordinator),
        lambda: services.confirm_all(stay.nomination.season, actor=coordinator),
        lambda: services.change(stay, actor=coordinator, check_out=august(2)),
        lambda: services.cancel(stay, actor=coordinator),
    ):
        with pytest.raises(PermissionDenied):
            attempt()

    stay.refresh_from_db()
    assert (stay.status, stay.version) == (Status.PROPOSED, 1)


def test_withdrawing_a_student_cancels_their_beds(organiser, student, place):
    aiko = student()
    room = place(beds=1)
    services.confirm(assign(organiser, aiko, room, july(17), july(24)), actor=organiser)
    assign(organiser, aiko, place(), july(24), august(1))

    lifecycle.withdraw(aiko, actor=organiser)

    assert set(aiko.housing.values_list("status", flat=True)) == {Status.CANCELLED}
    assert aiko.housing.first().changes.last().actor_kind == Actor.SYSTEM
    assert assign(organiser, student(), room, july(17), july(24)).pk  # the bed is free again
