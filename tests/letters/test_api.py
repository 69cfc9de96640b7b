"""The letters over the API: a PDF for an accepted student, to organisers and the student's own
coordinator; 404 outside the caller's scope (lab hosts never get letters); 409 naming the rule for
a student not accepted; 400 naming `language` for a language the letter is not written in."""

import pytest
from auditlog.models import LogEntry

from ish.letters import documents
from ish.letters.models import IssuedLetter
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from tests.factories import CityFactory, CoordinatorFactory, PlacementFactory
from tests.letters.pdf import NAMES, pdf_text

KINDS = ["invitation-letter", "acceptance-letter"]


def url(nomination: Nomination, kind: str, language: str = "") -> str:
    query = f"?language={language}" if language else ""
    return f"/api/v1/nominations/{nomination.pk}/{kind}/{query}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_office_and_the_students_coordinator_get_the_letter_as_pdf(
    api_as, accepted, letter_settings, kind, role
):
    nomination = accepted(given_name="Zoë", family_name="Šimůnková")
    response = api_as(role).get(url(nomination, kind))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Zoë Šimůnková" in text
    letter = IssuedLetter.objects.get(nomination=nomination)
    assert letter.reference in text
    assert letter.reference in response["Content-Disposition"]


def test_the_invitation_carries_what_a_consulate_asks_for(api_as, accepted, letter_settings):
    nomination = accepted(given_name=NAMES["Chinese"], family_name="", nationality="CN")
    text = pdf_text(api_as("organiser").get(url(nomination, "invitation-letter")).content)
    for expected in [
        NAMES["Chinese"],
        "TR1234567",  # passport number
        "1 May 2008",  # date of birth
        "China",
        "Marktplatz 10",  # the host's address
        "ish@heidelberg.de",  # the office's contact
        "board and lodging",  # who covers what
        "/letters/verify/",
    ]:
        assert expected in text, expected


def test_a_german_invitation_is_written_in_german(api_as, accepted, letter_settings):
    nomination = accepted(given_name="Jürgen")
    text = pdf_text(api_as("organiser").get(url(nomination, "invitation-letter", "de")).content)
    assert "Einladungsschreiben" in text
    assert "1. Mai 2008" in text


@pytest.mark.parametrize("kind", KINDS)
def test_a_letter_for_a_student_not_accepted_is_refused_naming_the_rule(api_as, accepted, kind):
    nomination = accepted(status=Nomination.Status.SUBMITTED)
    response = api_as("organiser").get(url(nomination, kind))
    assert response.status_code == 409
    assert "accepted" in response.json()["detail"]
    assert not IssuedLetter.objects.exists()


def test_an_unknown_language_is_refused_naming_language(api_as, accepted):
    response = api_as("organiser").get(url(accepted(), "invitation-letter", "xx"))
    assert response.status_code == 400
    assert "language" in response.json()


@pytest.mark.parametrize("kind", KINDS)
def test_another_citys_coordinator_gets_404(api_as, accepted, kind, client):
    nomination = accepted()
    stranger = CoordinatorFactory(city=CityFactory(slug="hangzhou"))
    client = api_as("anonymous")
    client.force_authenticate(stranger)
    assert client.get(url(nomination, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_lab_host_gets_no_letter_even_of_their_own_student(api_as, accepted, lab_host, kind):
    nomination = accepted()
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status=Placement.Status.ACCEPTED)
    response = api_as("lab_host").get(url(nomination, kind))
    assert response.status_code == 404
    assert b"TR1234567" not in response.content


def test_anonymous_callers_are_asked_to_sign_in(api_as, accepted):
    assert api_as("anonymous").get(url(accepted(), "invitation-letter")).status_code == 401


def test_generating_a_letter_is_in_the_audit_trail(api_as, accepted, organiser):
    nomination = accepted()
    api_as("organiser").get(url(nomination, "invitation-letter"))
    letter = IssuedLetter.objects.get()
    assert letter.issued_by == organiser
    read = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(nomination.pk))
    assert read.actor == organiser
    assert read.additional_data["file"] == f"{letter.reference}.pdf"


def test_without_pango_the_letter_answers_503_naming_the_library(api_as, accepted, monkeypatch):
    def unavailable():
        raise documents.DocumentsUnavailable("libpango-1.0-0")

    monkeypatch.setattr(documents, "_weasyprint", unavailable)
    response = api_as("organiser").get(url(accepted(), "invitation-letter"))
    assert response.status_code == 503
    assert "libpango-1.0-0" in response.json()["detail"]
    assert not IssuedLetter.objects.exists()
