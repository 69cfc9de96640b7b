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
