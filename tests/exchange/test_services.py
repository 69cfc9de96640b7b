"""The NYSF exchange's rules, tested on the services: every transition, scoring, places and
reserves, decision mails, the pre-departure checklist and its reminders."""

import datetime as dt
from itertools import product

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from ish.errors import RuleViolation
from ish.exchange import checklist, services
from ish.exchange.models import Application, ApplicationChange, OutboundProgramme, Score
from ish.history import Actor
from ish.notifications.models import OutboundEmail
from tests.factories import (
    BERLIN,
    ApplicationFactory,
    OrganiserFactory,
    SchoolFactory,
    UploadFactory,
)

pytestmark = pytest.mark.django_db

Status = Application.Status


def decision_mails(application: Application) -> list[OutboundEmail]:
    return list(
        OutboundEmail.objects.filter(
            event="exchange_application_decided", object_id=application.pk
        ).order_by("pk")
    )


# --- transitions -----------------------------------------------------------------------------

ALL_ACTIONS = ["shortlist", "select", "reserve", "reject", "confirm", "withdraw"]
NOT_FINAL = [
    Status.SUBMITTED, Status.SHORTLISTED, Status.SELECTED, Status.RESERVE, Status.CONFIRMED,
]  # fmt: skip
# PRODUCT.md's selection: (from, action) → to; a reserve moves up when a place is free. Everything
# else is illegal.
LEGAL = {
    (Status.SUBMITTED, "shortlist"): Status.SHORTLISTED,
    (Status.SHORTLISTED, "select"): Status.SELECTED,
    (Status.RESERVE, "select"): Status.SELECTED,
    (Status.SHORTLISTED, "reserve"): Status.RESERVE,
    (Status.SUBMITTED, "reject"): Status.REJECTED,
    (Status.SHORTLISTED, "reject"): Status.REJECTED,
    (Status.RESERVE, "reject"): Status.REJECTED,
    (Status.SELECTED, "confirm"): Status.CONFIRMED,
    **{(status, "withdraw"): Status.WITHDRAWN for status in NOT_FINAL},
}


@pytest.mark.parametrize(("status", "action"), sorted(LEGAL))
def test_every_legal_transition_moves_the_application_and_writes_its_history(
    application_in, organiser, status, action
):
    application = application_in(status)

    moved = services.perform(application, action, actor=organiser, comment="Well done.")

    assert moved.status == LEGAL[status, action]
    change = ApplicationChange.objects.filter(application=application).latest("pk")
    assert (change.action, change.from_status, change.to_status) == (
        action,
        status,
        moved.status,
    )
    assert change.actor == organiser
    assert change.comment == "Well done."


@pytest.mark.parametrize(
    ("status", "action"),
    [(status, action) for status, action in product(Status.values, ALL_ACTIONS)
     if (status, action) not in LEGAL],
)  # fmt: skip
def test_every_illegal_transition_is_refused_and_changes_nothing(
    application_in, organiser, status, action
):
    application = application_in(status)
    changes = ApplicationChange.objects.count()

    with pytest.raises(RuleViolation, match="cannot move to"):
        services.perform(application, action, actor=organiser)

    application.refresh_from_db()
    assert application.status == status
    assert ApplicationChange.objects.count() == changes


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_decides(application_in, user_of, role):
    application = application_in(Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.perform(application, "shortlist", actor=user_of(role))

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_applicant_or_school_may_withdraw_without_an_account(application_in):
    application = application_in(Status.SELECTED)

    services.perform(application, "withdraw", actor=None, comment="Family reasons.")

    change = application.changes.latest("pk")
    assert change.actor is None
    assert change.actor_kind == Actor.APPLICANT
    assert change.actor_name == "the applicant"
    assert change.comment == "Family reasons."


# --- the school's confirmation ----------------------------------------------------------------


def test_an_unconfirmed_application_is_not_shortlisted(application_in, organiser):
    application = application_in(Status.SUBMITTED, nominator_confirmed_at=None)

    with pytest.raises(RuleViolation, match="the school has not confirmed the nomination yet"):
        services.perform(application, "shortlist", actor=organiser)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not application.changes.exists()


def test_an_application_shortlisted_before_the_rule_is_not_selected_unconfirmed(
    application_in, organiser
):
    application = application_in(Status.SHORTLISTED)
    Application.objects.filter(pk=application.pk).update(nominator_confirmed_at=None)

    with pytest.raises(RuleViolation, match="cannot be moved to selected: the school has not"):
        services.perform(application, "select", actor=organiser)

    application.refresh_from_db()
    assert application.status == Status.SHORTLISTED
    assert decision_mails(application) == []


def test_once_the_school_confirms_the_application_moves_on(application_in, organiser):
    application = application_in(Status.SUBMITTED, nominator_confirmed_at=None)

    services.confirm_nomination(application, confirmed=True)
    moved = services.perform(application, "shortlist", actor=organiser)

    assert moved.status == Status.SHORTLISTED


@pytest.mark.parametrize("action", ["reject", "withdraw"])
def test_an_unconfirmed_application_may_still_be_rejected_or_withdrawn(
    application_in, organiser, action
):
    application = application_in(Status.SUBMITTED, nominator_confirmed_at=None)

    moved = services.perform(application, action, actor=organiser)

    assert moved.status == LEGAL[Status.SUBMITTED, action]


def test_an_applicant_cannot_be_their_own_nominator(open_season):
    school = SchoolFactory()

    with pytest.raises(ValidationError) as refused:
        services.apply(
            season=open_season,
            documents={
                kind: UploadFactory(name=f"{kind}.pdf") for kind in ("cv", "motivation_letter")
            },
            given_name="Lea",
            family_name="Hoffmann",
            date_of_birth=dt.date(2007, 5, 1),
            gender="female",
            email="lea@example.de",
            school=school,
            graduation_year=2027,
            subjects="Biology",
            motivation="Science!",
            language="en",
            nominator_email="LEA@example.de",
        )

    assert list(refused.value.message_dict) == ["nominator_email"]
    assert not Application.objects.exists()


# --- scores ----------------------------------------------------------------------------------


def test_the_total_is_the_sum_of_the_reviewers_scores(application_in, organiser):
    application = application_in(Status.SUBMITTED)
    second = OrganiserFactory(username="panel")

    services.score(application, reviewer=organiser, points=7, comment="Strong letter.")
    services.score(application, reviewer=second, points=9)

    application.refresh_from_db()
    assert application.score == 16
    assert application.scores.count() == 2


def test_scoring_again_replaces_the_reviewers_score(application_in, organiser):
    application = application_in(Status.SUBMITTED)

    services.score(application, reviewer=organiser, points=3)
    services.score(application, reviewer=organiser, points=8, comment="After the interview.")

    application.refresh_from_db()
    assert application.score == 8
    assert Score.objects.get().comment == "After the interview."


@pytest.mark.parametrize("points", [-1, 11, 1000])
def test_points_outside_the_range_are_refused(application_in, organiser, points):
    application = application_in(Status.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        services.score(application, reviewer=organiser, points=points)

    assert refused.value.message_dict == {"points": ["Give 0 to 10 points."]}
    application.refresh_from_db()
    assert application.score == 0
    assert not Score.objects.exists()


def test_the_maximum_points_are_a_setting(application_in, organiser, settings):
    settings.EXCHANGE_MAX_POINTS = 5
    application = application_in(Status.SUBMITTED)

    services.score(application, reviewer=organiser, points=5)
    with pytest.raises(ValidationError):
        services.score(application, reviewer=organiser, points=6)


def test_only_the_office_scores(application_in, coordinator):
    with pytest.raises(PermissionDenied):
        services.score(application_in(Status.SUBMITTED), reviewer=coordinator, points=5)
    assert not Score.objects.exists()


# --- places and reserves ---------------------------------------------------------------------


def test_selection_stays_within_the_places(application_in, organiser):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(places=1)
    application_in(Status.SELECTED)
    shortlisted = application_in(Status.SHORTLISTED)

    with pytest.raises(RuleViolation, match="All 1 NYSF places are taken"):
        services.perform(shortlisted, "select", actor=organiser)

    shortlisted.refresh_from_db()
    assert shortlisted.status == Status.SHORTLISTED


def test_a_reserve_moves_up_only_into_a_free_place(application_in, organiser):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(places=2)
    selected = application_in(Status.SELECTED)
    application_in(Status.CONFIRMED)
    reserve = application_in(Status.RESERVE)

    with pytest.raises(RuleViolation, match="a reserve moves up when a selected candidate"):
        services.perform(reserve, "select", actor=organiser)
    services.perform(selected, "withdraw", actor=None)
    moved = services.perform(reserve, "select", actor=organiser)

    assert moved.status == Status.SELECTED
    assert services.places_left(reserve.season) == 0


def test_the_next_reserve_is_the_best_scored(application_in, organiser, open_season):
    assert services.next_reserve(open_season) is None
    second = OrganiserFactory(username="panel")
    first_in = application_in(Status.RESERVE)
    best = application_in(Status.RESERVE)
    tied_later = application_in(Status.RESERVE)
    application_in(Status.SHORTLISTED)
    services.score(first_in, reviewer=organiser, points=6)
    services.score(best, reviewer=organiser, points=5)
    services.score(best, reviewer=second, points=5)
    services.score(tied_later, reviewer=organiser, points=6)

    assert services.next_reserve(open_season) == best
    services.perform(best, "select", actor=organiser)
    assert services.next_reserve(open_season) == first_in


# --- decision mails --------------------------------------------------------------------------


@pytest.mark.parametrize("decision", ["select", "reserve", "reject"])
def test_each_decision_is_mailed_to_the_applicant_once(application_in, organiser, decision):
    application = application_in(Status.SHORTLISTED)

    services.perform(application, decision, actor=organiser, comment="See you in Canberra?")

    (mail,) = decision_mails(application)
    assert mail.to == application.email
    assert "See you in Canberra?" in mail.body_text
    assert f": {LEGAL[Status.SHORTLISTED, decision]}." in mail.body_text


def test_a_reserve_moving_up_gets_a_second_mail_and_no_more(application_in, organiser):
    application = application_in(Status.RESERVE)

    services.perform(application, "select", actor=organiser)
    services.perform(application, "withdraw", actor=organiser)

    mails = decision_mails(application)
    assert len(mails) == 2
    assert "reserve" in mails[0].body_text
    assert "selected" in mails[1].body_text


@pytest.mark.parametrize("action", ["shortlist", "withdraw"])
def test_steps_that_are_not_decisions_are_not_mailed(application_in, organiser, action):
    application = application_in(Status.SUBMITTED)

    services.perform(application, action, actor=organiser)

    assert decision_mails(application) == []


def test_the_decision_is_worded_in_the_applicants_language_not_the_offices(
    application_in, organiser
):
    application = application_in(Status.SHORTLISTED, language="en")

    with translation.override("de"):
        services.perform(application, "select", actor=organiser)

    (mail,) = decision_mails(application)
    assert mail.language == "en"
    assert mail.body_text.startswith("Hello ")
    assert ": selected." in mail.body_text


# --- the pre-departure checklist -------------------------------------------------------------

ALL_DONE = {
    "passport_expires_on": dt.date(2030, 1, 1),
    "visa_done_on": dt.date(2027, 9, 1),
    "insurance_done_on": dt.date(2027, 9, 1),
    "consent_done_on": dt.date(2027, 9, 1),
    "flights_done_on": dt.date(2027, 9, 1),
}


def test_a_new_candidate_misses_every_item_but_the_consent_of_an_adult():
    application = ApplicationFactory.build(
        date_of_birth=dt.date(2008, 3, 1), departure_on=dt.date(2028, 1, 6)
    )

    assert checklist.missing_before_departure(application) == [
        "passport",
        "visa / ETA",
        "travel insurance",
        "flights",
    ]


def test_a_minor_needs_the_guardians_consent():
    application = ApplicationFactory.build(
        date_of_birth=dt.date(2010, 2, 1), departure_on=dt.date(2028, 1, 6), **ALL_DONE
    )
    application.consent_done_on = None

    assert checklist.missing_before_departure(application) == ["guardian consent"]


def test_the_age_on_departure_counts_not_today():
    turns_18_before_departure = ApplicationFactory.build(
        date_of_birth=dt.date(2010, 1, 5), departure_on=dt.date(2028, 1, 6)
    )
    turns_18_on_the_day_after = ApplicationFactory.build(
        date_of_birth=dt.date(2010, 1, 7), departure_on=dt.date(2028, 1, 6)
    )

    assert not turns_18_before_departure.is_minor
    assert turns_18_on_the_day_after.is_minor


def test_a_complete_checklist_misses_nothing():
    application = ApplicationFactory.build(
        date_of_birth=dt.date(2010, 2, 1),
        departure_on=dt.date(2028, 1, 6),
        return_on=dt.date(2028, 1, 22),
        **ALL_DONE,
    )

    assert checklist.missing_before_departure(application) == []


@pytest.mark.parametrize(
    ("return_on", "passport", "valid"),
    [
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29), True),  # a leap year
        (dt.date(2027, 8, 31), dt.date(2028, 2, 28), False),
        (dt.date(2028, 8, 31), dt.date(2029, 2, 28), True),
        (dt.date(2028, 8, 31), dt.date(2029, 2, 27), False),
        (dt.date(2028, 1, 22), dt.date(2028, 7, 22), True),
        (dt.date(2028, 1, 22), dt.date(2028, 7, 21), False),
    ],
)
def test_the_passport_must_be_valid_six_months_past_the_return(return_on, passport, valid):
    application = ApplicationFactory.build(
        departure_on=return_on - dt.timedelta(days=14),
        return_on=return_on,
        **(ALL_DONE | {"passport_expires_on": passport}),
    )

    missing = checklist.missing_before_departure(application)

    assert missing == ([] if valid else ["a passport valid six months after the return"])


def test_update_travel_stores_the_session_dates_and_checklist(application_in, organiser):
    application = application_in(Status.SELECTED)

    checklist.update_travel(
        application,
        actor=organiser,
        nysf_session="Year 12 Program, Canberra (Session A)",
        departure_on=dt.date(2028, 1, 6),
        return_on=dt.date(2028, 1, 22),
        visa_done_on=dt.date(2027, 10, 1),
    )

    application.refresh_from_db()
    assert application.nysf_session == "Year 12 Program, Canberra (Session A)"
    assert application.visa_done_on == dt.date(2027, 10, 1)
    assert "visa / ETA" not in checklist.missing_before_departure(application)


@pytest.mark.parametrize("back", [dt.date(2028, 1, 6), dt.date(2028, 1, 1)])
def test_the_return_must_be_after_the_departure(application_in, organiser, back):
    application = application_in(Status.SELECTED)

    with pytest.raises(ValidationError) as refused:
        checklist.update_travel(
            application, actor=organiser, departure_on=dt.date(2028, 1, 6), return_on=back
        )

    assert refused.value.message_dict == {"return_on": ["The return must be after the departure."]}
    application.refresh_from_db()
    assert application.departure_on is None


def test_update_travel_refuses_other_fields_and_other_roles(application_in, organiser, coordinator):
    application = application_in(Status.SELECTED)

    with pytest.raises(ValueError, match="status"):
        checklist.update_travel(application, actor=organiser, status=Status.CONFIRMED)
    with pytest.raises(PermissionDenied):
        checklist.update_travel(application, actor=coordinator, nysf_session="A")
    with pytest.raises(ValidationError) as refused:
        checklist.update_travel(application, actor=organiser, nysf_session="x" * 101)
    assert "nysf_session" in refused.value.message_dict


# --- reminders -------------------------------------------------------------------------------

DEPARTURE = dt.date(2028, 1, 6)  # the `travelling` candidate's (conftest.py)


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(7, 0), tzinfo=BERLIN))


def reminders() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(event="exchange_departure_reminder").order_by("pk"))


def test_reminders_go_30_14_and_7_days_before_departure_once_each(travelling):
    sent = {}
    for days in range(40, -1, -1):
        with on(DEPARTURE - dt.timedelta(days=days)):
            sent[days] = checklist.send_departure_reminders()
            checklist.send_departure_reminders()  # beat may run twice a day

    assert {days for days, count in sent.items() if count} == {30, 14, 7}
    assert sum(sent.values()) == 3
    assert len(reminders()) == 3
    assert all(mail.to == travelling.email for mail in reminders())


def test_a_reminder_lists_the_open_items_in_the_candidates_language(travelling):
    with translation.override("de"):
        open_in_german = checklist.missing_before_departure(travelling)

    with on(DEPARTURE - dt.timedelta(days=14)):
        checklist.send_departure_reminders()

    (mail,) = reminders()
    assert mail.language == "de"
    assert mail.body_text.startswith("Hallo ")
    assert len(open_in_german) == 3  # passport, insurance, flights; the visa is done
    for item in open_in_german:
        assert f"– {item}" in mail.body_text


def test_a_complete_checklist_is_not_reminded(travelling, organiser):
    checklist.update_travel(travelling, actor=organiser, **ALL_DONE)

    with on(DEPARTURE - dt.timedelta(days=30)):
        assert checklist.send_departure_reminders() == 0
    assert reminders() == []


@pytest.mark.parametrize("action", ["withdraw"])
def test_a_withdrawn_candidate_is_not_reminded(travelling, organiser, action):
    services.perform(travelling, action, actor=organiser)

    with on(DEPARTURE - dt.timedelta(days=7)):
        assert checklist.send_departure_reminders() == 0


def test_a_confirmed_candidate_is_reminded_too(travelling, organiser):
    services.perform(travelling, "confirm", actor=organiser)

    with on(DEPARTURE - dt.timedelta(days=7)):
        assert checklist.send_departure_reminders() == 1


# --- the school's places ---------------------------------------------------------------------


def test_a_schools_places_are_counted_per_gender(open_season, application_in):
    school = SchoolFactory()
    application_in(Status.SHORTLISTED, school=school, gender="female")
    application_in(Status.REJECTED, school=school, gender="male")

    assert services.school_places_left(open_season, school, "female") == 0
    assert services.school_places_left(open_season, school, "male") == 1
    assert services.schools_full(open_season) == {(school.pk, "female")}
