"""What the student and the host are e-mailed when a bed is confirmed, moved or cancelled, in each
recipient's language, never twice for one version and never for a mere proposal."""

import pytest

from ish.housing import mail, services, suggestions
from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail
from ish.participants import services as lifecycle
from tests.housing.booking import assign, august, july, mails

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_student_is_told_in_their_language_where_they_stay_and_who_hosts_them(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp", language="de")
    weber = place(
        name="Familie Weber",
        address="Plöck 12, 69117 Heidelberg",
        contact_name="Anna Weber",
        contact_phone="+49 6221 581234",
        contact_email="anna.weber@example.de",
        language="en",
    )

    services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    email = mails("housing_assigned_participant")["aiko@example.jp"]
    assert email.language == "de"
    assert email.subject == "ISH 2027: Ihre Unterkunft"
    for words in ("Familie Weber", "Plöck 12, 69117 Heidelberg", "Anna Weber", "+496221581234"):
        assert words in email.body_text
    assert "anna.weber@example.de" in email.body_text


def test_the_host_is_told_in_their_language_whom_they_host_when_and_what_they_eat(
    organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        language="de",
        dietary_requirements="vegetarian",
        allergies="peanuts",
    )
    weber = place(contact_email="anna.weber@example.de", language="en")

    services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    email = mails("housing_assigned_host")["anna.weber@example.de"]
    assert email.language == "en"
    assert email.subject == "ISH 2027: your guest Aiko Tanaka"
    assert "Kumamoto" in email.body_text
    assert "vegetarian, peanuts" in email.body_text
    assert "17 July 2027" in email.body_text
    assert "14 August 2027" in email.body_text


def test_a_host_is_mailed_in_german_by_default(organiser, student, place):
    weber = place(contact_email="anna.weber@example.de")

    services.confirm(assign(organiser, student(), weber), actor=organiser)

    assert mails("housing_assigned_host")["anna.weber@example.de"].subject.startswith(
        "ISH 2027: Ihr Gast"
    )


def test_the_same_version_is_never_mailed_twice(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)

    mail.tell_assigned(stay)  # as a retried confirmation would
    services.confirm_all(stay.nomination.season, actor=organiser)

    assert OutboundEmail.objects.count() == 2


def test_nobody_without_an_address_is_mailed(organiser, student, place):
    stay = assign(organiser, student(email=""), place(contact_email=""))

    services.confirm(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_proposals_mail_nobody(organiser, season, student, place):
    assign(organiser, student(), place())
    student()
    suggestions.suggest(season, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_cancelling_a_confirmed_bed_tells_the_student_and_the_host(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka", email="aiko@example.jp")
    weber = place(name="Familie Weber", contact_email="weber@example.de", language="en")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    services.cancel(stay, actor=organiser, comment="The family is ill.")

    to_student = mails("housing_cancelled_participant")["aiko@example.jp"]
    to_host = mails("housing_cancelled_host")["weber@example.de"]
    assert to_student.subject == "ISH 2027: your accommodation is cancelled"
    assert "Familie Weber" in to_student.body_text
    assert "The family is ill." in to_student.body_text
    assert to_host.subject == "ISH 2027: Aiko Tanaka will not stay with you"
    assert to_host.language == "en"
    for words in ("Aiko Tanaka", "Kumamoto", "Familie Weber", "17 July 2027", "14 August 2027"):
        assert words in to_host.body_text
    stay.refresh_from_db()
    assert (stay.status, stay.version) == (Status.CANCELLED, 2)


def test_the_cancellation_is_mailed_in_each_recipients_language(organiser, student, place):
    aiko = student(email="aiko@example.jp", language="de")
    weber = place(contact_email="weber@example.de", language="en")
    stay = services.confirm(assign(organiser, aiko, weber), actor=organiser)

    services.cancel(stay, actor=organiser)

    assert mails("housing_cancelled_participant")["aiko@example.jp"].language == "de"
    assert mails("housing_cancelled_host")["weber@example.de"].language == "en"


def test_cancelling_a_proposal_mails_nobody_it_was_never_sent(organiser, student, place):
    stay = assign(organiser, student(), place())

    services.cancel(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_a_cancellation_is_mailed_once_however_often_it_is_asked_for(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)

    services.cancel(stay, actor=organiser)
    services.cancel(stay, actor=organiser)
    mail.tell_host_cancelled(stay)  # as a retried cancellation would
    mail.tell_student_cancelled(stay)

    assert OutboundEmail.objects.filter(event="housing_cancelled_participant").count() == 1
    assert OutboundEmail.objects.filter(event="housing_cancelled_host").count() == 1


def test_a_withdrawn_students_host_and_the_student_are_told_the_bed_is_gone(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp")
    confirmed = services.confirm(
        assign(organiser, aiko, place(contact_email="weber@example.de"), july(17), july(24)),
        actor=organiser,
    )
    assign(organiser, aiko, place(contact_email="proposed-only@example.de"), july(24), august(1))

    lifecycle.withdraw(aiko, actor=organiser)

    assert set(mails("housing_cancelled_host")) == {"weber@example.de"}
    assert set(mails("housing_cancelled_participant")) == {"aiko@example.jp"}
    # The system's own reason is for the history, not for the mail.
    assert "withdrawn" not in mails("housing_cancelled_host")["weber@example.de"].body_text
    assert confirmed.changes.last().note == "The nomination was withdrawn."


def test_a_cancelled_bed_without_addresses_mails_nobody(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(email=""), place(contact_email="")), actor=organiser
    )

    services.cancel(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_moving_a_confirmed_guest_mails_the_student_and_the_new_host_again(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp", dietary_requirements="halal", allergies="dogs")
    weber = place(name="Familie Weber", contact_email="weber@example.de")
    schmidt = place(name="Familie Schmidt", contact_email="schmidt@example.de", pets="dog")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), july(24)), actor=organiser)

    moved = services.change(stay, actor=organiser, accommodation=schmidt, check_out=july(26))

    assert moved.version == 2
    assert moved.status == Status.CONFIRMED
    assert len(moved.warnings) == 2  # recomputed for the new place: dogs, and no halal kitchen
    to_student = OutboundEmail.objects.filter(
        event="housing_assigned_participant", to="aiko@example.jp"
    )
    assert to_student.count() == 2
    assert "Familie Schmidt" in to_student.first().body_text  # the newest first
    assert set(mails("housing_assigned_host")) == {"weber@example.de", "schmidt@example.de"}
    assert moved.changes.last().action == "change"


def test_moving_a_confirmed_guest_tells_the_old_host_they_no_longer_come(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    weber = place(name="Familie Weber", contact_email="weber@example.de", language="en")
    schmidt = place(name="Familie Schmidt", contact_email="schmidt@example.de")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), july(24)), actor=organiser)

    services.change(stay, actor=organiser, accommodation=schmidt, check_out=july(26))

    (to_old_host,) = OutboundEmail.objects.filter(event="housing_cancelled_host")
    assert to_old_host.to == "weber@example.de"
    assert "Aiko Tanaka" in to_old_host.subject
    assert "Familie Weber" in to_old_host.body_text
    assert "24 July 2027" in to_old_host.body_text  # the dates the old host was told
    assert set(mails("housing_assigned_host")) == {"weber@example.de", "schmidt@example.de"}
    assert not OutboundEmail.objects.filter(event="housing_cancelled_participant").exists()


def test_new_dates_at_the_same_place_tell_nobody_the_guest_is_gone(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(), place(contact_email="weber@example.de"), july(17), july(24)),
        actor=organiser,
    )

    services.change(stay, actor=organiser, check_out=july(26))

    assert not OutboundEmail.objects.filter(event="housing_cancelled_host").exists()
    assert OutboundEmail.objects.filter(event="housing_assigned_host").count() == 2


def test_moving_a_proposed_guest_mails_no_host(organiser, student, place):
    stay = assign(organiser, student(), place(contact_email="weber@example.de"))

    services.change(stay, actor=organiser, accommodation=place(contact_email="x@example.de"))

    assert not OutboundEmail.objects.exists()


def test_moving_back_and_forth_tells_each_host_each_time(organiser, student, place):
    weber = place(contact_email="weber@example.de")
    schmidt = place(contact_email="schmidt@example.de")
    stay = services.confirm(assign(organiser, student(), weber), actor=organiser)

    stay = services.change(stay, actor=organiser, accommodation=schmidt)
    stay = services.change(stay, actor=organiser, accommodation=weber)

    cancelled = OutboundEmail.objects.filter(event="housing_cancelled_host").order_by("pk")
    assert [email.to for email in cancelled] == ["weber@example.de", "schmidt@example.de"]
