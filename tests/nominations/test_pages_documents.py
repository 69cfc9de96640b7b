"""Documents on the nominations pages: uploading, replacing, refusing what is no PDF or image,
downloading and previewing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ish.nominations.models import Nomination
from tests.factories import PDF_BYTES, PNG_BYTES, NominationFactory, complete_nomination
from tests.nominations.page_requests import error_on, pdf
from tests.portal.page_reader import page as parse

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]


# --- documents -------------------------------------------------------------------------------


def upload(client: Client, nomination: Nomination, kind: str, file) -> object:
    url = reverse("nominations:document_upload", args=[nomination.pk])
    return client.post(url, {"kind": kind, "file": file})


def test_the_coordinator_uploads_a_document_and_sees_it_listed(client_for, season, quota):
    nomination = NominationFactory(season=season)

    response = upload(client_for("coordinator"), nomination, "cv", pdf("Lebenslauf Aiko.pdf"))

    assert response.status_code == 302
    assert response["Location"].endswith("#documents")
    document = nomination.documents.get()
    assert (document.kind, document.filename) == ("cv", "Lebenslauf_Aiko.pdf")
    detail = client_for("coordinator").get(reverse("nominations:detail", args=[nomination.pk]))
    assert "Lebenslauf_Aiko.pdf" in parse(detail).text("documents")


def test_a_new_upload_replaces_the_current_one_which_stays_under_earlier_versions(
    client_for, draft
):
    client = client_for("coordinator")

    upload(client, draft, "cv", SimpleUploadedFile("new-cv.png", PNG_BYTES))

    detail = parse(client.get(reverse("nominations:detail", args=[draft.pk])))
    assert "new-cv.png" in detail.text("documents")
    assert "cv.pdf" not in detail.text("documents")
    assert "cv.pdf" in detail.text("earlier-documents")
    assert "1 earlier version" in detail.text("earlier-documents")
    assert draft.documents.filter(kind="cv").count() == 2


def test_a_file_that_is_no_pdf_or_image_is_refused_beside_the_file_input(client_for, draft):
    response = upload(
        client_for("coordinator"), draft, "cv", SimpleUploadedFile("cv.pdf", b"just some text")
    )

    assert response.status_code == 200
    assert "Upload a PDF, PNG or JPEG file" in error_on(response, "file")
    assert draft.documents.count() == 3


def test_an_upload_without_a_file_or_with_an_unknown_kind_is_refused(client_for, draft):
    url = reverse("nominations:document_upload", args=[draft.pk])

    response = client_for("coordinator").post(url, {"kind": "passport"})

    assert response.status_code == 200
    assert error_on(response, "file") == "This field is required."
    assert "is not one of the available choices" in error_on(response, "kind")


def test_documents_download_as_attachments_and_preview_inline_sandboxed(client_for, draft):
    document = draft.documents.get(kind="cv")
    url = reverse("nominations:document_download", args=[draft.pk, document.pk])

    download = client_for("organiser").get(url)
    preview = client_for("organiser").get(url, {"inline": "1"})

    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Content-Security-Policy"] == "sandbox"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_a_document_is_found_only_under_its_own_nomination(client_for, draft, season):
    other = complete_nomination(season=season)
    document = other.documents.first()

    response = client_for("organiser").get(
        reverse("nominations:document_download", args=[draft.pk, document.pk])
    )

    assert response.status_code == 404


def test_the_organiser_previews_documents_on_the_review_page(client_for, draft):
    html = client_for("organiser").get(reverse("nominations:detail", args=[draft.pk])).content
    coordinator_html = (
        client_for("coordinator").get(reverse("nominations:detail", args=[draft.pk])).content
    )

    assert b"<iframe" in html
    assert b"?inline=1" in html
    assert b"?inline=1" not in coordinator_html
