"""Proposing a placement by hand and changing it on the service: which students may be placed, one
active placement per student, dates within the programme, and that only the office does it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.placements import services
from ish.placements.models import Placement
from tests.factories import LabFactory
from tests.placements.shared import FIRST_DAY, LAST_DAY

pytestmark = pytest.mark.django_db

Status = Placement.Status


@pytest.mark.parametrize("status", [Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED])
def test_an_accepted_or_confirmed_student_is_proposed_for_the_programme_dates(
    accepted_student, organiser, lab, status
):
    nomination = accepted_student(status=status)

    placement = services.create_placement(
        actor=organiser, nomination=nomination, lab=lab, comment="Good fit."
    )

    assert placement.status == Status.PROPOSED
    assert (placement.starts_on, placement.ends_on) == (FIRST_DAY, LAST_DAY)
    row = placement.changes.get()
    assert (row.action, row.to_status, row.actor, row.comment) == (
        "propose", Status.PROPOSED, organiser, "Good fit.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "status",
    [
        Nomination.Status.DRAFT,
        Nomination.Status.SUBMITTED,
        Nomination.Status.WAITLISTED,
        Nomination.Status.DECLINED,
        Nomination.Status.WITHDRAWN,
    ],
)
def test_only_accepted_or_confirmed_students_can_be_placed(
    accepted_student, organiser, lab, status
):
    nomination = accepted_student(status=status)

    with pytest.raises(RuleViolation, match="Only accepted or confirmed students"):
        services.create_placement(actor=organiser, nomination=nomination, lab=lab)

    assert not Placement.objects.exists()


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.OFFERED, Status.ACCEPTED])
def test_a_student_has_at_most_one_active_placement(placement_in, organiser, status):
    placement = placement_in(status)
    elsewhere = LabFactory()

    with pytest.raises(RuleViolation, match="already has an active placement"):
        services.create_placement(actor=organiser, nomination=placement.nomination, lab=elsewhere)

    assert placement.nomination.placements.count() == 1


def test_the_database_refuses_a_second_active_placement_whatever_the_code_path(placement_in):
    placement = placement_in(Status.OFFERED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            nomination=placement.nomination,
            lab=LabFactory(),
            starts_on=FIRST_DAY,
            ends_on=LAST_DAY,
        )


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CANCELLED])
def test_a_student_whose_placement_ended_can_be_proposed_again(placement_in, organiser, status):
    placement = placement_in(status)

    again = services.create_placement(
        actor=organiser, nomination=placement.nomination, lab=LabFactory()
    )

    assert again.status == Status.PROPOSED


def test_a_placement_may_cover_part_of_the_programme(accepted_student, organiser, lab):
    placement = services.create_placement(
        actor=organiser,
        nomination=accepted_student(),
        lab=lab,
        starts_on=dt.date(2027, 7, 20),
        ends_on=dt.date(2027, 8, 6),
    )

    assert (placement.starts_on, placement.ends_on) == (dt.date(2027, 7, 20), dt.date(2027, 8, 6))


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field_name"),
    [
        (dt.date(2027, 7, 16), None, "starts_on"),
        (dt.date(2027, 8, 14), None, "starts_on"),
        (None, dt.date(2027, 8, 14), "ends_on"),
        (None, dt.date(2027, 7, 1), "ends_on"),
        (dt.date(2027, 8, 1), dt.date(2027, 7, 31), "ends_on"),
    ],
)
def test_a_placement_lies_within_the_programme(
    accepted_student, organiser, lab, starts_on, ends_on, field_name
):
    with pytest.raises(ValidationError) as error:
        services.create_placement(
            actor=organiser,
            nomination=accepted_student(),
            lab=lab,
            starts_on=starts_on,
            ends_on=ends_on,
        )

    assert field_name in error.value.message_dict
    assert not Placement.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_proposes_placements(accepted_student, user_of, lab, role):
    with pytest.raises(PermissionDenied):
        services.create_placement(actor=user_of(role), nomination=accepted_student(), lab=lab)


def test_the_lab_of_a_proposal_can_change(placement_in, organiser):
    placement = placement_in(Status.PROPOSED)
    elsewhere = LabFactory()

    services.update_placement(placement, actor=organiser, lab=elsewhere, comment="Better fit.")

    placement.refresh_from_db()
    assert (placement.lab, placement.comment) == (elsewhere, "Better fit.")


@pytest.mark.parametrize("status", [Status.OFFERED, Status.ACCEPTED])
def test_the_lab_of_an_offer_cannot_change(placement_in, organiser, lab, status):
    placement = placement_in(status)

    with pytest.raises(RuleViolation, match="only change while the placement is proposed"):
        services.update_placement(placement, actor=organiser, lab=LabFactory())

    placement.refresh_from_db()
    assert placement.lab == lab


@pytest.mark.parametrize("status", [Status.OFFERED, Status.ACCEPTED])
def test_the_dates_of_an_active_placement_can_change_within_the_programme(
    placement_in, organiser, status
):
    placement = placement_in(status)

    services.update_placement(placement, actor=organiser, starts_on=dt.date(2027, 7, 24))
    with pytest.raises(ValidationError):
        services.update_placement(placement, actor=organiser, ends_on=dt.date(2027, 9, 1))

    placement.refresh_from_db()
    assert (placement.starts_on, placement.ends_on) == (dt.date(2027, 7, 24), LAST_DAY)


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CANCELLED])
def test_an_ended_placement_cannot_change(placement_in, organiser, status):
    placement = placement_in(status)

    with pytest.raises(RuleViolation, match="cannot be changed"):
        services.update_placement(placement, actor=organiser, comment="Too late.")


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_changes_placements(placement_in, user_of, role):
    placement = placement_in(Status.OFFERED)

    with pytest.raises(PermissionDenied):
        services.update_placement(placement, actor=user_of(role), comment="Mine now.")
