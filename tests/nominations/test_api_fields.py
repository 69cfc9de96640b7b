"""What the nominations API shows of a nomination: what is missing, its current documents, its
sensitive fields (only singly), and its research interests in order."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations.selectors import SENSITIVE_FIELDS
from tests.factories import PDF_BYTES, NominationFactory, attach_documents, complete_nomination
from tests.nominations.api_requests import LIST, creation_payload, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]


# --- what a nomination shows ------------------------------------------------------------------


def test_missing_lists_what_keeps_a_nomination_from_being_submitted(api_as, world):
    bare = NominationFactory(season=world.season, school="", date_of_birth=dt.date(2010, 1, 1))
    complete = complete_nomination(season=world.season)

    bare_view = api_as("coordinator").get(url(bare)).json()
    complete_view = api_as("coordinator").get(url(complete)).json()

    assert bare_view["missing"] == [
        "school", "CV", "motivation letter", "transcript", "guardian consent form",
    ]  # fmt: skip
    assert complete_view["missing"] == []


def test_current_documents_are_embedded_in_a_nomination(api_as, nomination_of):
    nomination = nomination_of("own")
    old_cv = nomination.documents.get(kind="cv")
    upload = SimpleUploadedFile("new-cv.pdf", PDF_BYTES)
    api_as("coordinator").post(
        url(nomination, "documents/"), {"kind": "cv", "file": upload}, format="multipart"
    )

    body = api_as("coordinator").get(url(nomination)).json()

    assert {d["kind"] for d in body["documents"]} == {"cv", "motivation_letter", "transcript"}
    assert old_cv.pk not in {d["id"] for d in body["documents"]}
    cv = next(d for d in body["documents"] if d["kind"] == "cv")
    assert cv["filename"] == "new-cv.pdf"
    assert cv["size"] == len(PDF_BYTES)
    assert cv["download_url"].endswith(f"{url(nomination)}documents/{cv['id']}/download/")


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_list_leaves_out_sensitive_fields_which_a_single_nomination_shows(
    api_as, nomination_of, role
):
    nomination = nomination_of(
        "own",
        passport_number="TK1234567",
        dietary_requirements="vegan",
        medical_notes="Asthma",
        allergies="peanuts",
        emergency_contact_name="Yoko Sato",
        emergency_contact_phone="+81 96 123 4567",
    )
    client = api_as(role)

    row = client.get(LIST).json()["results"][0]
    single = client.get(url(nomination)).json()

    assert row["id"] == nomination.pk
    assert [field for field in SENSITIVE_FIELDS if field in row] == []
    assert {field: single[field] for field in SENSITIVE_FIELDS} == {
        "passport_number": "TK1234567",
        "dietary_requirements": "vegan",
        "medical_notes": "Asthma",
        "allergies": "peanuts",
        "emergency_contact_name": "Yoko Sato",
        "emergency_contact_phone": "+81961234567",
    }


def test_research_interests_round_trip_in_their_order(api_as, world):
    created = api_as("coordinator").post(
        LIST,
        creation_payload(world.season, research_interests=["physics", "biology", "chemistry"]),
    )
    nomination_url = f"{LIST}{created.json()['id']}/"
    reread = api_as("coordinator").get(nomination_url)
    changed = api_as("coordinator").patch(
        nomination_url, {"research_interests": ["chemistry", "physics"]}
    )
    untouched = api_as("coordinator").patch(nomination_url, {"school": "Another"})

    assert created.json()["research_interests"] == ["physics", "biology", "chemistry"]
    assert reread.json()["research_interests"] == ["physics", "biology", "chemistry"]
    assert changed.json()["research_interests"] == ["chemistry", "physics"]
    assert untouched.json()["research_interests"] == ["chemistry", "physics"]


def test_a_transition_answers_with_the_changed_nomination(api_as, nomination_of):
    nomination = nomination_of("own")

    response = api_as("coordinator").post(url(nomination, "submit/"), {"comment": "Go."})

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"]


def test_documents_are_listed_only_with_current_ones(api_as, nomination_of):
    nomination = nomination_of("own")
    attach_documents(nomination, ["other"])

    response = api_as("organiser").get(url(nomination, "documents/"))

    assert response.status_code == 200
    assert sorted(d["kind"] for d in response.json()) == [
        "cv", "motivation_letter", "other", "transcript",
    ]  # fmt: skip
