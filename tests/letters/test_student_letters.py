"""The letters of invitation and acceptance, rendered for names in every script and read back as
stored; and their verification page: valid, tampered with, revoked."""

import logging

import pytest
from django.core import signing

from ish.errors import RuleViolation
from ish.letters import services, student_letters
from ish.letters.models import Kind, LetterText
from ish.nominations.models import Nomination
from tests.letters.pdf import NAMES, pdf_fonts, pdf_text

# Which language a student of each script writes in (their Noto font is then drawn first).
LANGUAGE_OF = {"Latin": "en", "Chinese": "zh-hans", "Japanese": "ja", "Hebrew": "he"}


@pytest.mark.parametrize("kind", [Kind.INVITATION, Kind.ACCEPTANCE])
@pytest.mark.parametrize("script", list(NAMES))
def test_each_letter_prints_the_name_as_stored_in_a_noto_font(
    accepted, letter_settings, organiser, kind, script, caplog
):
    given, _, family = NAMES[script].partition(" ")
    nomination = accepted(
        given_name=given, family_name=family, language=LANGUAGE_OF.get(script, "ru")
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = student_letters.generate(kind, nomination, "en", organiser)

    assert NAMES[script] in pdf_text(document.pdf)
    assert document.letter.name_printed == NAMES[script]
    assert all(font.startswith("Noto-") for font in pdf_fonts(document.pdf))
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_the_acceptance_is_in_the_students_language_where_the_office_wrote_it(accepted, organiser):
    nomination = accepted(given_name="דוד", family_name="כהן", language="he")
    assert (
        student_letters.generate(Kind.ACCEPTANCE, nomination, None, organiser).letter.language
        == "en"
    )

    LetterText.objects.create(
        kind=Kind.ACCEPTANCE, language="he", title="מכתב קבלה", body="שלום {name}"
    )
    document = student_letters.generate(Kind.ACCEPTANCE, nomination, None, organiser)
    assert document.letter.language == "he"
    text = pdf_text(document.pdf)
    assert "מכתב" in text or "בלה" in text  # pypdf reads right-to-left runs as drawn
    assert "Noto-Sans-Hebrew" in {f.split("-Bold")[0] for f in pdf_fonts(document.pdf)}


def test_the_offices_wording_replaces_the_default_and_fills_in_the_student(accepted, organiser):
    LetterText.objects.create(
        kind=Kind.INVITATION,
        language="en",
        title="Invitation for a visa",
        body="We invite {name} of {city} to the summer of {season}.",
    )
    nomination = accepted(given_name="Aiko", family_name="Tanaka")
    text = pdf_text(student_letters.generate(Kind.INVITATION, nomination, "en", organiser).pdf)
    assert "Invitation for a visa" in text
    assert (
        f"We invite Aiko Tanaka of Kumamoto to the summer of {nomination.season.year}."
        in " ".join(text.split())
    )


@pytest.mark.parametrize("status", [Nomination.Status.SUBMITTED, Nomination.Status.WITHDRAWN])
def test_no_letter_for_a_student_who_holds_no_place(accepted, organiser, status):
    with pytest.raises(RuleViolation, match="only for accepted students"):
        student_letters.generate(Kind.INVITATION, accepted(status=status), "en", organiser)


def test_a_confirmed_student_gets_letters(accepted, organiser):
    nomination = accepted(status=Nomination.Status.CONFIRMED)
    assert student_letters.generate(Kind.INVITATION, nomination, "de", organiser).pdf


def test_reference_numbers_are_unique_and_readable(accepted, organiser):
    nomination = accepted()
    first = student_letters.generate(Kind.INVITATION, nomination, "en", organiser).letter
    second = student_letters.generate(Kind.ACCEPTANCE, nomination, "en", organiser).letter
    year = nomination.season.year
    assert first.reference == f"ISH-{year}-INV-{first.pk:05d}"
    assert second.reference == f"ISH-{year}-ACC-{second.pk:05d}"


# --- verification -----------------------------------------------------------------------------


@pytest.fixture
def issued(accepted, organiser):
    nomination = accepted(given_name="王", family_name="小明")
    return student_letters.generate(Kind.INVITATION, nomination, "en", organiser).letter


def verify_path(token: str) -> str:
    return f"/letters/verify/{token}/"


def test_a_valid_letter_is_confirmed_with_its_name_and_date_only(client, issued):
    response = client.get(verify_path(services.verification_token(issued)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This letter exists" in page
    assert "王 小明" in page
    assert issued.reference in page
    assert "TR1234567" not in page  # nothing else of the student
    assert "2008" not in page


def test_the_letter_prints_its_own_verification_link(issued, organiser):
    url = services.verification_url(issued)
    assert url.startswith("http")
    assert client_path(url) == verify_path(services.verification_token(issued))


def client_path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_tampered_link_is_not_valid(client, issued):
    token = services.verification_token(issued)
    forged = signing.dumps(issued.pk + 1, salt="another salt")
    for bad in [token[:-2] + ("aa" if not token.endswith("aa") else "bb"), forged, "nonsense"]:
        response = client.get(verify_path(bad))
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


def test_a_revoked_letter_says_so(client, issued):
    services.revoke(issued)
    response = client.get(verify_path(services.verification_token(issued)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "revoked" in page
    assert "This letter exists" not in page


def test_the_office_revokes_letters_in_the_admin(client, issued, organiser):
    client.force_login(organiser)
    response = client.post(
        "/admin/letters/issuedletter/",
        {"action": "revoke", "_selected_action": [issued.pk]},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.is_revoked
