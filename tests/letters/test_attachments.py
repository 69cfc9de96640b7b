"""The letter of acceptance travels with the student's acceptance e-mail when the office chose
so, made when the e-mail is delivered."""

import pytest
from django.core import mail

from ish.letters import documents
from ish.letters.models import IssuedLetter, Kind, LetterText
from ish.notifications import services as outbox
from ish.notifications.models import OutboundEmail
from tests.factories import accepted_nomination
from tests.letters.pdf import pdf_text

ACCEPTED = "nomination_accepted"


@pytest.fixture
def attaching(letter_settings):
    letter_settings.attach_acceptance_letter = True
    letter_settings.save()
    return letter_settings


def accept(organiser, django_capture_on_commit_callbacks, **names):
    with django_capture_on_commit_callbacks(execute=True):
        return accepted_nomination(organiser, **names)


def students_mail(nomination):
    """The student's acceptance (they also receive their self-service link)."""
    return next(
        message
        for message in mail.outbox
        if message.to == [nomination.email] and message.extra_headers["X-ISH-Event"] == ACCEPTED
    )


def test_the_student_receives_the_letter_of_acceptance_as_a_pdf(
    attaching, organiser, django_capture_on_commit_callbacks
):
    nomination = accept(
        organiser, django_capture_on_commit_callbacks, given_name="Алексей", family_name="Орлов"
    )
    [(filename, content, mimetype)] = students_mail(nomination).attachments
    letter = IssuedLetter.objects.get(nomination=nomination, kind=Kind.ACCEPTANCE)
    assert filename == f"{letter.reference}.pdf"
    assert mimetype == "application/pdf"
    assert "Алексей Орлов" in pdf_text(content)
    assert letter.issued_by is None


def test_coordinators_copies_carry_no_letter(
    attaching, organiser, coordinator, django_capture_on_commit_callbacks
):
    accept(organiser, django_capture_on_commit_callbacks)
    staff = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert staff
    assert all(message.attachments == [] for message in staff)


def test_without_the_offices_choice_no_letter_is_attached(
    letter_settings, organiser, django_capture_on_commit_callbacks
):
    nomination = accept(organiser, django_capture_on_commit_callbacks)
    assert students_mail(nomination).attachments == []
    assert not IssuedLetter.objects.exists()


def test_the_letter_is_in_the_students_language_where_the_office_wrote_it(
    attaching, organiser, django_capture_on_commit_callbacks
):
    LetterText.objects.create(
        kind=Kind.ACCEPTANCE, language="ja", title="合格通知書", body="{name} 様"
    )
    nomination = accept(
        organiser, django_capture_on_commit_callbacks, given_name="花子", language="ja"
    )
    [(_, content, _)] = students_mail(nomination).attachments
    assert "合格通知書" in pdf_text(content)
    assert IssuedLetter.objects.get(nomination=nomination).language == "ja"


def test_a_retried_delivery_attaches_the_same_letter(
    attaching, organiser, django_capture_on_commit_callbacks
):
    nomination = accept(organiser, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(to=nomination.email, event=ACCEPTED)
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.PENDING)
    outbox.deliver(email.pk)
    assert IssuedLetter.objects.filter(nomination=nomination).count() == 1
    resent = [m for m in mail.outbox if m.extra_headers["X-ISH-Event"] == ACCEPTED]
    assert [m.attachments[0][0] for m in resent if m.to == [nomination.email]] == [
        f"{IssuedLetter.objects.get().reference}.pdf"
    ] * 2


def test_without_pango_the_acceptance_goes_out_without_its_letter(
    attaching, organiser, django_capture_on_commit_callbacks, monkeypatch
):
    def unavailable():
        raise documents.DocumentsUnavailable("libpango-1.0-0")

    monkeypatch.setattr(documents, "_weasyprint", unavailable)
    nomination = accept(organiser, django_capture_on_commit_callbacks)
    assert students_mail(nomination).attachments == []
    assert (
        OutboundEmail.objects.get(to=nomination.email, event=ACCEPTED).status
        == OutboundEmail.Status.SENT
    )
