"""The letters in the portal: the buttons on a student's review page, the download, the revoke
button, and the office's texts page with its wording and preview (organisers only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.letters import documents
from ish.letters.models import IssuedLetter, Kind, LetterSettings, LetterText
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from tests.factories import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    CityFactory,
    CoordinatorFactory,
    PlacementFactory,
)
from tests.letters.pdf import pdf_text

TEXTS = "/letters/texts/"


def letter_path(nomination: Nomination, kind: str = "invitation", language: str = "en") -> str:
    return f"/letters/nominations/{nomination.pk}/{kind}/?language={language}"


# --- the review page and the download --------------------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_review_page_offers_the_letters_with_a_language_choice(client_as, accepted, role):
    page = client_as(role).get(f"/nominations/{accepted().pk}/").content.decode()
    assert 'data-testid="letters"' in page
    assert 'name="language"' in page
    assert 'data-testid="letter-invitation"' in page
    assert 'data-testid="letter-acceptance"' in page


def test_no_letters_on_the_page_of_a_student_not_accepted(client_as, accepted):
    nomination = accepted(status=Nomination.Status.SUBMITTED)
    page = client_as("organiser").get(f"/nominations/{nomination.pk}/").content.decode()
    assert 'data-testid="letters"' not in page


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_letter_downloads_as_pdf(client_as, accepted, role):
    nomination = accepted(given_name="Алексей", family_name="Орлов")
    response = client_as(role).get(letter_path(nomination, "acceptance", "de"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Алексей Орлов" in pdf_text(response.content)
    assert "Zulassungsschreiben" in pdf_text(response.content)


def test_another_citys_coordinator_and_a_lab_host_get_404(client, accepted, lab_host):
    nomination = accepted()
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status=Placement.Status.ACCEPTED)
    for user in [CoordinatorFactory(city=CityFactory(slug="hangzhou")), lab_host]:
        client.force_login(user)
        assert client.get(letter_path(nomination)).status_code == 404
    assert not IssuedLetter.objects.exists()


def test_a_refused_letter_returns_to_the_review_page_saying_why(client_as, accepted):
    nomination = accepted(status=Nomination.Status.WAITLISTED)
    response = client_as("organiser").get(letter_path(nomination), follow=True)
    assert response.redirect_chain[-1][0] == f"/nominations/{nomination.pk}/"
    assert "only for accepted students" in response.content.decode()


def test_an_unknown_language_returns_to_the_review_page(client_as, accepted):
    response = client_as("organiser").get(letter_path(accepted(), language="xx"), follow=True)
    assert "xx" in response.content.decode()
    assert not IssuedLetter.objects.exists()


def test_without_pango_the_page_says_which_library_is_missing(client_as, accepted, monkeypatch):
    def unavailable():
        raise documents.DocumentsUnavailable("libpango-1.0-0")

    monkeypatch.setattr(documents, "_weasyprint", unavailable)
    response = client_as("organiser").get(letter_path(accepted()))
    assert response.status_code == 503
    assert "libpango-1.0-0" in response.content.decode()


def test_the_office_revokes_a_letter_from_the_review_page(client_as, accepted, organiser):
    nomination = accepted()
    client = client_as("organiser")
    client.get(letter_path(nomination))
    letter = IssuedLetter.objects.get()
    assert client.post(f"/letters/issued/{letter.pk}/revoke/").status_code == 302
    letter.refresh_from_db()
    assert letter.is_revoked


def test_a_coordinator_cannot_revoke(client_as, accepted):
    client_as("organiser").get(letter_path(accepted()))
    letter = IssuedLetter.objects.get()
    assert client_as("coordinator").post(f"/letters/issued/{letter.pk}/revoke/").status_code == 403
    letter.refresh_from_db()
    assert not letter.is_revoked


# --- the texts page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"), [("organiser", 200), ("coordinator", 403), ("lab_host", 403)]
)
def test_the_texts_page_is_the_organisers(client_as, role, expected):
    for path in [TEXTS, "/letters/texts/invitation/de/", "/letters/texts/invitation/de/preview/"]:
        assert client_as(role).get(path).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client_as):
    assert client_as("anonymous").get(TEXTS).status_code == 302


def test_the_sidebar_leads_organisers_to_the_texts_page(client_as):
    assert f'href="{TEXTS}"' in client_as("organiser").get("/").content.decode()
    assert f'href="{TEXTS}"' not in client_as("coordinator").get("/").content.decode()


def test_the_office_saves_signatory_letterhead_and_a_signature_image(client_as, db):
    response = client_as("organiser").post(
        TEXTS,
        {
            "signatory_name": "Prof. Dr. Eckart Würzner",
            "signatory_title": "Oberbürgermeister",
            "letterhead": "Stadt Heidelberg",
            "host_address": "Marktplatz 10",
            "signature": SimpleUploadedFile("eva.png", PNG_BYTES, content_type="image/png"),
            "attach_acceptance_letter": "on",
        },
    )
    assert response.status_code == 302
    saved = LetterSettings.current()
    assert saved.signatory_name == "Prof. Dr. Eckart Würzner"
    assert saved.attach_acceptance_letter
    assert saved.signature.name.startswith("letters/signatures/")
    assert "eva" not in saved.signature.name  # nothing of the upload's name


@pytest.mark.parametrize(
    ("content", "name"), [(PDF_BYTES, "sig.png"), (b"GIF89a" + b"\0" * 20, "sig.png")]
)
def test_a_signature_must_be_a_png_or_jpeg_by_content(client_as, db, content, name):
    response = client_as("organiser").post(
        TEXTS,
        {"signature": SimpleUploadedFile(name, content, content_type="image/png")},
    )
    assert response.status_code == 200
    assert "PNG or JPEG" in response.content.decode()
    assert not LetterSettings.objects.exists()


def test_a_signature_is_size_limited(client_as, db):
    big = JPEG_BYTES + b"\0" * (2 * 1024 * 1024)
    response = client_as("organiser").post(
        TEXTS, {"signature": SimpleUploadedFile("s.jpg", big, content_type="image/jpeg")}
    )
    assert "2 MB" in response.content.decode()


def test_the_signature_image_is_printed_in_the_preview(client_as, db):
    client = client_as("organiser")
    client.post(
        TEXTS,
        {
            "signatory_name": "Eva Löwe",
            "signature": SimpleUploadedFile("s.png", PNG_BYTES, content_type="image/png"),
        },
    )
    response = client.get("/letters/texts/acceptance/en/preview/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"/Subtype /Image" in response.content
    assert "Eva Löwe" in pdf_text(response.content)


def test_the_office_writes_a_wording_and_the_preview_shows_it(client_as, db):
    client = client_as("organiser")
    page = client.get("/letters/texts/invitation/en/").content.decode()
    assert "Letter of invitation" in page  # the default, to start from
    response = client.post(
        "/letters/texts/invitation/zh-hans/",
        {"title": "邀请函", "opening": "", "body": "我们邀请 {name}。", "closing": ""},
    )
    assert response.status_code == 302
    assert LetterText.objects.get(kind=Kind.INVITATION, language="zh-hans").title == "邀请函"
    preview = client.get("/letters/texts/invitation/zh-hans/preview/")
    text = pdf_text(preview.content)
    assert "邀请函" in text
    assert "Zoë 小明 Šimůnková" in text  # the sample student


def test_removing_the_offices_wording_brings_back_the_default(client_as, db):
    LetterText.objects.create(kind=Kind.ACCEPTANCE, language="en", title="Mine", body="x")
    client_as("organiser").post("/letters/texts/acceptance/en/reset/")
    assert not LetterText.objects.exists()


def test_a_language_without_wording_has_no_preview(client_as, db):
    assert client_as("organiser").get("/letters/texts/invitation/fr/preview/").status_code == 404


def test_an_unknown_kind_or_language_is_404(client_as, db):
    client = client_as("organiser")
    assert client.get("/letters/texts/memo/en/").status_code == 404
    assert client.get("/letters/texts/invitation/xx/").status_code == 404


def test_the_texts_page_lists_every_kind_and_language_in_few_queries(
    client_as, db, django_assert_max_num_queries
):
    LetterText.objects.create(kind=Kind.INVITATION, language="he", title="הזמנה", body="x")
    client = client_as("organiser")
    with django_assert_max_num_queries(12):
        page = client.get(TEXTS).content.decode()
    assert 'data-testid="text-invitation-he"' in page
    assert "the office&#x27;s" in page or "the office's" in page
