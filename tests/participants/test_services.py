"""The participant's self-service link: mailed once on acceptance, in the student's language;
opened only when genuine, current and unrevoked for a student still accepted; the answers it
takes, validated and limited to what the student may change; and the office's list of students
who have not answered."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation

from ish.errors import RuleViolation
from ish.history import Actor
from ish.housing import services as housing
from ish.nominations import services as nominations
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants import links, services
from ish.participants.models import ParticipantLink
from ish.participants.selectors import unanswered
from tests.factories import (
    BERLIN,
    AccommodationFactory,
    SeasonFactory,
    accepted_nomination,
    complete_nomination,
)

pytestmark = pytest.mark.django_db

Status = Nomination.Status
# Accepted on 1 February 2027; the 2027 programme runs from 17 July to 13 August.
ACCEPTED_ON = dt.datetime(2027, 2, 1, 10, 0, tzinfo=BERLIN)
TRAVEL = {
    "arrival_at": dt.datetime(2027, 7, 16, 14, 30, tzinfo=BERLIN),
    "departure_at": dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
    "arrival_details": "LH 711, Frankfurt",
    "dietary_requirements": "vegetarian",
    "allergies": "cats",
    "emergency_contact_name": "Yuko Tanaka",
    "emergency_contact_phone": "+81 90 1234 5678",
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """The nominations' documents land in a folder of their own, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock():
    with time_machine.travel(ACCEPTED_ON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def accept(clock, organiser, season):
    """Accept a complete nomination of the 2027 season the way the office does."""
    return lambda **fields: accepted_nomination(organiser, season=season, **fields)


@pytest.fixture
def aiko(accept):
    return accept(given_name="Aiko", family_name="Tanaka", email="aiko@example.jp", language="de")


def link_mails(nomination: Nomination) -> list[OutboundEmail]:
    return list(
        OutboundEmail.objects.filter(event="participant_link", to=nomination.email).order_by("pk")
    )


def token_in(email: OutboundEmail) -> str:
    return re.search(r"/p/(\S+)/", email.body_text).group(1)


def token_of(nomination: Nomination) -> str:
    """The token of the newest link mailed to the student."""
    return token_in(link_mails(nomination)[-1])


def opens(token: str) -> bool:
    try:
        links.open_link(token)
    except links.LinkInvalid:
        return False
    return True


# --- the link ----------------------------------------------------------------------------------


def test_accepting_a_nomination_mails_the_student_exactly_one_link_in_their_language(aiko):
    [email] = link_mails(aiko)

    assert OutboundEmail.objects.filter(event="participant_link").count() == 1
    assert email.language == "de"
    assert email.subject == "ISH 2027: Bitte bestätigen Sie Ihre Teilnahme"
    assert "http://" in email.body_text or "https://" in email.body_text
    assert links.open_link(token_in(email)).nomination == aiko
    assert aiko.participant_link.sent_at == ACCEPTED_ON


def test_an_english_speaking_student_gets_the_link_in_english(accept):
    ren = accept(language="en")

    assert link_mails(ren)[0].subject == "ISH 2027: please confirm your participation"


def test_sending_the_link_again_without_resending_mails_nothing_new(aiko):
    links.send_link(aiko)

    assert len(link_mails(aiko)) == 1
    assert opens(token_of(aiko))


def test_only_accepted_students_get_a_link(season):
    draft = complete_nomination(season=season)

    with pytest.raises(RuleViolation):
        links.send_link(draft)

    assert not ParticipantLink.objects.exists()


def test_a_valid_link_opens_that_students_record_and_notes_when(aiko, accept, clock):
    ren = accept(given_name="Ren")
    clock.shift(dt.timedelta(days=3))

    link = links.open_link(token_of(aiko))

    assert link.nomination == aiko
    assert link.nomination.full_name == "Aiko Tanaka"
    assert links.open_link(token_of(ren)).nomination == ren
    assert ParticipantLink.objects.get(nomination=aiko).opened_at == ACCEPTED_ON + dt.timedelta(
        days=3
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:5] + token[6:],
        lambda token: token.upper(),
        lambda token: token + "x",
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: "x" * 5000,
        lambda token: token.replace(":", "\x00", 1),
    ],
    ids=["last-char", "char-removed", "upper-case", "appended", "empty", "words", "huge", "nul"],
)
def test_a_tampered_token_opens_nothing(aiko, tamper):
    assert not opens(tamper(token_of(aiko)))
    assert ParticipantLink.objects.get(nomination=aiko).opened_at is None


def test_a_token_made_of_one_students_data_and_anothers_signature_opens_nothing(aiko, accept):
    ren = accept(given_name="Ren")
    aiko_data, _, _ = token_of(aiko).rpartition(":")
    _, _, ren_signature = token_of(ren).rpartition(":")

    assert not opens(f"{aiko_data}:{ren_signature}")


def test_a_token_signed_for_something_else_opens_nothing(aiko):
    link = aiko.participant_link
    payload = {"n": aiko.pk, "v": link.version}

    assert not opens(signing.dumps(payload, compress=True))  # Django's default salt
    assert not opens(signing.dumps(payload, salt="ish.exchange", compress=True))
    assert opens(signing.dumps(payload, salt=links.SALT, compress=True))


def test_a_link_stays_valid_until_the_programme_ends(aiko, clock):
    token = token_of(aiko)

    clock.move_to(dt.datetime(2027, 5, 15, 12, 0, tzinfo=BERLIN))
    assert opens(token)
    clock.move_to(dt.datetime(2027, 8, 13, 23, 0, tzinfo=BERLIN))
    assert opens(token)
    clock.move_to(dt.datetime(2027, 8, 14, 0, 30, tzinfo=BERLIN))
    assert not opens(token)


def test_a_link_sent_late_stays_valid_for_the_configured_days(settings, accept, clock):
    settings.PARTICIPANT_LINK_DAYS = 30
    clock.move_to(dt.datetime(2027, 8, 1, 9, 0, tzinfo=BERLIN))
    late = accept()
    token = token_of(late)

    clock.move_to(dt.datetime(2027, 8, 31, 8, 0, tzinfo=BERLIN))
    assert opens(token)
    clock.move_to(dt.datetime(2027, 8, 31, 10, 0, tzinfo=BERLIN))
    assert not opens(token)


def test_the_mail_names_the_day_the_link_expires(aiko):
    assert "13. August 2027" in link_mails(aiko)[0].body_text


def test_a_revoked_link_opens_nothing_and_a_resent_one_does(aiko):
    old = token_of(aiko)

    links.revoke(aiko)
    assert not opens(old)

    links.send_link(aiko, resend=True)
    new = token_of(aiko)
    assert new != old
    assert opens(new)
    assert not opens(old)
    assert len(link_mails(aiko)) == 2


def test_resending_revokes_the_link_sent_before(aiko):
    old = token_of(aiko)

    links.send_link(aiko, resend=True)

    assert not opens(old)
    assert opens(token_of(aiko))
    assert len(link_mails(aiko)) == 2


def test_a_withdrawn_students_link_opens_nothing(aiko, organiser):
    token = token_of(aiko)

    services.withdraw(aiko, actor=organiser)

    assert not opens(token)
    assert ParticipantLink.objects.get(nomination=aiko).revoked_at is not None
    with pytest.raises(RuleViolation):
        links.send_link(Nomination.objects.get(pk=aiko.pk), resend=True)


def test_a_link_opens_nothing_once_the_student_is_no_longer_accepted(aiko):
    token = token_of(aiko)

    Nomination.objects.filter(pk=aiko.pk).update(status=Status.WITHDRAWN)  # however it happened

    assert not opens(token)


def test_a_confirmed_students_link_still_opens(aiko, organiser):
    nominations.perform(aiko, "confirm", actor=organiser)

    assert opens(token_of(aiko))


# --- the answers -------------------------------------------------------------------------------


def answer(nomination: Nomination, attending: bool = True, **fields) -> Nomination:
    link = links.open_link(token_of(nomination))
    return services.answer(link, attending=attending, **fields)


def test_confirming_attendance_saves_the_details_and_confirms_the_nomination(aiko, clock):
    clock.shift(dt.timedelta(days=2))

    saved = answer(aiko, **TRAVEL)

    saved.refresh_from_db()
    assert saved.status == Status.CONFIRMED
    assert {name: getattr(saved, name) for name in TRAVEL if name != "emergency_contact_phone"} == {
        name: value for name, value in TRAVEL.items() if name != "emergency_contact_phone"
    }
    assert str(saved.emergency_contact_phone) == "+819012345678"
    last = saved.changes.last()
    assert (last.action, last.actor, last.actor_kind) == ("confirm", None, Actor.STUDENT)
    assert (last.actor_name, last.note) == ("the student", "Confirmed by the student.")
    assert saved.participant_link.answered_at == ACCEPTED_ON + dt.timedelta(days=2)


def test_confirming_attendance_twice_confirms_once(aiko):
    answer(aiko, **TRAVEL)
    again = answer(aiko, **TRAVEL | {"arrival_details": "ICE 71, Heidelberg Hbf"})

    assert again.status == Status.CONFIRMED
    assert again.arrival_details == "ICE 71, Heidelberg Hbf"
    assert [t.action for t in again.changes.all()].count("confirm") == 1


def test_details_can_be_saved_before_deciding_to_attend(aiko):
    saved = answer(aiko, attending=False, dietary_requirements="halal")

    saved.refresh_from_db()
    assert saved.status == Status.ACCEPTED
    assert saved.dietary_requirements == "halal"
    assert saved.participant_link.answered_at is not None


@pytest.mark.parametrize(
    "missing",
    ["arrival_at", "departure_at", "emergency_contact_name", "emergency_contact_phone"],
)
def test_confirming_attendance_needs_travel_dates_and_an_emergency_contact(aiko, missing):
    fields = TRAVEL | {missing: None if missing.endswith("_at") else ""}

    with pytest.raises(ValidationError) as refusal:
        answer(aiko, **fields)

    assert list(refusal.value.message_dict) == [missing]
    aiko.refresh_from_db()
    assert aiko.status == Status.ACCEPTED
    assert aiko.arrival_details == ""
    assert aiko.participant_link.answered_at is None


def test_departure_before_arrival_is_refused_naming_the_departure(aiko):
    fields = TRAVEL | {"departure_at": dt.datetime(2027, 7, 16, 9, 0, tzinfo=BERLIN)}

    with pytest.raises(ValidationError) as refusal:
        answer(aiko, **fields)

    assert list(refusal.value.message_dict) == ["departure_at"]
    aiko.refresh_from_db()
    assert aiko.arrival_at is None


@pytest.mark.parametrize(
    ("field", "moment"),
    [
        ("arrival_at", dt.datetime(2027, 7, 2, 12, 0, tzinfo=BERLIN)),
        ("departure_at", dt.datetime(2027, 8, 28, 12, 0, tzinfo=BERLIN)),
        ("arrival_at", dt.datetime(2026, 7, 16, 12, 0, tzinfo=BERLIN)),
    ],
    ids=["arrival-too-early", "departure-too-late", "last-year"],
)
def test_travel_dates_far_from_the_programme_are_refused_naming_the_field(aiko, field, moment):
    with pytest.raises(ValidationError) as refusal:
        answer(aiko, **TRAVEL | {field: moment})

    assert field in refusal.value.message_dict
    assert "3 July 2027" in refusal.value.message_dict[field][0]
    assert "27 August 2027" in refusal.value.message_dict[field][0]


def test_travel_dates_at_the_edges_of_the_window_are_fine(aiko):
    saved = answer(
        aiko,
        **TRAVEL
        | {
            "arrival_at": dt.datetime(2027, 7, 3, 8, 0, tzinfo=BERLIN),
            "departure_at": dt.datetime(2027, 8, 27, 20, 0, tzinfo=BERLIN),
        },
    )

    assert saved.status == Status.CONFIRMED


def test_an_invalid_emergency_phone_is_refused_naming_it(aiko):
    with pytest.raises(ValidationError) as refusal:
        answer(aiko, **TRAVEL | {"emergency_contact_phone": "call my mother"})

    assert "emergency_contact_phone" in refusal.value.message_dict


@pytest.mark.parametrize(
    "field", ["email", "given_name", "status", "passport_number", "medical_notes", "season"]
)
def test_only_the_editable_fields_can_be_answered(aiko, field):
    with pytest.raises(ValueError, match=field):
        answer(aiko, **TRAVEL | {field: "changed"})

    aiko.refresh_from_db()
    assert (aiko.email, aiko.given_name, aiko.status) == ("aiko@example.jp", "Aiko", "accepted")
    assert aiko.arrival_at is None


def test_answering_changes_nothing_but_what_the_student_entered(aiko):
    before = Nomination.objects.filter(pk=aiko.pk).values().get()

    answer(aiko, **TRAVEL)

    after = Nomination.objects.filter(pk=aiko.pk).values().get()
    changed = {name for name in before if before[name] != after[name]}
    assert changed - {"updated_at"} == set(TRAVEL) | {"status"}


def test_an_allergy_reported_after_housing_warns_the_office(aiko, organiser):
    cat_home = AccommodationFactory(pets="cat", dietary_options=["vegetarian"])
    stay = housing.assign(actor=organiser, nomination=aiko, accommodation=cat_home)
    assert stay.warning_texts == []

    answer(aiko, attending=False, allergies="cats")

    stay.refresh_from_db()
    assert stay.warning_texts[0].startswith("Pets (cat)")


def test_warnings_are_stored_in_the_portals_language_whoever_made_them(aiko, organiser):
    cat_home = AccommodationFactory(pets="cat", dietary_options=["vegetarian"])
    stay = housing.assign(actor=organiser, nomination=aiko, accommodation=cat_home)

    with translation.override("de"):  # a German student answers on their page
        answer(aiko, attending=False, allergies="Katzen, cats")

    stay.refresh_from_db()
    assert stay.warning_texts[0].startswith("Pets (cat)")


# --- who has not answered ----------------------------------------------------------------------


def test_the_office_sees_who_has_not_answered_yet(aiko, accept, season, organiser):
    ren = accept(given_name="Ren")
    yui = accept(given_name="Yui")
    withdrawn = accept(given_name="Mei")
    services.withdraw(withdrawn, actor=organiser)
    accepted_nomination(organiser, season=SeasonFactory(year=2028))

    assert set(unanswered(season)) == {aiko, ren, yui}

    answer(aiko, **TRAVEL)
    assert set(unanswered(season)) == {ren, yui}

    answer(ren, attending=False, allergies="pollen")
    assert set(unanswered(season)) == {yui}


def test_a_student_the_office_confirmed_is_not_waited_for(aiko, organiser, season):
    nominations.perform(aiko, "confirm", actor=organiser)

    assert list(unanswered(season)) == []
