"""A bed's warnings are stored as codes and parameters, whoever's request made them, and read in
the reader's language: on the pages, in the API and in the export; the sentences stored before
are read back into codes by a migration."""

import datetime as dt
import importlib
import json

import pytest
from django.utils import translation

from ish.housing.models import HousingAssignment
from ish.participants import links
from ish.participants import services as lifecycle
from tests.factories import BERLIN
from tests.housing.booking import assign, august, july
from tests.housing.page_reading import CALENDAR, edit_url, text

pytestmark = pytest.mark.django_db

warnings_as_codes = importlib.import_module("ish.housing.migrations.0004_warnings_as_codes")

PETS_DE = "Haustiere (cat) im Haus, und die Schülerin oder der Schüler hat eine Tierallergie."
PETS_EN = "Pets (cat) in the home, and the student has an animal allergy."


@pytest.fixture
def warned(organiser, student, place):
    """Aiko, allergic to cats and halal, in a home with a cat that cooks for no diet and speaks
    French only."""
    aiko = student(allergies="Katzenhaare", dietary_requirements="halal", german_level="none")
    return assign(organiser, aiko, place(pets="cat", languages=["fr"], dietary_options=[]))


def test_warnings_are_stored_as_codes_in_no_language(warned):
    assert warned.warnings == [
        {"code": "pets_and_allergy", "pets": "cat"},
        {"code": "diets_not_served", "diets": ["halal"]},
        {"code": "no_common_language", "languages": ["fr"]},
    ]
    assert "Katzenhaare" not in json.dumps(warned.warnings)  # never the student's health data


def test_a_warning_made_by_a_german_request_is_stored_the_same(organiser, student, place):
    with translation.override("de"):
        stay = assign(organiser, student(allergies="cats"), place(pets="dog"))

    assert stay.warnings == [{"code": "pets_and_allergy", "pets": "dog"}]


def test_each_reader_reads_the_warnings_in_their_language(warned):
    with translation.override("de"):
        assert warned.warning_texts == [
            PETS_DE,
            "Die Gastgeber kochen nicht halal.",
            "Keine gemeinsame Sprache (die Gastgeber sprechen fr).",
        ]
    with translation.override("en"):
        assert warned.warning_texts == [
            PETS_EN,
            "The host does not cook halal.",
            "No common language (the host speaks fr).",
        ]


def test_nights_without_a_bed_are_stored_as_dates_and_read_in_german(organiser, student, place):
    aiko = student(
        arrival_at=dt.datetime(2027, 7, 15, 18, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
    )
    stay = assign(organiser, aiko, place(), july(17), august(14))

    assert stay.warnings == [
        {"code": "nights_without_bed", "nights": [["2027-07-15", "2027-07-17"]]}
    ]
    with translation.override("de"):
        assert stay.warning_texts[0].startswith(
            "Die Unterbringung deckt Anreise und Abreise nicht ab: kein Bett für 2 Nächte"
        )


def test_a_german_calendar_and_assignment_page_show_the_warnings_in_german(client_as, warned):
    client = client_as("organiser")
    client.cookies["django_language"] = "de"

    for page in (client.get(CALENDAR), client.get(edit_url(warned))):
        words = text(page)
        assert PETS_DE in words
        assert "Die Gastgeber kochen nicht halal." in words
        assert "Pets (" not in words
        assert "The host does not cook" not in words


def test_the_api_reads_the_warnings_in_the_requests_language(api_as, warned):
    client = api_as("organiser")
    url = f"/api/v1/housing-assignments/{warned.pk}/"

    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").json()["warnings"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["warnings"]
    listed = client.get("/api/v1/housing-assignments/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert german[0] == PETS_DE
    assert english[0] == PETS_EN
    assert listed["results"][0]["warnings"][0] == PETS_DE


def test_a_students_answer_through_their_link_stores_codes_whatever_their_language(
    organiser, student, place
):
    aiko = student(allergies="Hunde", language="de")
    stay = assign(organiser, aiko, place(pets="dog"))
    link = links.send_link(aiko)

    with translation.override("de"):
        lifecycle.answer(
            link,
            attending=False,
            arrival_at=dt.datetime(2027, 7, 15, 18, 0, tzinfo=BERLIN),
            departure_at=dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
        )

    stay.refresh_from_db()
    assert [warning["code"] for warning in stay.warnings] == [
        "pets_and_allergy",
        "nights_without_bed",
    ]


# --- the migration of the sentences stored before ----------------------------------------------


@pytest.mark.parametrize(
    ("stored", "code"),
    [
        (PETS_EN, {"code": "pets_and_allergy", "pets": "cat"}),
        (PETS_DE, {"code": "pets_and_allergy", "pets": "cat"}),
        (
            "Pets (dog) and the student's allergies: dogs, penicillin",
            {"code": "pets_and_allergy", "pets": "dog"},
        ),
        (
            "The host does not cook halal, nut-free.",
            {"code": "diets_not_served", "diets": ["halal", "nut_free"]},
        ),
        (
            "Die Gastgeber kochen nicht koscher.",
            {"code": "diets_not_served", "diets": ["kosher"]},
        ),
        (
            "No common language (the host speaks fr, it).",
            {"code": "no_common_language", "languages": ["fr", "it"]},
        ),
        (
            "Keine gemeinsame Sprache (die Gastgeber sprechen fr).",
            {"code": "no_common_language", "languages": ["fr"]},
        ),
        (
            "The stay does not cover the arrival and departure: no bed for 3 nights "
            "(2027-07-15, 2027-08-12 – 2027-08-13).",
            {
                "code": "nights_without_bed",
                "nights": [["2027-07-15", "2027-07-16"], ["2027-08-12", "2027-08-14"]],
            },
        ),
        (
            "Die Unterbringung deckt Anreise und Abreise nicht ab: kein Bett für 1 Nacht "
            "(2027-07-16).",
            {"code": "nights_without_bed", "nights": [["2027-07-16", "2027-07-17"]]},
        ),
        ("Something the office wrote by hand.", "Something the office wrote by hand."),
        ("The host does not cook pasta.", "The host does not cook pasta."),
    ],
    ids=[
        "pets-en", "pets-de", "pets-first-wording", "diets-en", "diets-de", "languages-en",
        "languages-de", "nights-en", "night-de", "unknown", "unknown-diet",
    ],
)  # fmt: skip
def test_the_migration_reads_stored_sentences_back_into_codes(stored, code):
    assert warnings_as_codes.as_code(stored) == code


def test_a_sentence_the_migration_could_not_read_is_shown_as_it_was(warned):
    HousingAssignment.objects.filter(pk=warned.pk).update(warnings=["Bitte Rücksprache halten."])
    warned.refresh_from_db()

    with translation.override("en"):
        assert warned.warning_texts == ["Bitte Rücksprache halten."]
