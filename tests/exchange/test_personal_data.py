"""An NYSF applicant's data on request: one ZIP with `data.json` (the application, its scores,
checklist, history, e-mails and audit trail) and their documents; for organisers only, and the
download itself is audited."""

import datetime as dt
import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from ish.exchange import checklist, services
from ish.exchange.models import Application
from ish.notifications.models import OutboundEmail
from tests.factories import PDF_BYTES, OrganiserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea(application_in, organiser):
    """Lea, selected after two reviewers scored her, with her passport's validity entered and
    her CV and consent form on file."""
    application = application_in(
        Application.Status.SELECTED,
        given_name="Lea",
        family_name="Hoffmann",
        email="lea@example.de",
        documents=["cv", "consent_form"],
    )
    services.score(application, reviewer=organiser, points=8, comment="Clear motivation.")
    services.score(application, reviewer=OrganiserFactory(username="second"), points=6)
    checklist.update_travel(application, actor=organiser, passport_expires_on=dt.date(2030, 1, 31))
    return application


def archive_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_organiser_downloads_everything_stored_about_the_applicant(api_as, lea, organiser):
    response = api_as("organiser").get(reverse("exchange-application-personal-data", args=[lea.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = archive_of(response)
    data = json.loads(archive.read("data.json"))
    assert set(data) == {
        "generated_at", "subject", "application", "scores", "checklist", "history",
        "documents", "emails", "audit",
    }  # fmt: skip
    record = data["application"]
    assert (record["given_name"], record["email"], record["status"]) == (
        "Lea", "lea@example.de", "selected",
    )  # fmt: skip
    assert sorted((s["reviewer"], s["points"]) for s in data["scores"]) == [
        ("organiser", 8), ("second", 6),
    ]  # fmt: skip
    assert data["checklist"]["passport_expires_on"] == "2030-01-31"
    assert "visa / ETA" in data["checklist"]["missing"]
    assert [event["to_status"] for event in data["history"]] == ["shortlisted", "selected"]
    assert {email["subject"] for email in data["emails"]} == set(
        OutboundEmail.objects.filter(to="lea@example.de").values_list("subject", flat=True)
    )
    assert data["emails"]
    assert {(entry["object"].split(":")[0], entry["action"]) for entry in data["audit"]} >= {
        ("application", "create"),
        ("application", "update"),
        ("applicationdocument", "create"),
    }
    listed = {document["kind"]: document["path"] for document in data["documents"]}
    assert set(listed) == {"cv", "consent_form"}
    assert archive.read(listed["cv"]) == PDF_BYTES
    assert archive.read(listed["consent_form"]) == PDF_BYTES

    download = LogEntry.objects.get(
        content_type__model="application", object_id=lea.pk, additional_data__access="download"
    )
    assert download.actor == organiser


def test_the_application_pages_button_serves_the_zip(client_as, lea):
    page = client_as("organiser").get(reverse("exchange:detail", args=[lea.pk]))
    url = reverse("exchange:personal_data", args=[lea.pk])
    assert url in page.content.decode()

    response = client_as("organiser").get(url)

    assert response.status_code == 200
    assert json.loads(archive_of(response).read("data.json"))["application"]["id"] == lea.pk


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_organisers_may_download_an_applicants_data(api_as, client_as, lea, role):
    api = api_as(role).get(reverse("exchange-application-personal-data", args=[lea.pk]))
    page = client_as(role).get(reverse("exchange:personal_data", args=[lea.pk]))

    assert (api.status_code, page.status_code) == (403, 403)


def test_without_signing_in_neither_the_api_nor_the_page_hands_out_an_applicants_data(client, lea):
    api = APIClient().get(reverse("exchange-application-personal-data", args=[lea.pk]))
    page = client.get(reverse("exchange:personal_data", args=[lea.pk]))

    assert api.status_code == 401
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))
