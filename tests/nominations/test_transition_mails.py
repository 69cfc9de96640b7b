"""The e-mails each transition writes to the outbox: to whom, in which language, and delivered only
after the transaction commits."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from tests.factories import CoordinatorFactory, NominationFactory
from tests.nominations.readback import status_of
from tests.nominations.transition_table import LEGAL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- e-mails ----------------------------------------------------------------------------------


@pytest.fixture
def staff_of_kumamoto(coordinator, kumamoto):
    """Kumamoto's coordinators: one in English, one in German, and one who left."""
    german = CoordinatorFactory(username="kumamoto-de", city=kumamoto, language="de")
    CoordinatorFactory(username="kumamoto-gone", city=kumamoto, is_active=False)
    return {coordinator.email: "en", german.email: "de"}


def outbox_rows(event: str) -> set[tuple[str, str]]:
    return set(OutboundEmail.objects.filter(event=event).values_list("to", "language"))


def test_submitting_mails_the_citys_active_coordinators_and_the_office(
    nomination_in, quota, coordinator, other_coordinator, staff_of_kumamoto
):
    nomination = nomination_in(Status.DRAFT)

    services.perform(nomination, "submit", actor=coordinator)

    assert outbox_rows("nomination_submitted") == {
        *staff_of_kumamoto.items(),
        (settings.ISH_OFFICE_EMAIL, settings.ISH_OFFICE_LANGUAGE),
    }
    assert OutboundEmail.objects.count() == 3  # not the student, not Montpellier


@pytest.mark.parametrize("action", ["accept", "waitlist", "decline"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_each_decision_mails_the_student_in_their_language_and_the_citys_coordinators(
    nomination_in, roomy_quota, organiser, other_coordinator, staff_of_kumamoto, action, language
):
    nomination = nomination_in(Status.SUBMITTED, language=language)
    OutboundEmail.objects.all().delete()

    services.perform(nomination, action, actor=organiser, comment="See you in July.")

    event = f"nomination_{LEGAL[(Status.SUBMITTED, action)]}"
    assert outbox_rows(event) == {*staff_of_kumamoto.items(), (nomination.email, language)}
    assert OutboundEmail.objects.filter(event=event).count() == 3  # not the office
    student_mail = OutboundEmail.objects.get(event=event, to=nomination.email)
    assert "See you in July." in student_mail.body_text
    assert "/nominations/" not in student_mail.body_text  # no portal link for the student


def test_withdrawing_a_submitted_nomination_mails_student_coordinators_and_office(
    nomination_in, roomy_quota, coordinator, staff_of_kumamoto
):
    nomination = nomination_in(Status.SUBMITTED)
    OutboundEmail.objects.all().delete()

    services.perform(nomination, "withdraw", actor=coordinator)

    assert outbox_rows("nomination_withdrawn") == {
        *staff_of_kumamoto.items(),
        (nomination.email, "en"),
        (settings.ISH_OFFICE_EMAIL, settings.ISH_OFFICE_LANGUAGE),
    }


def test_withdrawing_a_draft_mails_nobody(
    nomination_in, quota, coordinator, staff_of_kumamoto, django_capture_on_commit_callbacks
):
    nomination = nomination_in(Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        services.perform(nomination, "withdraw", actor=coordinator)

    assert status_of(nomination) == Status.WITHDRAWN
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_a_decision_is_delivered_after_commit_in_each_recipients_language(
    nomination_in, roomy_quota, organiser, staff_of_kumamoto, django_capture_on_commit_callbacks
):
    nomination = nomination_in(Status.SUBMITTED, language="de", given_name="Aiko")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.perform(nomination, "accept", actor=organiser)

    decision = [m for m in mail.outbox if m.extra_headers["X-ISH-Event"] == "nomination_accepted"]
    delivered = {message.to[0]: message.subject for message in decision}
    assert set(delivered) == {nomination.email, *staff_of_kumamoto}
    german, english = [a for a, lang in staff_of_kumamoto.items() if lang == "de"] + [
        a for a, lang in staff_of_kumamoto.items() if lang == "en"
    ]
    assert delivered[nomination.email] == f"ISH 2027: {nomination.full_name} ist angenommen"
    assert delivered[german] == f"ISH 2027: {nomination.full_name} ist angenommen"
    assert delivered[english] == f"ISH 2027: {nomination.full_name} is accepted"


def test_a_rolled_back_transition_stores_no_mail_history_or_status(
    nomination_in, roomy_quota, organiser, staff_of_kumamoto, django_capture_on_commit_callbacks
):
    nomination = nomination_in(Status.SUBMITTED)
    OutboundEmail.objects.all().delete()
    mail.outbox.clear()
    rows_before = nomination.changes.count()

    def accept_then_fail():
        with transaction.atomic():
            services.perform(nomination, "accept", actor=organiser)
            raise RuntimeError("the caller's next step failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        accept_then_fail()

    assert status_of(nomination) == Status.SUBMITTED
    assert nomination.changes.count() == rows_before
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_a_refused_transition_stores_no_mail(season, quota, coordinator, staff_of_kumamoto):
    nomination = NominationFactory(season=season)  # no documents

    with pytest.raises(RuleViolation):
        services.perform(nomination, "submit", actor=coordinator)

    assert not OutboundEmail.objects.exists()
