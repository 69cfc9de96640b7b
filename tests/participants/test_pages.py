"""The participant's self-service page through Django's test client: opened by the personal link
alone, in the student's language, saving what they enter, refusing what is wrong field by field,
and a friendly 404 for every link that no longer works."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.participants import links
from tests.factories import BERLIN, NominationFactory

pytestmark = pytest.mark.django_db

Status = Nomination.Status
VALID = {
    "arrival_at": "2027-07-16T10:40",
    "departure_at": "2027-08-14T09:15",
    "arrival_details": "LH 711 to Frankfurt Airport (FRA)",
    "dietary_requirements": "vegetarian",
    "allergies": "cats",
    "emergency_contact_name": "Keiko Tanaka",
    "emergency_contact_phone": "+81 96 123 4567",
    "attending": "on",
}


def url_of(nomination: Nomination) -> str:
    link = links.send_link(nomination)
    return reverse("participants:self_service", args=[links.token_for(link)])


def field_errors(response, name: str) -> str:
    """The error text shown under one field (empty if none)."""
    page = response.content.decode()
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>(.*?)</div>', page, re.S)
    assert field, name
    return " ".join(re.sub(r"<[^>]+>", " ", field.group(1)).split())


@pytest.fixture
def accepted(season):
    """An accepted student of the 2027 season (English unless told)."""

    def make(**fields) -> Nomination:
        fields.setdefault("given_name", "Aiko")
        fields.setdefault("family_name", "Tanaka")
        return NominationFactory(season=season, status=Status.ACCEPTED, **fields)

    return make


@pytest.fixture
def aiko(accepted):
    return accepted()


# --- opening the page --------------------------------------------------------------------------


def test_the_student_opens_their_page_with_the_link_alone(client, aiko):
    response = client.get(url_of(aiko))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Welcome, <bdi>Aiko</bdi>!" in page
    assert "International Summer Science School Heidelberg 2027" in page
    assert 'name="arrival_at"' in page
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_german_student_gets_the_page_in_german_whatever_the_browser_says(client, accepted):
    lena = accepted(given_name="Lena", language="de")

    response = client.get(url_of(lena), HTTP_ACCEPT_LANGUAGE="en-GB,en")

    assert '<html lang="de" dir="ltr">' in response.content.decode()
    assert response["Content-Language"] == "de"


def test_an_english_student_gets_the_page_in_english_in_a_german_browser(client, aiko):
    response = client.get(url_of(aiko), HTTP_ACCEPT_LANGUAGE="de-DE,de")

    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_student_gets_the_page_in_whichever_offered_language_is_theirs(
    client, accepted, language
):
    student = accepted(language=language)

    response = client.get(url_of(student), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.8")

    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert response["Content-Language"] == language
    assert f'<option value="{language}" lang="{language}" selected>' in page  # the switcher


def test_a_language_the_student_chooses_on_the_page_wins(client, accepted):
    lena = accepted(given_name="Lena", language="de")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(url_of(lena))

    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_the_page_shows_what_the_student_entered_before(client, accepted):
    aiko = accepted(
        arrival_at=dt.datetime(2027, 7, 16, 10, 40, tzinfo=BERLIN),
        arrival_details="LH 711",
        allergies="cats",
    )

    page = client.get(url_of(aiko)).content.decode()

    assert 'value="2027-07-16T10:40"' in page  # Heidelberg time, as the student entered it
    assert 'value="LH 711"' in page
    assert 'value="cats"' in page


def test_the_page_shows_only_that_students_data(client, accepted):
    aiko = accepted(allergies="cats")
    accepted(
        given_name="Hugo",
        family_name="Martin",
        email="hugo@example.fr",
        allergies="peanuts",
        emergency_contact_name="Claire Martin",
    )

    page = client.get(url_of(aiko)).content.decode()

    for other in ["Hugo", "Martin", "hugo@example.fr", "peanuts", "Claire"]:
        assert other not in page


# --- links that no longer work -----------------------------------------------------------------


def expect_friendly_404(response) -> None:
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link is no longer valid" in page
    assert "It may have expired or been replaced by a newer one." in page
    assert "as an ISH alumnus" not in page
    assert settings.ISH_OFFICE_EMAIL in page
    assert 'name="arrival_at"' not in page


def test_a_tampered_link_shows_the_friendly_not_found_page(client, aiko):
    url = url_of(aiko)
    token = url.split("/")[-2]
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    expect_friendly_404(client.get(reverse("participants:self_service", args=[tampered])))
    expect_friendly_404(client.get(reverse("participants:self_service", args=["nonsense"])))


def test_an_expired_link_shows_the_friendly_not_found_page(client, aiko):
    url = url_of(aiko)

    with time_machine.travel(dt.datetime(2027, 9, 1, 9, 0, tzinfo=BERLIN)):
        response = client.get(url)

    expect_friendly_404(response)


def test_a_revoked_link_shows_the_friendly_not_found_page(client, aiko):
    url = url_of(aiko)
    links.revoke(aiko)

    expect_friendly_404(client.get(url))
    expect_friendly_404(client.post(url, VALID))
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.emergency_contact_name == ""


# --- saving ------------------------------------------------------------------------------------


def test_valid_details_are_saved_and_attendance_confirmed(client, aiko):
    url = url_of(aiko)

    response = client.post(url, VALID)

    assert response.status_code == 302
    assert response.url == url
    aiko.refresh_from_db()
    assert aiko.status == Status.CONFIRMED
    assert aiko.arrival_at == dt.datetime(2027, 7, 16, 10, 40, tzinfo=BERLIN)
    assert aiko.departure_at == dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN)
    assert aiko.arrival_details == "LH 711 to Frankfurt Airport (FRA)"
    assert (aiko.dietary_requirements, aiko.allergies) == ("vegetarian", "cats")
    assert aiko.emergency_contact_name == "Keiko Tanaka"
    assert aiko.emergency_contact_phone == "+81961234567"
    page = client.get(url).content.decode()
    assert "Thank you! Your details are saved." in page
    assert 'data-testid="confirmed"' in page


def test_details_may_be_saved_before_confirming(client, aiko):
    url = url_of(aiko)

    response = client.post(url, {"dietary_requirements": "halal"})

    assert response.status_code == 302
    aiko.refresh_from_db()
    assert aiko.dietary_requirements == "halal"
    assert aiko.status == Status.ACCEPTED
    assert aiko.participant_link.answered_at is not None


def test_a_confirmed_student_cannot_unconfirm_by_unticking_the_box(client, aiko):
    url = url_of(aiko)
    client.post(url, VALID)

    page = client.get(url).content.decode()
    response = client.post(url, {**VALID, "attending": "", "allergies": "cats, dust"})

    assert re.search(r'name="attending"[^>]*disabled', page)
    assert response.status_code == 302
    aiko.refresh_from_db()
    assert aiko.status == Status.CONFIRMED
    assert aiko.allergies == "cats, dust"


def test_fields_the_student_may_not_change_are_ignored(client, aiko, accepted):
    hugo = accepted(given_name="Hugo", family_name="Martin")
    url = url_of(aiko)

    client.post(
        url,
        {
            **VALID,
            "given_name": "Mallory",
            "email": "mallory@example.org",
            "passport_number": "X123",
            "status": "withdrawn",
            "nomination": hugo.pk,
            "id": hugo.pk,
        },
    )

    aiko.refresh_from_db()
    hugo.refresh_from_db()
    assert (aiko.given_name, aiko.passport_number) == ("Aiko", "")
    assert aiko.email != "mallory@example.org"
    assert aiko.status == Status.CONFIRMED
    assert hugo.status == Status.ACCEPTED
    assert hugo.emergency_contact_name == ""


# --- refusing what is wrong, field by field ----------------------------------------------------


def test_a_departure_before_the_arrival_is_refused_at_the_departure(client, aiko):
    response = client.post(url_of(aiko), {**VALID, "departure_at": "2027-07-15T10:00"})

    assert response.status_code == 200
    assert "Departure must be after arrival." in field_errors(response, "departure_at")
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.arrival_at is None


def test_dates_far_outside_the_programme_are_refused(client, aiko):
    response = client.post(
        url_of(aiko),
        {**VALID, "arrival_at": "2027-01-10T10:00", "departure_at": "2028-08-14T10:00"},
    )

    window = "Please choose a date between 3 July 2027 and 27 August 2027."
    assert window in field_errors(response, "arrival_at")
    assert window in field_errors(response, "departure_at")
    aiko.refresh_from_db()
    assert aiko.arrival_at is None


def test_a_bad_phone_number_is_refused(client, aiko):
    response = client.post(url_of(aiko), {**VALID, "emergency_contact_phone": "call my mum"})

    assert "valid phone number" in field_errors(response, "emergency_contact_phone")
    aiko.refresh_from_db()
    assert aiko.emergency_contact_phone == ""


def test_confirming_without_an_emergency_contact_is_refused(client, aiko):
    response = client.post(
        url_of(aiko), {**VALID, "emergency_contact_name": "", "emergency_contact_phone": ""}
    )

    needed = "Please fill this in to confirm your participation."
    assert needed in field_errors(response, "emergency_contact_name")
    assert needed in field_errors(response, "emergency_contact_phone")
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.arrival_at is None


def test_errors_are_shown_in_the_students_language(client, accepted):
    lena = accepted(given_name="Lena", language="de")

    response = client.post(
        url_of(lena), {**VALID, "departure_at": "2027-07-01T10:00"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.content.decode()
    assert field_errors(response, "departure_at")


@pytest.mark.parametrize(
    "data",
    [
        {"arrival_at": "yesterday", "departure_at": "2027-13-45T99:99"},
        {"emergency_contact_phone": "☃" * 50, "allergies": "x" * 10_000},
        {"attending": "maybe", "arrival_at": ["2027-07-16T10:00", "2027-07-17T10:00"]},
    ],
)
def test_garbage_never_causes_a_server_error_and_saves_nothing(client, aiko, data):
    response = client.post(url_of(aiko), data)

    assert response.status_code < 500
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.emergency_contact_phone == ""
    assert aiko.allergies == ""
