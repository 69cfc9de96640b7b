"""Confirming every proposal says what really happened: how many e-mails were written and to
whom, and who was not e-mailed and why (no address)."""

import pytest
from django.urls import reverse

from ish.housing import services
from ish.notifications.models import OutboundEmail
from tests.housing.booking import july, stay
from tests.housing.page_reading import text

pytestmark = pytest.mark.django_db


def test_confirming_all_names_who_was_mailed_and_who_was_not_and_why(
    client_as, season, organiser, student, place
):
    stay(
        organiser,
        student(given_name="Aiko", family_name="Tanaka"),
        place(name="Familie Weber", contact_name="Anna Weber"),
        july(17),
        july(20),
    )
    stay(
        organiser,
        student(given_name="Nomail", family_name="Student", email=""),
        place(name="Haus Ohne", contact_email=""),
        july(17),
        july(20),
    )

    response = client_as("organiser").post(
        reverse("housing:confirm_all"), {"season": season.pk}, follow=True
    )

    page = text(response)
    assert "2 proposals are confirmed. 2 e-mails were written, to Aiko Tanaka, Anna Weber." in page
    assert (
        "Not e-mailed: Nomail Student (no e-mail address); Haus Ohne (no contact e-mail)." in page
    )
    assert sorted(OutboundEmail.objects.values_list("recipient_name", flat=True)) == [
        "Aiko Tanaka",
        "Anna Weber",
    ]


def test_the_confirm_all_result_lists_the_mails_written(organiser, season, student, place):
    stay(organiser, student(given_name="Aiko", family_name="Tanaka"), place(), july(17), july(20))

    result = services.confirm_all(season, actor=organiser)

    assert result.confirmed == 1
    assert sorted(email.event for email in result.told.emails) == [
        "housing_assigned_host",
        "housing_assigned_participant",
    ]
    assert result.told.not_told == ()


def test_confirming_one_bed_of_a_student_without_an_address_does_not_claim_a_mail(
    client_as, organiser, student, place
):
    booked = stay(
        organiser,
        student(given_name="Nomail", family_name="Student", email=""),
        place(name="Familie Weber"),
        july(17),
        july(20),
    )

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[booked.pk]), {"action": "confirm"}, follow=True
    )

    page = text(response)
    assert "Nomail Student at Familie Weber is confirmed." in page
    assert "the student and the host are e-mailed" not in page
    assert "Not e-mailed: Nomail Student (no e-mail address)." in page
    assert list(OutboundEmail.objects.values_list("event", flat=True)) == ["housing_assigned_host"]


def test_confirming_one_bed_of_reachable_people_says_both_are_mailed(
    client_as, organiser, student, place
):
    booked = stay(
        organiser, student(given_name="Aiko", family_name="Tanaka"), place(name="Weber"), july(17),
        july(20),
    )  # fmt: skip

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[booked.pk]), {"action": "confirm"}, follow=True
    )

    page = text(response)
    assert "Aiko Tanaka at Weber is confirmed; the student and the host are e-mailed." in page
    assert "Not e-mailed" not in page


def test_moving_a_confirmed_bed_away_from_a_host_without_an_address_names_that_host(
    client_as, organiser, student, place
):
    booked = stay(
        organiser,
        student(given_name="Aiko", family_name="Tanaka"),
        place(name="Old", contact_email=""),
        july(17),
        july(20),
        status="confirmed",
    )
    new = place(name="New")

    response = client_as("organiser").post(
        reverse("housing:assignment_edit", args=[booked.pk]),
        {"accommodation": new.pk, "check_in": booked.check_in, "check_out": booked.check_out},
        follow=True,
    )

    page = text(response)
    assert "Aiko Tanaka now stays at New" in page
    assert "previous host are e-mailed" not in page
    assert "Not e-mailed: Old (no contact e-mail)." in page
