"""A nomination's documents: PDF, PNG or JPEG by content and at most 10 MB, stored under a private,
unguessable path, replaced without losing the old file, and downloaded only by those who may."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations.models import Document, Nomination
from ish.nominations.services import perform
from ish.seasons.models import City
from ish.uploads import MAX_DOCUMENT_BYTES
from tests.factories import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    NominationFactory,
    QuotaFactory,
    attach_documents,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

KINDS = ["cv", "motivation_letter", "transcript", "consent_form", "other"]
FORMATS = {
    "pdf": ("scan.pdf", PDF_BYTES, "application/pdf"),
    "png": ("scan.png", PNG_BYTES, "image/png"),
    "jpeg": ("scan.jpeg", JPEG_BYTES, "image/jpeg"),
}


@pytest.fixture
def nomination(season):
    """A draft of Kumamoto, the coordinator's city."""
    return NominationFactory(season=season, given_name="Aiko", family_name="Tanaka")


@pytest.fixture
def foreign_nomination(season):
    return NominationFactory(season=season, city=City.objects.get(slug="montpellier"))


def documents_url(nomination: Nomination) -> str:
    return f"/api/v1/nominations/{nomination.pk}/documents/"


def upload(client, nomination: Nomination, kind: str, name: str, content: bytes, **extra):
    file = SimpleUploadedFile(name, content, content_type=extra.pop("content_type", None))
    return client.post(documents_url(nomination), {"kind": kind, "file": file}, format="multipart")


def download_url(document: Document) -> str:
    return f"/api/v1/nominations/{document.nomination_id}/documents/{document.pk}/download/"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


# --- what may be uploaded ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", list(FORMATS))
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_document_uploads_as_pdf_png_or_jpeg(api_as, nomination, kind, file_format):
    name, content, content_type = FORMATS[file_format]

    response = upload(api_as("coordinator"), nomination, kind, name, content)

    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "kind", "filename", "size", "download_url"} <= body.keys()
    assert (body["kind"], body["size"]) == (kind, len(content))
    assert body["filename"].startswith("scan.")
    assert body["download_url"].endswith(f"/documents/{body['id']}/download/")
    document = Document.objects.get(pk=body["id"])
    assert document.content_type == content_type
    assert document.file.read() == content


def test_a_file_is_typed_by_its_content_not_by_its_name(api_as, nomination):
    response = upload(api_as("coordinator"), nomination, "cv", "cv.pdf", PNG_BYTES)

    assert response.status_code == 201
    assert response.json()["filename"] == "cv.png"
    assert Document.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cv.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120, "application/pdf"),
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, "application/pdf"),
        ("cv.txt", b"Curriculum vitae\nBorn in Kumamoto.\n", "text/plain"),
        ("cv.pdf", b"Curriculum vitae\nBorn in Kumamoto.\n", "application/pdf"),
        (
            "cv.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("cv.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "text/html"),
        ("cv.zip", b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 120, "application/zip"),
        ("cv.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "image/gif"),
    ],
    ids=["elf-named-pdf", "mz-named-pdf", "text", "text-named-pdf", "svg", "html", "zip", "gif"],
)
def test_anything_but_pdf_png_or_jpeg_is_refused_naming_the_file(
    api_as, nomination, private_media, name, content, content_type
):
    response = upload(
        api_as("coordinator"), nomination, "cv", name, content, content_type=content_type
    )

    assert response.status_code == 400
    assert "file" in response.json()
    assert "PDF, PNG or JPEG" in response.json()["file"][0]
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_an_empty_file_is_refused_naming_the_file(api_as, nomination):
    response = upload(api_as("coordinator"), nomination, "cv", "cv.pdf", b"")

    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_a_file_over_10_mb_is_refused_naming_the_file(api_as, nomination, private_media):
    oversized = PDF_BYTES + b"\x00" * (MAX_DOCUMENT_BYTES + 1 - len(PDF_BYTES))

    response = upload(api_as("coordinator"), nomination, "cv", "cv.pdf", oversized)

    assert response.status_code == 400
    assert "10 MB" in response.json()["file"][0]
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_a_file_of_exactly_10_mb_is_accepted(api_as, nomination):
    assert MAX_DOCUMENT_BYTES == 10 * 1024 * 1024
    largest = PDF_BYTES + b"\x00" * (MAX_DOCUMENT_BYTES - len(PDF_BYTES))

    response = upload(api_as("coordinator"), nomination, "cv", "cv.pdf", largest)

    assert response.status_code == 201
    assert response.json()["size"] == MAX_DOCUMENT_BYTES


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "passport", "file": "pdf"}, "kind"),
        ({"kind": "", "file": "pdf"}, "kind"),
        ({"file": "pdf"}, "kind"),
        ({"kind": "cv"}, "file"),
        ({"kind": "cv", "file": "not a file"}, "file"),
    ],
    ids=["unknown-kind", "empty-kind", "no-kind", "no-file", "file-as-text"],
)
def test_a_wrong_kind_or_a_missing_file_is_refused_naming_the_field(
    api_as, nomination, data, field
):
    if data.get("file") == "pdf":
        data = data | {"file": SimpleUploadedFile("cv.pdf", PDF_BYTES)}

    response = api_as("coordinator").post(documents_url(nomination), data, format="multipart")

    assert response.status_code == 400
    assert field in response.json()
    assert not Document.objects.exists()


def test_a_json_upload_is_refused_as_unsupported(api_as, nomination):
    response = api_as("coordinator").post(
        documents_url(nomination), {"kind": "cv", "file": "JVBERi0xLjQ="}, format="json"
    )

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("???", "document.pdf"),
        ("***.pdf", "document.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\cv.pdf", "cv.pdf"),
        ("履歴書.pdf", "履歴書.pdf"),
        ("a" * 300 + ".pdf", "a" * 150 + ".pdf"),
    ],
    ids=["only-punctuation", "no-stem", "path", "windows-path", "japanese", "very-long"],
)
def test_any_file_name_gives_a_safe_download_name(api_as, nomination, name, expected):
    response = upload(api_as("coordinator"), nomination, "cv", name, PDF_BYTES)

    assert response.status_code == 201, response.content
    assert response.json()["filename"] == expected
    download = api_as("coordinator").get(response.json()["download_url"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert body_of(download) == PDF_BYTES


# --- where and how documents are kept ---------------------------------------------------------


def test_the_stored_path_is_unguessable_and_tells_nothing_about_the_student(
    api_as, nomination, private_media
):
    first = upload(api_as("coordinator"), nomination, "other", "Aiko_Tanaka_CV.pdf", PDF_BYTES)
    second = upload(api_as("coordinator"), nomination, "other", "Aiko_Tanaka_CV.pdf", PDF_BYTES)

    paths = [Document.objects.get(pk=r.json()["id"]).file.name for r in (first, second)]
    for path in paths:
        assert re.fullmatch(r"documents/2027/[0-9a-f]{32}\.pdf", path), path
        for leak in ("aiko", "tanaka", "cv"):
            assert leak not in path.lower()
        assert (private_media / path).read_bytes() == PDF_BYTES
    assert paths[0] != paths[1]
    assert first.json()["filename"] == "Aiko_Tanaka_CV.pdf"  # the name is kept for downloads


def test_a_document_kept_under_an_earlier_path_still_downloads(api_as, nomination, private_media):
    # The path rule names new files only: a stored document keeps the name it was saved under.
    kept = "documents/2027/kept-from-an-earlier-release.pdf"
    (private_media / "documents" / "2027").mkdir(parents=True)
    (private_media / kept).write_bytes(PDF_BYTES)
    document = Document.objects.create(
        nomination=nomination,
        kind="cv",
        file=kept,
        filename="cv.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )

    listed = api_as("coordinator").get(documents_url(nomination)).json()
    download = api_as("coordinator").get(listed[0]["download_url"])

    assert [row["id"] for row in listed] == [document.pk]
    assert download.status_code == 200
    assert body_of(download) == PDF_BYTES


def test_a_new_upload_replaces_the_current_document_and_keeps_the_old_one(
    api_as, nomination, organiser
):
    old = upload(api_as("coordinator"), nomination, "cv", "old-cv.pdf", PDF_BYTES).json()
    new = upload(api_as("coordinator"), nomination, "cv", "new-cv.png", PNG_BYTES).json()

    listed = api_as("coordinator").get(documents_url(nomination)).json()
    embedded = api_as("organiser").get(f"/api/v1/nominations/{nomination.pk}/").json()
    old_download = api_as("organiser").get(old["download_url"])

    assert [d["id"] for d in listed] == [new["id"]]
    assert [d["id"] for d in embedded["documents"]] == [new["id"]]
    assert Document.objects.get(pk=old["id"]).replaced_at is not None
    assert Document.objects.get(pk=new["id"]).replaced_at is None
    assert old_download.status_code == 200
    assert body_of(old_download) == PDF_BYTES


def test_documents_of_the_kind_other_accumulate(api_as, nomination):
    for name in ("certificate.pdf", "award.jpeg"):
        content = PDF_BYTES if name.endswith("pdf") else JPEG_BYTES
        upload(api_as("coordinator"), nomination, "other", name, content)

    listed = api_as("coordinator").get(documents_url(nomination)).json()

    assert sorted(d["filename"] for d in listed) == ["award.jpg", "certificate.pdf"]


# --- who may upload ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "whose", "expected"),
    [
        ("organiser", "own", 201),
        ("organiser", "foreign", 201),
        ("coordinator", "own", 201),
        ("coordinator", "foreign", 404),
        ("lab_host", "own", 403),
        ("anonymous", "own", 401),
    ],
)
def test_uploading_is_scoped_by_role(api_as, nomination, foreign_nomination, role, whose, expected):
    target = nomination if whose == "own" else foreign_nomination

    response = upload(api_as(role), target, "cv", "cv.pdf", PDF_BYTES)

    assert response.status_code == expected
    assert Document.objects.count() == (1 if expected == 201 else 0)


def test_a_coordinator_cannot_upload_to_a_submitted_nomination_but_an_organiser_can(
    api_as, season, nomination, organiser
):
    QuotaFactory(season=season, city__slug="kumamoto")
    attach_documents(nomination)
    perform(nomination, "submit", actor=organiser)

    refused = upload(api_as("coordinator"), nomination, "other", "late.pdf", PDF_BYTES)
    allowed = upload(api_as("organiser"), nomination, "other", "late.pdf", PDF_BYTES)

    assert refused.status_code == 409
    assert "Only drafts" in refused.json()["detail"]
    assert allowed.status_code == 201


# --- who may download -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("organiser", 200), ("coordinator", 200), ("lab_host", 404), ("anonymous", 401)],
)
def test_downloading_is_scoped_by_role(api_as, nomination, role, expected):
    document_id = upload(api_as("coordinator"), nomination, "cv", "Aiko CV.pdf", PDF_BYTES)
    document = Document.objects.get(pk=document_id.json()["id"])

    response = api_as(role).get(download_url(document))

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"] == 'attachment; filename="Aiko_CV.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert body_of(response) == PDF_BYTES


def test_a_coordinator_of_another_city_cannot_download(api_as, nomination, other_coordinator):
    (document,) = attach_documents(nomination, ["cv"])
    client = api_as("anonymous")
    client.force_authenticate(other_coordinator)

    response = client.get(download_url(document))

    assert response.status_code == 404


def test_a_document_is_downloaded_only_through_its_own_nomination(
    api_as, nomination, foreign_nomination
):
    (document,) = attach_documents(foreign_nomination, ["cv"])

    response = api_as("coordinator").get(
        f"/api/v1/nominations/{nomination.pk}/documents/{document.pk}/download/"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host", "anonymous"])
def test_the_document_listing_is_scoped_by_role(api_as, nomination, foreign_nomination, role):
    attach_documents(nomination, ["cv"])
    attach_documents(foreign_nomination, ["cv"])

    own = api_as(role).get(documents_url(nomination))
    foreign = api_as(role).get(documents_url(foreign_nomination))

    expected = {
        "organiser": (200, 200),
        "coordinator": (200, 404),
        "lab_host": (404, 404),
        "anonymous": (401, 401),
    }[role]
    assert (own.status_code, foreign.status_code) == expected


@pytest.mark.parametrize("role", ["organiser", "coordinator", "anonymous"])
def test_nothing_under_media_root_is_reachable_by_a_public_url(api_as, client_as, nomination, role):
    (document,) = attach_documents(nomination, ["cv"])
    path = document.file.name

    for candidate in [f"/media/{path}", f"/{path}", f"/static/{path}", f"/media/{path}".lower()]:
        assert client_as(role).get(candidate).status_code == 404, candidate
        assert api_as(role).get(candidate).status_code == 404, candidate
