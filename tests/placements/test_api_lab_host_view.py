"""What the placements API shows a lab host of a student: offers and answers of their own lab only,
the allow-listed profile with the CV and motivation letter, and never any private data."""

import pytest
from rest_framework.test import APIClient

from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import LAB_HOST_FIELDS, SENSITIVE_FIELDS
from ish.placements.models import Placement
from tests.factories import NominationFactory, attach_documents
from tests.placements.shared import client, ids, url

pytestmark = pytest.mark.django_db

Status = Placement.Status


def test_a_lab_host_sees_offers_and_answers_of_their_lab_never_proposals_or_cancellations(
    organiser, lab_host, other_lab_host, placement_in
):
    lab = lab_host.lab
    lab.capacity = 5
    lab.save()
    offers_and_answers = [Status.OFFERED, Status.ACCEPTED, Status.DECLINED]
    shown = {placement_in(status, lab=lab).pk for status in offers_and_answers}
    for status in [Status.PROPOSED, Status.CANCELLED]:
        placement_in(status, lab=lab)
    for status in Status.values:
        placement_in(status, lab=other_lab_host.lab)
    api = APIClient()
    api.force_authenticate(lab_host)

    assert ids(api.get(url("list"))) == shown
    assert ids(api.get(url("list"), {"status": "proposed"})) == set()
    assert ids(api.get(url("list"), {"lab": other_lab_host.lab.pk})) == set()


SECRETS = {
    "passport_number": "PASSPORT-XK-77310",
    "medical_notes": "MEDICAL-asthma-inhaler-55210",
    "dietary_requirements": "DIETARY-no-peanuts-88120",
    "emergency_contact_name": "EMERGENCY-Keiko-Okada-33440",
    "emergency_contact_phone": "+81 90 5555 0199",
    "email": "secret-student-99110@example.jp",
    "phone": "+81 96 777 1234",
    "arrival_details": "ARRIVAL-LH-4711-FRA",
}
# How the secrets could appear in a response: as given, and phone numbers in E.164 too.
SECRET_TEXTS = [*SECRETS.values(), "+819055550199", "55550199", "+81967771234", "7771234",
                "2008-05-01"]  # fmt: skip


@pytest.fixture
def secretive(season, organiser, lab_host, placement_in):
    """A student offered to the lab host's lab whose private data are unmistakable strings, with
    every kind of document."""
    nomination = NominationFactory(
        season=season, status=Nomination.Status.ACCEPTED, interests=["biology", "physics"],
        **SECRETS,
    )  # fmt: skip
    attach_documents(nomination, kinds=[kind for kind, _ in Document.Kind.choices])
    return placement_in(Status.OFFERED, nomination=nomination)


def test_a_lab_host_sees_only_the_allow_listed_profile_and_the_cv_and_motivation_letter(
    secretive, lab_host
):
    api = APIClient()
    api.force_authenticate(lab_host)

    student = api.get(url("detail", secretive.pk)).json()["student"]

    assert set(student) == {*LAB_HOST_FIELDS, "documents"}
    assert student["research_interests"] == ["biology", "physics"]
    assert {doc["kind"] for doc in student["documents"]} == {"cv", "motivation_letter"}
    for doc in student["documents"]:
        assert api.get(doc["download_url"]).status_code == 200


def test_the_office_sees_the_whole_student(secretive, organiser):
    api = APIClient()
    api.force_authenticate(organiser)

    student = api.get(url("detail", secretive.pk)).json()["student"]

    assert set(SENSITIVE_FIELDS) <= set(student)
    assert student["passport_number"] == SECRETS["passport_number"]


def test_no_private_data_appear_in_any_response_a_lab_host_gets(secretive, lab_host):
    api = APIClient()
    api.force_authenticate(lab_host)
    nomination_id = secretive.nomination_id
    transcript = secretive.nomination.documents.get(kind="transcript")
    responses = {
        "placements": api.get(url("list")),
        "placement": api.get(url("detail", secretive.pk)),
        "filtered": api.get(url("list"), {"search": "Aiko", "status": "offered"}),
        "nominations": api.get("/api/v1/nominations/"),
        "nomination": api.get(f"/api/v1/nominations/{nomination_id}/"),
        "documents": api.get(f"/api/v1/nominations/{nomination_id}/documents/"),
        "history": api.get(f"/api/v1/nominations/{nomination_id}/history/"),
        "transcript": api.get(
            f"/api/v1/nominations/{nomination_id}/documents/{transcript.pk}/download/"
        ),
        "accept": api.post(url("accept", secretive.pk), {"comment": "Welcome."}),
    }
    responses["after accepting"] = api.get(url("detail", secretive.pk))

    assert responses["transcript"].status_code == 404
    for name, response in responses.items():
        assert response.status_code in {200, 403, 404}, name
        text = response.content.decode()
        leaked = [secret for secret in SECRET_TEXTS if secret in text]
        assert leaked == [], f"{name} shows {leaked}"
        for field_name in SENSITIVE_FIELDS:
            assert f'"{field_name}"' not in text, f"{name} names {field_name}"


def test_nominations_as_a_lab_host_show_exactly_the_students_offered_to_their_lab(world, secretive):
    api = client(world, "lab_host")

    response = api.get("/api/v1/nominations/")

    assert ids(response) == {
        world.offered.nomination_id,
        world.montpellier_offered.nomination_id,
        secretive.nomination_id,
    }
    assert api.get(f"/api/v1/nominations/{world.proposed.nomination_id}/").status_code == 404
    other = world.other_lab_offered.nomination_id
    assert api.get(f"/api/v1/nominations/{other}/documents/").status_code == 404


def test_a_declined_student_stays_visible_to_the_lab_that_declined(world):
    api = client(world, "lab_host")
    api.post(url("decline", world.offered.pk), {"comment": "No bench free."})

    assert world.offered.pk in ids(api.get(url("list")))
    nominations = ids(api.get("/api/v1/nominations/"))
    assert world.offered.nomination_id in nominations


def test_the_list_never_carries_sensitive_fields_even_for_the_office(secretive, organiser):
    api = APIClient()
    api.force_authenticate(organiser)

    rows = api.get(url("list")).json()["results"]
    single = api.get(url("detail", secretive.pk)).json()

    sensitive = {
        "passport_number", "dietary_requirements", "medical_notes", "allergies",
        "emergency_contact_name", "emergency_contact_phone",
    }  # fmt: skip
    assert rows
    assert all(not sensitive & row["student"].keys() for row in rows)
    assert sensitive <= single["student"].keys()  # one placement, for a role that may see them
