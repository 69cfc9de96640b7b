"""Media files are written whole or not at all, and a full disk is answered with a message that
names it: 507 on the API and the pages, a failed export that says why."""

import errno
import html

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ish.media import LocalMediaStorage
from ish.nominations.models import Document, Nomination
from ish.rosters import services as exports
from ish.rosters.models import ExportJob
from tests.factories import PDF_BYTES, NominationFactory

STORAGE_FULL = (
    "The server's storage is full, so the file was not saved and nothing was changed. "
    "Please tell the ISH office; try again once they have made room."
)


class FullAfterFirstChunk(ContentFile):
    """Content whose second chunk meets a full disk, as a write to a full filesystem would."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 the first part"
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def full_disk(monkeypatch):
    """Every file written to the media storage fails midway with ENOSPC."""
    save = LocalMediaStorage._save

    def save_into_full_disk(storage, name, content):
        return save(storage, name, FullAfterFirstChunk(b""))

    monkeypatch.setattr(LocalMediaStorage, "_save", save_into_full_disk)


def test_a_saved_file_is_there_whole_under_its_name_and_nothing_else_is_left(tmp_path):
    storage = LocalMediaStorage(location=tmp_path)

    name = storage.save("documents/2027/cv.pdf", ContentFile(PDF_BYTES))

    assert (tmp_path / name).read_bytes() == PDF_BYTES
    assert [p.name for p in (tmp_path / "documents" / "2027").iterdir()] == ["cv.pdf"]


def test_a_name_taken_meanwhile_gets_another_and_the_first_file_stays(tmp_path):
    storage = LocalMediaStorage(location=tmp_path)
    first = storage.save("exports/a.xlsx", ContentFile(b"first"))

    second = storage.save("exports/a.xlsx", ContentFile(b"second"))

    assert second != first
    assert (tmp_path / first).read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"


def test_a_write_that_fails_midway_leaves_no_file_at_all(tmp_path):
    storage = LocalMediaStorage(location=tmp_path)

    with pytest.raises(OSError, match="No space left"):
        storage.save("documents/2027/cv.pdf", FullAfterFirstChunk(b""))

    assert list((tmp_path / "documents" / "2027").iterdir()) == []


def test_an_upload_to_a_full_disk_is_answered_507_with_the_reason_on_the_api(
    api_as, quota, full_disk, private_media
):
    nomination = NominationFactory(season=quota.season)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")

    response = api_as("coordinator").post(
        f"/api/v1/nominations/{nomination.pk}/documents/",
        {"kind": "cv", "file": upload},
        format="multipart",
    )

    assert response.status_code == 507
    assert response.json() == {"detail": STORAGE_FULL}
    assert not Document.objects.exists()
    assert not [p for p in private_media.rglob("*") if p.is_file()]


def test_an_upload_to_a_full_disk_is_answered_507_with_the_reason_on_the_page(
    client_as, quota, full_disk
):
    nomination = NominationFactory(season=quota.season)
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")

    response = client_as("coordinator").post(
        reverse("nominations:document_upload", args=[nomination.pk]),
        {"kind": "cv", "file": upload},
    )

    assert response.status_code == 507
    page = html.unescape(response.content.decode())
    assert STORAGE_FULL in page
    assert "Traceback" not in page
    assert Nomination.objects.get(pk=nomination.pk).documents.count() == 0


def test_an_export_that_meets_a_full_disk_fails_saying_so_and_leaves_no_file(
    organiser, season, full_disk, private_media
):
    job = exports.request_export(user=organiser, kind="roster", season=season)

    exports.run_export(job.pk)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error_message == (
        "The export could not be saved because the server's storage is full. Please tell the "
        "ISH office; try again once they have made room."
    )
    assert not job.file
    assert not [p for p in private_media.rglob("*") if p.is_file()]
