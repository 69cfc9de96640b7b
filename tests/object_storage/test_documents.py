"""Uploaded documents on object storage: stored in the private bucket (nothing on the web host's
disk), checked as before, and read only through the permission-checked views."""

import datetime as dt
import io
import re
import urllib.error
import urllib.request
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ish.exchange.models import Application
from ish.nominations.models import Document
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    PDF_BYTES,
    PNG_BYTES,
    ApplicationFormFactory,
    CoordinatorFactory,
    NominationFactory,
    SchoolFactory,
    SeasonFactory,
)
from tests.object_storage.conftest import files_under, objects_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_the_deadline():
    """The 2027 season's nominations are open: 1 February 2027 in Heidelberg."""
    with time_machine.travel(dt.datetime(2027, 2, 1, 10, 0, tzinfo=BERLIN), tick=True):
        yield


@pytest.fixture
def nomination(season):
    """A draft of Kumamoto, the coordinator's city."""
    return NominationFactory(season=season)


def upload(client, nomination, name: str, content: bytes, kind: str = "cv"):
    file = SimpleUploadedFile(name, content)
    return client.post(
        f"/api/v1/nominations/{nomination.pk}/documents/",
        {"kind": kind, "file": file},
        format="multipart",
    )


def api_download(client, document: Document):
    return client.get(
        f"/api/v1/nominations/{document.nomination_id}/documents/{document.pk}/download/"
    )


def page_download(client, document: Document, **query):
    url = reverse("nominations:document_download", args=[document.nomination_id, document.pk])
    return client.get(url, query)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("before_the_deadline")
def test_an_uploaded_document_is_kept_in_the_bucket_and_not_on_disk(
    api_as, nomination, bucket, private_media
):
    response = upload(api_as("coordinator"), nomination, "Aiko_Tanaka_CV.pdf", PDF_BYTES)

    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert re.fullmatch(r"documents/2027/[0-9a-f]{32}\.pdf", document.file.name)
    assert objects_in(bucket) == {document.file.name: PDF_BYTES}
    assert files_under(private_media) == []


@pytest.mark.usefixtures("before_the_deadline")
def test_a_document_in_the_bucket_downloads_through_the_api_and_the_portal(
    api_as, client_as, nomination, bucket
):
    uploaded = upload(api_as("coordinator"), nomination, "Zeugnis für Aiko.png", PNG_BYTES)
    document = Document.objects.get(pk=uploaded.json()["id"])

    download = api_download(api_as("coordinator"), document)
    shown = page_download(client_as("organiser"), document, inline="1")

    assert download.status_code == 200
    assert body_of(download) == PNG_BYTES
    assert download["Content-Length"] == str(len(PNG_BYTES))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''Zeugnis_f%C3%BCr_Aiko.png"
    )
    assert download["Cache-Control"] == "private, no-store"
    assert shown.status_code == 200
    assert body_of(shown) == PNG_BYTES
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"] == "sandbox"


@pytest.mark.usefixtures("before_the_deadline")
def test_a_coordinator_of_another_city_finds_no_document_in_the_bucket(
    api_as, client_as, nomination, bucket
):
    uploaded = upload(api_as("coordinator"), nomination, "cv.pdf", PDF_BYTES)
    document = Document.objects.get(pk=uploaded.json()["id"])
    stranger = CoordinatorFactory(username="montpellier", city=City.objects.get(slug="montpellier"))
    api, page = api_as("anonymous"), client_as("anonymous")
    api.force_authenticate(stranger)
    page.force_login(stranger)

    assert api_download(api, document).status_code == 404
    assert page_download(page, document).status_code == 404
    assert api_download(api_as("anonymous"), document).status_code == 401


@pytest.mark.usefixtures("before_the_deadline")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.pdf", b"plain text, not a PDF"),
        ("huge.pdf", PDF_BYTES + b"\0" * (10 * 1024 * 1024)),
    ],
    ids=["not-a-document", "over-10-mb"],
)
def test_an_upload_the_checks_refuse_leaves_nothing_in_the_bucket(
    api_as, nomination, bucket, name, content
):
    response = upload(api_as("coordinator"), nomination, name, content)

    assert response.status_code == 400
    assert not Document.objects.exists()
    assert objects_in(bucket) == {}


@pytest.mark.usefixtures("before_the_deadline")
def test_the_object_itself_refuses_anyone_without_a_signature(api_as, nomination, bucket):
    uploaded = upload(api_as("coordinator"), nomination, "cv.pdf", PDF_BYTES)
    key = Document.objects.get(pk=uploaded.json()["id"]).file.name

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{bucket.endpoint}/{bucket.name}/{key}", timeout=10)

    assert refused.value.code == 403


@pytest.mark.usefixtures("before_the_deadline")
def test_the_personal_data_archive_copies_documents_from_the_bucket(api_as, nomination, bucket):
    uploaded = upload(api_as("coordinator"), nomination, "cv.pdf", PDF_BYTES).json()

    response = api_as("organiser").get(reverse("nomination-personal-data", args=[nomination.pk]))

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(body_of(response))) as archive:
        assert archive.read(f"documents/{uploaded['id']}-cv.pdf") == PDF_BYTES


def test_a_public_nysf_application_keeps_its_documents_in_the_bucket_for_organisers(
    client, client_as, bucket, private_media
):
    season = SeasonFactory()
    season.exchange_deadline = timezone.now() + dt.timedelta(days=30)
    season.save(update_fields=["exchange_deadline"])
    school = SchoolFactory()

    applied = client.post(reverse("exchange:apply"), ApplicationFormFactory(school=school.pk))

    assert applied.status_code == 302
    documents = list(Application.objects.get().documents.order_by("kind"))
    assert {document.kind for document in documents} == {"cv", "motivation_letter"}
    assert set(objects_in(bucket)) == {document.file.name for document in documents}
    assert files_under(private_media) == []
    for document in documents:
        url = reverse("exchange:document_download", args=[document.application_id, document.pk])
        download = client_as("organiser").get(url)
        assert download.status_code == 200
        assert body_of(download) == objects_in(bucket)[document.file.name]
        assert client_as("coordinator").get(url).status_code in (403, 404)
