"""The audit trail of reads: a nomination's sensitive block (the API's single nomination and the
review page, for the roles that see it), every document download, every export download and
every view of the student's self-service page, each with who and when."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.participants import links
from ish.placements.models import Placement
from ish.rosters import services as rosters
from tests.factories import (
    ApplicationDocumentFactory,
    DocumentFactory,
    NominationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

ACCESS = LogEntry.Action.ACCESS


def reads_of(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, action=ACCESS
    )


@pytest.fixture
def student(season, lab_host):
    """An accepted Kumamoto student offered to the lab host's lab, with a CV."""
    nomination = NominationFactory(
        season=season, status=Nomination.Status.ACCEPTED, medical_notes="Asthma."
    )
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status=Placement.Status.OFFERED)
    DocumentFactory(nomination=nomination, kind="cv", filename="Aiko CV.pdf")
    return nomination


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_reading_one_nomination_in_the_api_is_kept_for_the_roles_that_see_its_sensitive_block(
    api_as, user_of, student, role
):
    response = api_as(role).get(reverse("nomination-detail", args=[student.pk]))

    assert response.json()["medical_notes"] == "Asthma."
    read = reads_of(student).get()
    assert read.actor == user_of(role)
    assert read.additional_data == {"access": "read"}
    assert read.timestamp is not None


def test_a_lab_host_reading_a_student_without_the_sensitive_block_is_no_sensitive_read(
    api_as, student
):
    response = api_as("lab_host").get(reverse("nomination-detail", args=[student.pk]))

    assert response.status_code == 200
    assert "medical_notes" not in response.json()
    assert not reads_of(student).exists()


def test_the_list_carries_no_sensitive_block_and_records_no_read(api_as, student):
    api_as("organiser").get(reverse("nomination-list"))

    assert not LogEntry.objects.filter(action=ACCESS).exists()


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_opening_the_review_page_is_a_read_of_the_sensitive_block(
    client_as, user_of, student, role
):
    response = client_as(role).get(reverse("nominations:detail", args=[student.pk]))

    assert response.status_code == 200
    assert reads_of(student).get().actor == user_of(role)


DOWNLOADS = {
    "nominations API": lambda document: reverse(
        "nomination-document-download", args=[document.nomination_id, document.pk]
    ),
    "nominations page": lambda document: reverse(
        "nominations:document_download", args=[document.nomination_id, document.pk]
    ),
    "nominations page, shown inline": lambda document: (
        reverse("nominations:document_download", args=[document.nomination_id, document.pk])
        + "?inline=1"
    ),
}


@pytest.mark.parametrize("where", DOWNLOADS)
def test_each_download_of_a_students_document_is_kept_under_the_student(
    client_as, organiser, student, where
):
    document = student.documents.get()

    response = client_as("organiser").get(DOWNLOADS[where](document))

    assert response.status_code == 200
    download = reads_of(document).get()
    assert download.actor == organiser
    assert download.additional_data == {
        "access": "download",
        "file": "Aiko CV.pdf",
        "nomination": student.pk,
    }


def test_a_lab_hosts_download_from_the_placement_page_is_kept(client_as, lab_host, student):
    document = student.documents.get()
    placement = student.placements.get()

    response = client_as("lab_host").get(
        reverse("placements:document_download", args=[placement.pk, document.pk])
    )

    assert response.status_code == 200
    assert reads_of(document).get().actor == lab_host


@pytest.mark.parametrize("where", ["api", "page"])
def test_each_download_of_an_applicants_document_is_kept_under_the_applicant(
    client_as, organiser, where
):
    document = ApplicationDocumentFactory(kind="cv", filename="Lea CV.pdf")
    url = (
        reverse(
            "exchange-application-document-download", args=[document.application_id, document.pk]
        )
        if where == "api"
        else reverse("exchange:document_download", args=[document.application_id, document.pk])
    )

    response = client_as("organiser").get(url)

    assert response.status_code == 200
    download = reads_of(document).get()
    assert download.actor == organiser
    assert download.additional_data == {
        "access": "download",
        "file": "Lea CV.pdf",
        "application": document.application_id,
    }


@pytest.mark.parametrize("where", ["api", "page"])
def test_each_download_of_an_export_is_kept(client_as, coordinator, season, where):
    job = rosters.request_export(user=coordinator, kind="roster", season=season)
    rosters.run_export(job.pk)
    job.refresh_from_db()
    url = (
        reverse("export-download", args=[job.pk])
        if where == "api"
        else reverse("rosters:download", args=[job.pk])
    )

    response = client_as("coordinator").get(url)

    assert response.status_code == 200
    download = reads_of(job).get()
    assert download.actor == coordinator
    assert download.additional_data == {"access": "download", "file": job.filename}


def test_each_view_of_the_self_service_page_is_kept_as_the_students(student):
    link = links.send_link(student)
    url = reverse("participants:self_service", args=[links.token_for(link)])

    Client(REMOTE_ADDR="198.51.100.4").get(url)
    Client(REMOTE_ADDR="198.51.100.4").get(url)

    views = reads_of(student)
    assert views.count() == 2
    view = views.first()
    assert view.actor is None
    assert view.remote_addr == "198.51.100.4"
    assert view.additional_data == {"access": "read", "by": "student"}


def test_a_link_that_does_not_work_shows_nothing_and_records_no_read(client):
    client.get(reverse("participants:self_service", args=["not-a-token"]))

    assert not LogEntry.objects.filter(action=ACCESS).exists()
