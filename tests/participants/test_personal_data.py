"""A nominated student's data on request: one ZIP with `data.json` (the nomination, its history,
placements, beds, self-service link, e-mails and audit trail) and every document they uploaded,
current and replaced; for organisers only, and the download itself is audited."""

import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ish.housing.models import HousingAssignment
from ish.nominations import documents
from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    HousingAssignmentFactory,
    NominationFactory,
    PlacementFactory,
    accepted_nomination,
)

pytestmark = pytest.mark.django_db


def mail(to: str, about, subject: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body_text=f"{subject}.",
        body_html=f"<p>{subject}.</p>",
        event="housing_assigned",
        language="en",
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        idempotency_key=subject,
        next_attempt_at=timezone.now(),
    )


@pytest.fixture
def aiko(season, organiser, api_as):
    """Aiko, accepted (her link mailed), with medical notes the office corrected, a CV she
    replaced with a PNG, a lab and a bed (a mail about it to her), and a stranger's mail."""
    nomination = accepted_nomination(
        organiser,
        season=season,
        given_name="Aiko",
        family_name="Tanaka",
        email="aiko@example.jp",
        passport_number="TR1234567",
        medical_notes="Asthma.",
    )
    api_as("organiser").patch(
        reverse("nomination-detail", args=[nomination.pk]), {"allergies": "Cats."}
    )
    documents.upload_document(
        nomination,
        actor=organiser,
        kind="cv",
        upload=SimpleUploadedFile("new-cv.png", PNG_BYTES, content_type="image/png"),
    )
    PlacementFactory(nomination=nomination, lab__name="Protein Lab", status="accepted")
    bed = HousingAssignmentFactory(nomination=nomination, accommodation__name="Family Weber")
    mail("AIKO@example.jp", bed, "Your host family")
    mail("someone@example.org", NominationFactory(season=season), "Not about Aiko")
    return nomination


def archive_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_organiser_downloads_everything_stored_about_the_student_as_one_zip(api_as, aiko):
    response = api_as("organiser").get(reverse("nomination-personal-data", args=[aiko.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    archive = archive_of(response)
    data = json.loads(archive.read("data.json"))
    assert set(data) == {
        "generated_at", "subject", "nomination", "history", "placements", "housing",
        "self_service_link", "documents", "emails", "audit",
    }  # fmt: skip
    assert data["subject"] == f"nomination:{aiko.pk}"
    record = data["nomination"]
    assert (record["given_name"], record["family_name"], record["email"]) == (
        "Aiko", "Tanaka", "aiko@example.jp",
    )  # fmt: skip
    assert (record["passport_number"], record["medical_notes"], record["allergies"]) == (
        "TR1234567", "Asthma.", "Cats.",
    )  # fmt: skip
    assert (record["status"], record["city_name"], record["season_year"]) == (
        "accepted", "Kumamoto", 2027,
    )  # fmt: skip
    assert record["research_interests"] == ["biology"]
    assert [event["to_status"] for event in data["history"]] == ["submitted", "accepted"]
    (placement,) = data["placements"]
    assert (placement["lab_name"], placement["status"]) == ("Protein Lab", "accepted")
    (bed,) = data["housing"]
    assert bed["accommodation_name"] == "Family Weber"
    assert data["self_service_link"]["sent_at"] is not None
    # Every mail about her nomination (to her, her coordinator, the office) and every mail to
    # her address; nobody else's.
    about_her = OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(aiko), object_id=aiko.pk
    )
    assert sorted(email["subject"] for email in data["emails"]) == sorted(
        [*about_her.values_list("subject", flat=True), "Your host family"]
    )
    link = next(email for email in data["emails"] if email["event"] == "participant_link")
    assert (link["to"], "/p/" in link["body_text"]) == ("aiko@example.jp", True)


def test_the_zip_holds_every_document_current_and_replaced_byte_for_byte(api_as, aiko):
    archive = archive_of(
        api_as("organiser").get(reverse("nomination-personal-data", args=[aiko.pk]))
    )
    data = json.loads(archive.read("data.json"))

    listed = {(d["kind"], d["filename"], d["replaced_at"] is None): d for d in data["documents"]}
    assert set(listed) == {
        ("cv", "cv.pdf", False),
        ("cv", "new-cv.png", True),
        ("motivation_letter", "motivation_letter.pdf", True),
        ("transcript", "transcript.pdf", True),
    }
    assert archive.read(listed[("cv", "cv.pdf", False)]["path"]) == PDF_BYTES
    assert archive.read(listed[("cv", "new-cv.png", True)]["path"]) == PNG_BYTES
    assert sorted(archive.namelist()) == sorted(
        ["data.json", *(document["path"] for document in data["documents"])]
    )


def test_the_zip_holds_the_audit_entries_about_the_student(api_as, aiko):
    archive = archive_of(
        api_as("organiser").get(reverse("nomination-personal-data", args=[aiko.pk]))
    )
    entries = json.loads(archive.read("data.json"))["audit"]

    objects = {entry["object"].split(":")[0] for entry in entries}
    assert {"nomination", "document", "placement", "housingassignment"} <= objects
    change = next(e for e in entries if e["changes"].get("allergies"))
    assert (change["action"], change["actor"], change["changes"]["allergies"]) == (
        "update", "organiser", ["", "Cats."],
    )  # fmt: skip
    replaced = [e for e in entries if "replaced_at" in e["changes"] and e["action"] == "update"]
    assert len(replaced) == 1


def test_the_download_is_itself_in_the_audit_trail(api_as, aiko, organiser):
    api_as("organiser").get(reverse("nomination-personal-data", args=[aiko.pk]))

    download = LogEntry.objects.get(
        content_type__model="nomination",
        object_id=aiko.pk,
        action=LogEntry.Action.ACCESS,
        additional_data__access="download",
    )
    assert download.actor == organiser
    assert download.additional_data["file"] == f"personal-data-nomination-{aiko.pk}.zip"


@pytest.mark.parametrize(("role", "status"), [("coordinator", 403), ("lab_host", 403)])
def test_only_organisers_may_download_a_students_data(api_as, aiko, role, status):
    response = api_as(role).get(reverse("nomination-personal-data", args=[aiko.pk]))

    assert response.status_code == status
    assert not LogEntry.objects.filter(additional_data__access="download").exists()


def test_a_student_that_does_not_exist_is_a_404(api_as, db):
    assert api_as("organiser").get("/api/v1/nominations/999999/personal-data/").status_code == 404


def test_the_review_pages_button_serves_the_same_zip(client_as, aiko):
    response = client_as("organiser").get(reverse("participants:personal_data", args=[aiko.pk]))

    assert response.status_code == 200
    data = json.loads(archive_of(response).read("data.json"))
    assert data["nomination"]["id"] == aiko.pk
    assert len(data["placements"]) == Placement.objects.filter(nomination=aiko).count()
    assert len(data["housing"]) == HousingAssignment.objects.filter(nomination=aiko).count()
    assert (
        client_as("coordinator")
        .get(reverse("participants:personal_data", args=[aiko.pk]))
        .status_code
        == 403
    )


def test_without_signing_in_neither_the_api_nor_the_page_hands_out_a_students_data(client, aiko):
    api = APIClient().get(reverse("nomination-personal-data", args=[aiko.pk]))
    page = client.get(reverse("participants:personal_data", args=[aiko.pk]))

    assert api.status_code == 401
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))
    assert not LogEntry.objects.filter(additional_data__access="download").exists()
