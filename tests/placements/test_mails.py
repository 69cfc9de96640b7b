"""The e-mails each placement change writes to the outbox: who hears of it, in which language, and
what stays internal."""

import pytest
from django.utils import translation

from ish.notifications.catalogue import EVENTS_BY_NAME
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, render
from ish.participants import services as lifecycle
from ish.placements import services
from ish.placements.models import Placement
from ish.seasons.models import City
from tests.factories import CoordinatorFactory, LabHostFactory
from tests.placements.shared import mails

pytestmark = pytest.mark.django_db

Status = Placement.Status


def test_an_offer_is_mailed_to_the_labs_active_hosts_in_their_language(
    placement_in, lab_host, german_host, other_lab_host, coordinator, lab
):
    LabHostFactory(username="gone", lab=lab, is_active=False)

    placement = placement_in(Status.OFFERED, interests=["biology", "physics"])

    sent = mails("placement_offered")
    assert set(sent) == {lab_host.email, german_host.email}
    english, german = sent[lab_host.email], sent[german_host.email]
    student = placement.nomination.full_name
    assert english.language == "en"
    assert english.subject == f"ISH 2027: a student for {lab.name}"
    assert student in english.body_text
    assert "Biology, Physics" in english.body_text
    assert f"/placements/{placement.pk}/" in english.body_text
    assert german.language == "de"
    assert german.subject == f"ISH 2027: eine Teilnehmerin oder ein Teilnehmer für {lab.name}"
    assert "Biologie, Physik" in german.body_text  # the research fields in the host's language
    assert "Biology" not in german.body_text
    assert OutboundEmail.objects.count() == 2  # nobody else hears of an offer


def test_an_acceptance_is_mailed_to_the_coordinators_the_office_and_the_student(
    settings, placement_in, coordinator, lab_host, lab
):
    settings.ISH_OFFICE_EMAIL = "office@ish.example"
    CoordinatorFactory(username="montpellier", city=City.objects.get(slug="montpellier"))
    OutboundEmail.objects.all().delete()

    placement = placement_in(Status.ACCEPTED, email="aiko@example.jp", language="de")

    sent = mails("placement_accepted")
    assert set(sent) == {coordinator.email, "office@ish.example", "aiko@example.jp"}
    assert sent["aiko@example.jp"].language == "de"
    assert lab.name in sent[coordinator.email].subject
    assert f"/placements/{placement.pk}/" not in sent["aiko@example.jp"].body_text
    assert set(OutboundEmail.objects.values_list("event", flat=True)) == {
        "placement_offered", "placement_accepted",
    }  # fmt: skip


def test_a_decline_is_mailed_to_the_coordinators_the_office_and_kindly_to_the_student(
    settings, placement_in, coordinator, lab_host, organiser, lab
):
    settings.ISH_OFFICE_EMAIL = "office@ish.example"
    placement = placement_in(Status.OFFERED, email="aiko@example.jp", language="de")

    services.perform(placement, "decline", actor=lab_host, comment="No bench free in July.")

    staff = mails("placement_declined")
    assert set(staff) == {coordinator.email, "office@ish.example"}
    assert "No bench free in July." in staff[coordinator.email].body_text
    [to_student] = OutboundEmail.objects.filter(event="placement_declined_student")
    assert (to_student.to, to_student.language) == ("aiko@example.jp", "de")
    assert to_student.recipient_name == placement.nomination.full_name
    assert "No bench free in July." not in to_student.body_text  # the lab's words stay internal
    assert f"/placements/{placement.pk}/" not in to_student.body_text
    with translation.override("en"):
        english = render(
            EVENTS_BY_NAME["placement_declined_student"],
            {"lab": lab.name, "season": 2027},
            Recipient("aiko@example.jp", "en", "Aiko"),
        )
    assert english[0] == "ISH 2027: news about your lab placement"
    assert f"Unfortunately, {lab.name} is not able to host you" in english[1]
    assert "looking for another lab for you" in english[1]


def test_the_lab_hosts_comment_never_reaches_the_student(placement_in, lab_host):
    placement = placement_in(Status.OFFERED, email="aiko@example.jp")

    services.perform(placement, "accept", actor=lab_host, comment="Internal: second choice.")

    [to_student] = OutboundEmail.objects.filter(to="aiko@example.jp")
    assert to_student.event == "placement_accepted"
    assert "second choice" not in to_student.body_text


def test_a_student_without_an_e_mail_address_is_not_mailed(placement_in, lab_host, coordinator):
    placement = placement_in(Status.OFFERED, email="")

    services.perform(placement, "decline", actor=lab_host)

    assert not OutboundEmail.objects.filter(event="placement_declined_student").exists()
    assert coordinator.email in mails("placement_declined")


@pytest.mark.parametrize("cancelled_by", ["organiser", "withdrawal"])
def test_cancelling_an_accepted_placement_tells_the_labs_hosts(
    placement_in, organiser, lab_host, german_host, cancelled_by
):
    placement = placement_in(Status.ACCEPTED)
    OutboundEmail.objects.all().delete()

    if cancelled_by == "organiser":
        services.perform(placement, "cancel", actor=organiser, comment="Visa refused.")
    else:
        lifecycle.withdraw(placement.nomination, actor=organiser)

    sent = mails("placement_cancelled")
    assert set(sent) == {lab_host.email, german_host.email}
    student, lab = placement.nomination.full_name, placement.lab.name
    assert sent[lab_host.email].subject == f"ISH 2027: {student} will not come to {lab}"
    assert "The place is free again." in sent[lab_host.email].body_text
    assert sent[german_host.email].language == "de"
    if cancelled_by == "organiser":
        assert "Visa refused." in sent[lab_host.email].body_text
    else:  # the system's reason stays in the history
        assert "withdrawn" not in sent[lab_host.email].body_text
        assert "zurückgezogen" not in sent[german_host.email].body_text


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.OFFERED])
def test_cancelling_a_placement_the_lab_had_not_accepted_mails_nobody(
    placement_in, organiser, lab_host, status
):
    placement = placement_in(status)
    OutboundEmail.objects.all().delete()

    services.perform(placement, "cancel", actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_proposing_and_cancelling_mail_nobody(placement_in, lab_host, coordinator):
    placement_in(Status.CANCELLED)

    assert not OutboundEmail.objects.exists()
