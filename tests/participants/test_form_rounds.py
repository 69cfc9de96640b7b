"""The student's self-service form reports every error in one round, marks no field as correct
and refuses a text over its limit instead of cutting it."""

import re

import pytest

from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.participants.test_pages import VALID, field_errors, url_of

pytestmark = pytest.mark.django_db

Status = Nomination.Status


@pytest.fixture
def aiko(season) -> Nomination:
    return NominationFactory(
        season=season, status=Status.ACCEPTED, given_name="Aiko", family_name="Tanaka"
    )


def test_a_form_rule_a_model_rule_and_an_answer_rule_fail_together_in_one_response(client, aiko):
    response = client.post(
        url_of(aiko),
        {
            **VALID,
            "emergency_contact_phone": "call my mum",  # the form's
            "emergency_contact_name": "",  # needed to confirm: the answer's rule
            "arrival_at": "2027-01-10T10:00",  # the programme's window: the answer's rule
            "departure_at": "2027-01-09T10:00",  # before the arrival: the model's rule
        },
    )

    assert "valid phone number" in field_errors(response, "emergency_contact_phone")
    assert "Please fill this in to confirm" in field_errors(response, "emergency_contact_name")
    assert "Please choose a date between" in field_errors(response, "arrival_at")
    assert "Departure must be after arrival." in field_errors(response, "departure_at")
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.emergency_contact_name == ""


def test_a_long_pasted_text_is_refused_naming_the_field_and_its_limit(client, aiko):
    response = client.post(url_of(aiko), {**VALID, "allergies": "cats" * 2500})

    assert field_errors(response, "allergies") == (
        "“Allergies” may have at most 500 characters; this text has 10000."
    )
    aiko.refresh_from_db()
    assert aiko.allergies == ""
    assert aiko.status == Status.ACCEPTED


def test_the_page_marks_no_field_as_correct_and_cuts_no_text(client, aiko):
    url = url_of(aiko)
    untouched = client.get(url).content.decode()
    refused = client.post(url, {**VALID, "emergency_contact_phone": "?"}).content.decode()

    for html in (untouched, refused):
        assert "is-valid" not in html.replace("is-invalid", "")
        assert "maxlength=" not in html.replace("data-maxlength=", "")
    assert 'data-maxlength="500"' in untouched
    assert "ish/forms.js" in untouched


def marks_beside(html: str, name: str) -> str:
    """What is shown between a field's label and its input."""
    found = re.search(rf'<label[^>]*for="id_{name}"[^>]*>.*?</label>(.*?)<input', html, re.S)
    assert found, name
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_each_field_needed_to_confirm_is_marked_beside_its_label_and_no_other(client, aiko):
    html = client.get(url_of(aiko)).content.decode()

    for name in ("arrival_at", "departure_at", "emergency_contact_name", "emergency_contact_phone"):
        assert marks_beside(html, name) == "needed to confirm", name
        described = re.search(rf'<input[^>]*name="{name}"[^>]*aria-describedby="([^"]*)"', html)
        assert f"id_{name}_submit" in described.group(1).split(), name
    for name in ("arrival_details", "allergies"):
        assert marks_beside(html, name) == "", name
    assert "required to submit" not in html


def test_the_mark_is_in_the_students_language(client, season):
    lena = NominationFactory(season=season, status=Status.ACCEPTED, language="de")

    html = client.get(url_of(lena)).content.decode()

    assert marks_beside(html, "arrival_at") == "zum Bestätigen nötig"
