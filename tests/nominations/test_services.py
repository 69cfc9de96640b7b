"""The nomination workflow, tested on its services: transitions and their history, who may take
them, completeness, age, deadline and quota at submission, places at acceptance, editing,
deleting, ranking, and the e-mails each change writes to the outbox."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ish.errors import RuleViolation
from ish.history import Actor
from ish.nominations import services
from ish.nominations.documents import upload_document
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import history_of
from ish.notifications.models import OutboundEmail
from ish.seasons.models import City, ResearchField
from tests.factories import (
    BERLIN,
    PDF_BYTES,
    CoordinatorFactory,
    NominationFactory,
    QuotaFactory,
    SeasonFactory,
    attach_documents,
    complete_nomination,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status
ALL_ACTIONS = ["submit", "accept", "waitlist", "decline", "confirm", "withdraw"]
NON_FINAL = [Status.DRAFT, Status.SUBMITTED, Status.WAITLISTED, Status.ACCEPTED, Status.CONFIRMED]
# PRODUCT.md's table: (from, action) → to. Everything else is illegal.
LEGAL = {
    (Status.DRAFT, "submit"): Status.SUBMITTED,
    (Status.SUBMITTED, "accept"): Status.ACCEPTED,
    (Status.WAITLISTED, "accept"): Status.ACCEPTED,
    (Status.SUBMITTED, "waitlist"): Status.WAITLISTED,
    (Status.SUBMITTED, "decline"): Status.DECLINED,
    (Status.WAITLISTED, "decline"): Status.DECLINED,
    (Status.ACCEPTED, "confirm"): Status.CONFIRMED,
    **{(status, "withdraw"): Status.WITHDRAWN for status in NON_FINAL},
}
ILLEGAL = [
    (status, action)
    for status in Status.values
    for action in ALL_ACTIONS
    if (status, action) not in LEGAL
]
# A status each action can be taken from.
STARTS = {
    "submit": Status.DRAFT,
    "accept": Status.SUBMITTED,
    "waitlist": Status.SUBMITTED,
    "decline": Status.SUBMITTED,
    "confirm": Status.ACCEPTED,
    "withdraw": Status.SUBMITTED,
}
FIRST_DAY = dt.date(2027, 7, 17)  # of the 2027 season (SeasonFactory)


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def transition_ids(pairs) -> list[str]:
    return [f"{status}-{action}" for status, action in pairs]


def last_history_row(nomination: Nomination):
    return list(history_of(nomination))[-1]


def status_of(nomination: Nomination) -> str:
    nomination.refresh_from_db()
    return nomination.status


@pytest.fixture
def kumamoto(db) -> City:
    return City.objects.get(slug="kumamoto")


# --- the transition table ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "action"), list(LEGAL), ids=transition_ids(LEGAL))
def test_a_legal_transition_changes_the_status_and_writes_a_history_row(
    nomination_in, roomy_quota, organiser, start, action
):
    nomination = nomination_in(start)
    rows_before = nomination.changes.count()

    services.perform(nomination, action, actor=organiser, comment="Checked by the office.")

    assert status_of(nomination) == LEGAL[(start, action)]
    assert nomination.changes.count() == rows_before + 1
    row = last_history_row(nomination)
    assert row.action == action
    assert (row.from_status, row.to_status) == (start, LEGAL[(start, action)])
    assert row.actor == organiser
    assert row.actor_label == organiser.get_full_name()
    assert row.comment == "Checked by the office."


@pytest.mark.parametrize(("start", "action"), ILLEGAL, ids=transition_ids(ILLEGAL))
def test_an_illegal_transition_is_refused_and_changes_nothing(
    nomination_in, roomy_quota, organiser, start, action
):
    nomination = nomination_in(start)
    rows_before = nomination.changes.count()
    mails_before = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation, match="nomination cannot be"):
        services.perform(nomination, action, actor=organiser, over_quota=True)

    assert status_of(nomination) == start
    assert nomination.changes.count() == rows_before
    assert OutboundEmail.objects.count() == mails_before


@pytest.mark.parametrize("final", [Status.DECLINED, Status.WITHDRAWN])
def test_declined_and_withdrawn_nominations_are_final(nomination_in, roomy_quota, organiser, final):
    nomination = nomination_in(final)

    for action in ALL_ACTIONS:
        with pytest.raises(RuleViolation):
            services.perform(nomination, action, actor=organiser, over_quota=True)

    assert status_of(nomination) == final


def test_submitting_stamps_the_submission_time_and_deciding_the_decision_time(
    nomination_in, roomy_quota, organiser, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)

    services.perform(nomination, "submit", actor=organiser)
    nomination.refresh_from_db()
    assert timezone.localdate(nomination.submitted_at) == dt.date(2027, 2, 1)
    assert nomination.decided_at is None

    services.perform(nomination, "waitlist", actor=organiser)
    nomination.refresh_from_db()
    assert nomination.decided_at is not None


def test_the_students_own_confirmation_is_recorded_as_by_the_student(nomination_in, roomy_quota):
    nomination = nomination_in(Status.ACCEPTED)

    services.perform(nomination, "confirm", actor=None)

    assert status_of(nomination) == Status.CONFIRMED
    row = last_history_row(nomination)
    assert row.actor is None
    assert row.actor_kind == Actor.STUDENT
    assert row.actor_name == "the student"


# --- who may take which action ----------------------------------------------------------------


@pytest.mark.parametrize("action", ["submit", "confirm", "withdraw"])
def test_a_coordinator_may_submit_confirm_and_withdraw_their_own_citys_nominations(
    nomination_in, roomy_quota, coordinator, action
):
    nomination = nomination_in(STARTS[action])

    services.perform(nomination, action, actor=coordinator, comment="From Kumamoto.")

    assert status_of(nomination) == LEGAL[(STARTS[action], action)]
    row = last_history_row(nomination)
    assert (row.actor, row.comment) == (coordinator, "From Kumamoto.")


@pytest.mark.parametrize("action", ["accept", "waitlist", "decline"])
def test_only_an_organiser_may_accept_waitlist_or_decline(
    nomination_in, roomy_quota, coordinator, action
):
    nomination = nomination_in(Status.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_coordinator_may_take_no_action_on_another_citys_nomination(
    nomination_in, roomy_quota, other_coordinator, action
):
    nomination = nomination_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=other_coordinator)

    assert status_of(nomination) == STARTS[action]


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_lab_host_may_take_no_action(nomination_in, roomy_quota, lab_host, action):
    nomination = nomination_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(nomination, action, actor=lab_host)

    assert status_of(nomination) == STARTS[action]


# --- completeness at submission ---------------------------------------------------------------

REQUIRED_FIELDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "gender": "gender",
    "email": "e-mail",
    "nationality": "nationality",
    "school": "school",
    "graduation_year": "graduation year",
    "english_level": "English level",
    "german_level": "German level",
    "motivation": "motivation",
}


@pytest.mark.parametrize(("field", "words"), REQUIRED_FIELDS.items(), ids=list(REQUIRED_FIELDS))
def test_submitting_without_a_required_field_is_refused_naming_it(
    nomination_in, quota, coordinator, field, words
):
    nomination = nomination_in(Status.DRAFT)
    empty = None if field in {"date_of_birth", "graduation_year"} else ""
    Nomination.objects.filter(pk=nomination.pk).update(**{field: empty})

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    assert str(refusal.value) == f"The nomination is incomplete. Missing: {words}."
    assert status_of(nomination) == Status.DRAFT


def test_submitting_without_a_research_interest_is_refused_naming_it(
    nomination_in, quota, coordinator
):
    nomination = nomination_in(Status.DRAFT)
    nomination.interests.all().delete()

    with pytest.raises(RuleViolation, match="Missing: a research interest"):
        services.perform(nomination, "submit", actor=coordinator)


@pytest.mark.parametrize(
    ("kind", "words"),
    [("cv", "CV"), ("motivation_letter", "motivation letter"), ("transcript", "transcript")],
)
def test_submitting_without_a_required_document_is_refused_naming_it(
    season, quota, coordinator, kind, words
):
    nomination = NominationFactory(season=season)
    attach_documents(
        nomination, [k for k in ("cv", "motivation_letter", "transcript") if k != kind]
    )

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    assert str(refusal.value) == f"The nomination is incomplete. Missing: {words}."


def test_a_replaced_document_no_longer_counts_for_completeness(season, quota, coordinator):
    nomination = complete_nomination(season=season)
    nomination.documents.filter(kind="cv").update(replaced_at=berlin(2027, 1, 31, 9, 0))

    with pytest.raises(RuleViolation, match="Missing: CV"):
        services.perform(nomination, "submit", actor=coordinator)


def test_everything_missing_is_named_at_once(season, quota, coordinator):
    nomination = NominationFactory(season=season, school="", interests=[])

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    for words in ["school", "a research interest", "CV", "motivation letter", "transcript"]:
        assert words in str(refusal.value)


def test_a_student_one_day_short_of_18_on_the_first_day_needs_a_guardians_consent(
    season, quota, coordinator
):
    # 17 years and 364 days old on 17 July 2027
    nomination = NominationFactory(season=season, date_of_birth=dt.date(2009, 7, 18))
    attach_documents(nomination, ["cv", "motivation_letter", "transcript"])

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)
    assert str(refusal.value) == "The nomination is incomplete. Missing: guardian consent form."

    attach_documents(nomination, ["consent_form"])
    services.perform(nomination, "submit", actor=coordinator)
    assert status_of(nomination) == Status.SUBMITTED


def test_a_student_18_on_the_first_day_needs_no_guardians_consent(season, quota, coordinator):
    nomination = NominationFactory(season=season, date_of_birth=dt.date(2009, 7, 17))
    attach_documents(nomination, ["cv", "motivation_letter", "transcript"])

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


# --- age limits at submission -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "admitted"),
    [
        (dt.date(2011, 7, 18), False),  # 15 years and 364 days
        (dt.date(2011, 7, 17), True),  # 16 exactly: the season's minimum
        (dt.date(2004, 7, 18), True),  # 22 years and 364 days: still 22
        (dt.date(2004, 7, 17), False),  # 23 exactly: above the season's maximum of 22
    ],
    ids=["15y364d", "16", "22y364d", "23"],
)
def test_the_age_on_the_first_programme_day_must_be_within_the_seasons_limits(
    season, quota, coordinator, born, admitted
):
    nomination = NominationFactory(season=season, date_of_birth=born)
    attach_documents(nomination, ["cv", "motivation_letter", "transcript", "consent_form"])

    if admitted:
        services.perform(nomination, "submit", actor=coordinator)
        assert status_of(nomination) == Status.SUBMITTED
    else:
        with pytest.raises(RuleViolation, match="the season admits 16 to 22 years"):
            services.perform(nomination, "submit", actor=coordinator)
        assert status_of(nomination) == Status.DRAFT


def test_the_age_is_taken_on_the_first_programme_day_not_on_the_day_of_submission(
    season, quota, coordinator
):
    # 15 on the day of submission (1 February 2027), 16 on 17 July 2027
    nomination = complete_nomination(season=season, date_of_birth=dt.date(2011, 3, 1))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_age_limits_are_the_seasons_own(coordinator):
    season = SeasonFactory(year=2028, min_age=18, max_age=19)
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"))
    too_young = complete_nomination(season=season, date_of_birth=dt.date(2010, 7, 1))  # 18
    too_old = complete_nomination(season=season, date_of_birth=dt.date(2008, 7, 1))  # 20

    services.perform(too_young, "submit", actor=coordinator)
    with pytest.raises(RuleViolation, match="the season admits 18 to 19 years"):
        services.perform(too_old, "submit", actor=coordinator)


# --- the deadline -----------------------------------------------------------------------------


def test_a_coordinator_may_submit_until_the_seasons_deadline(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 3, 31, 23, 58))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_a_coordinator_cannot_submit_after_the_seasons_deadline(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 1, 0, 0))

    with pytest.raises(RuleViolation, match="deadline of Kumamoto passed on 2027-03-31 23:59"):
        services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.DRAFT


def test_an_organiser_may_submit_after_the_deadline(
    nomination_in, quota, organiser, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 5, 1, 12, 0))

    services.perform(nomination, "submit", actor=organiser)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_citys_own_later_deadline_overrides_the_seasons(
    nomination_in, quota, coordinator, before_the_deadline
):
    quota.deadline = berlin(2027, 4, 15, 23, 59)
    quota.save()
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 10, 12, 0))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_citys_own_earlier_deadline_overrides_the_seasons(
    nomination_in, quota, coordinator, before_the_deadline
):
    quota.deadline = berlin(2027, 3, 15, 23, 59)
    quota.save()
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 3, 20, 12, 0))

    with pytest.raises(RuleViolation, match="passed on 2027-03-15 23:59"):
        services.perform(nomination, "submit", actor=coordinator)


def test_an_organiser_can_extend_a_citys_deadline_after_it_passed(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 2, 9, 0))
    with pytest.raises(RuleViolation, match="deadline"):
        services.perform(nomination, "submit", actor=coordinator)

    quota.deadline = berlin(2027, 4, 7, 23, 59)  # the organiser's extension
    quota.save()
    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_deadline_of_another_city_does_not_apply(
    nomination_in, quota, coordinator, before_the_deadline
):
    QuotaFactory(
        season=quota.season,
        city=City.objects.get(slug="montpellier"),
        deadline=berlin(2027, 4, 30, 23, 59),
    )
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 10, 12, 0))

    with pytest.raises(RuleViolation, match="deadline"):
        services.perform(nomination, "submit", actor=coordinator)


def test_a_coordinator_cannot_create_edit_upload_or_rank_after_the_deadline(
    season, quota, coordinator, kumamoto, before_the_deadline
):
    nomination = NominationFactory(season=season)
    before_the_deadline.move_to(berlin(2027, 4, 1, 8, 0))

    with pytest.raises(RuleViolation, match="deadline"):
        services.create_nomination(
            actor=coordinator, season=season, city=kumamoto, given_name="Late", family_name="Kid"
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.update_nomination(nomination, actor=coordinator, school="Another school")
    with pytest.raises(RuleViolation, match="deadline"):
        upload_document(
            nomination, actor=coordinator, kind="cv", upload=SimpleUploadedFile("cv.pdf", PDF_BYTES)
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.rank_nominations(
            actor=coordinator, season=season, city=kumamoto, order=[nomination.pk]
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.delete_nomination(nomination, actor=coordinator)

    nomination.refresh_from_db()
    assert nomination.school == "Kumamoto Prefectural High School"
    assert Nomination.objects.filter(season=season).count() == 1


def test_an_organiser_can_create_and_edit_after_the_deadline(
    season, quota, organiser, kumamoto, before_the_deadline
):
    before_the_deadline.move_to(berlin(2027, 4, 1, 8, 0))

    nomination = services.create_nomination(
        actor=organiser, season=season, city=kumamoto, given_name="Late", family_name="Kid"
    )
    services.update_nomination(nomination, actor=organiser, school="Late school")

    nomination.refresh_from_db()
    assert nomination.school == "Late school"


# --- the quota --------------------------------------------------------------------------------


def test_a_city_may_submit_places_plus_alternates_nominations(season, quota, coordinator):
    nominations = [complete_nomination(season=season) for _ in range(4)]  # quota: 2 + 1

    for nomination in nominations[:3]:
        services.perform(nomination, "submit", actor=coordinator)
    with pytest.raises(RuleViolation) as refusal:
        services.perform(nominations[3], "submit", actor=coordinator)

    assert str(refusal.value) == (
        "The quota of Kumamoto is full: 2 places and 1 alternates are already used."
    )
    assert status_of(nominations[3]) == Status.DRAFT


def test_an_organiser_cannot_submit_beyond_the_quota_either(season, quota, organiser):
    nominations = [complete_nomination(season=season) for _ in range(4)]
    for nomination in nominations[:3]:
        services.perform(nomination, "submit", actor=organiser)

    with pytest.raises(RuleViolation, match="quota of Kumamoto is full"):
        services.perform(nominations[3], "submit", actor=organiser)


@pytest.mark.parametrize(
    "status",
    [Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CONFIRMED],
)
def test_submitted_and_decided_nominations_count_against_the_quota(
    season, nomination_in, coordinator, status
):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    nomination_in(status)
    another = complete_nomination(season=season)

    with pytest.raises(RuleViolation, match="quota of Kumamoto is full"):
        services.perform(another, "submit", actor=coordinator)


def test_drafts_and_withdrawn_nominations_do_not_count_against_the_quota(
    season, nomination_in, coordinator
):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    for _ in range(3):
        nomination_in(Status.DRAFT)
    nomination_in(Status.WITHDRAWN)
    withdrawn_after_submission = nomination_in(Status.SUBMITTED)
    services.perform(withdrawn_after_submission, "withdraw", actor=coordinator)
    another = complete_nomination(season=season)

    services.perform(another, "submit", actor=coordinator)

    assert status_of(another) == Status.SUBMITTED


def test_other_cities_and_other_seasons_do_not_use_the_quota(season, coordinator, organiser):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    montpellier = City.objects.get(slug="montpellier")
    QuotaFactory(season=season, city=montpellier, places=5, alternates=0)
    later = SeasonFactory(year=2028)
    QuotaFactory(season=later, city__slug="kumamoto", places=5, alternates=0)
    for nomination in [
        complete_nomination(season=season, city=montpellier),
        complete_nomination(season=later, date_of_birth=dt.date(2009, 5, 1)),
    ]:
        services.perform(nomination, "submit", actor=organiser)
    ours = complete_nomination(season=season)

    services.perform(ours, "submit", actor=coordinator)

    assert status_of(ours) == Status.SUBMITTED


@pytest.mark.parametrize("role", ["coordinator", "organiser"])
def test_a_city_without_a_quota_cannot_submit(season, user_of, role):
    nomination = complete_nomination(season=season)

    with pytest.raises(RuleViolation, match="Kumamoto has no quota for ISH 2027"):
        services.perform(nomination, "submit", actor=user_of(role))

    assert status_of(nomination) == Status.DRAFT


# --- places at acceptance ---------------------------------------------------------------------


def test_accepting_beyond_the_citys_places_is_refused(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]  # quota: 2 + 1
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)

    with pytest.raises(RuleViolation) as refusal:
        services.perform(submitted[2], "accept", actor=organiser)

    assert "All 2 places of Kumamoto are taken" in str(refusal.value)
    assert status_of(submitted[2]) == Status.SUBMITTED


def test_accepting_beyond_the_places_succeeds_when_explicitly_over_the_quota(
    season, quota, organiser
):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)

    services.perform(submitted[2], "accept", actor=organiser, over_quota=True)

    assert status_of(submitted[2]) == Status.ACCEPTED


def test_a_confirmed_student_keeps_holding_a_place(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)
    services.perform(submitted[1], "confirm", actor=organiser)
    services.perform(submitted[2], "waitlist", actor=organiser)

    with pytest.raises(RuleViolation, match="places of Kumamoto are taken"):
        services.perform(submitted[2], "accept", actor=organiser)


def test_a_withdrawn_acceptance_frees_its_place(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)
    services.perform(submitted[2], "waitlist", actor=organiser)

    services.perform(submitted[0], "withdraw", actor=organiser)
    services.perform(submitted[2], "accept", actor=organiser)

    assert status_of(submitted[2]) == Status.ACCEPTED


# --- creating and editing ---------------------------------------------------------------------


def test_a_coordinator_creates_a_draft_of_their_city_ranked_last(season, coordinator, kumamoto):
    NominationFactory(season=season, rank=4)
    fields = list(ResearchField.objects.filter(slug__in=["physics", "biology"]))

    nomination = services.create_nomination(
        actor=coordinator,
        season=season,
        city=kumamoto,
        interests=sorted(fields, key=lambda f: f.slug != "physics"),
        given_name="Haruto",
        family_name="Sato",
    )

    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.rank == 5
    assert nomination.created_by == coordinator
    assert [i.field.slug for i in nomination.interests.all()] == ["physics", "biology"]
    row = last_history_row(nomination)
    assert (row.action, row.to_status, row.actor) == ("create", Status.DRAFT, coordinator)


def test_a_coordinator_cannot_create_for_another_city(season, coordinator):
    with pytest.raises(PermissionDenied):
        services.create_nomination(
            actor=coordinator,
            season=season,
            city=City.objects.get(slug="montpellier"),
            given_name="Jean",
            family_name="Dupont",
        )

    assert not Nomination.objects.exists()


def test_a_lab_host_cannot_create_a_nomination(season, lab_host, kumamoto):
    with pytest.raises(PermissionDenied):
        services.create_nomination(
            actor=lab_host, season=season, city=kumamoto, given_name="A", family_name="B"
        )


def test_a_coordinator_edits_a_draft_of_their_city(season, coordinator):
    nomination = NominationFactory(season=season)
    chemistry = ResearchField.objects.get(slug="chemistry")
    physics = ResearchField.objects.get(slug="physics")

    services.update_nomination(
        nomination, actor=coordinator, school="Seiseiko", interests=[chemistry, physics]
    )

    nomination.refresh_from_db()
    assert nomination.school == "Seiseiko"
    assert [i.field.slug for i in nomination.interests.all()] == ["chemistry", "physics"]


@pytest.mark.parametrize(
    "status", [s for s in Status.values if s != Status.DRAFT], ids=lambda s: str(s)
)
def test_a_coordinator_cannot_edit_a_nomination_that_is_no_longer_a_draft(
    nomination_in, roomy_quota, coordinator, status
):
    nomination = nomination_in(status)

    with pytest.raises(RuleViolation, match="Only drafts can be changed"):
        services.update_nomination(nomination, actor=coordinator, school="Changed")

    nomination.refresh_from_db()
    assert nomination.school != "Changed"


def test_a_coordinator_cannot_edit_another_citys_draft(season, other_coordinator):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.update_nomination(nomination, actor=other_coordinator, school="Changed")


def test_a_lab_host_cannot_edit_a_nomination(season, lab_host):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.update_nomination(nomination, actor=lab_host, school="Changed")


def test_an_organiser_may_correct_a_submitted_nomination_but_not_a_withdrawn_one(
    nomination_in, roomy_quota, organiser
):
    submitted = nomination_in(Status.SUBMITTED)
    withdrawn = nomination_in(Status.WITHDRAWN)

    services.update_nomination(submitted, actor=organiser, school="Corrected")
    with pytest.raises(RuleViolation, match="withdrawn"):
        services.update_nomination(withdrawn, actor=organiser, school="Corrected")

    submitted.refresh_from_db()
    withdrawn.refresh_from_db()
    assert submitted.school == "Corrected"
    assert withdrawn.school != "Corrected"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"interests": ["biology", "chemistry", "physics", "medicine"]}, "research_interests"),
        ({"interests": ["biology", "biology"]}, "research_interests"),
        ({"date_of_birth": dt.date(2012, 1, 1)}, "date_of_birth"),
        ({"english_level": "D7"}, "english_level"),
        ({"email": "not-an-address"}, "email"),
    ],
    ids=["four-interests", "repeated-interest", "too-young", "bad-cefr", "bad-email"],
)
def test_invalid_changes_are_refused_naming_the_field_and_save_nothing(
    season, coordinator, change, field
):
    nomination = NominationFactory(season=season)
    if "interests" in change:
        change["interests"] = [ResearchField.objects.get(slug=s) for s in change["interests"]]

    with pytest.raises(ValidationError) as refusal:
        services.update_nomination(nomination, actor=coordinator, **change)

    assert field in refusal.value.message_dict
    nomination.refresh_from_db()
    assert [i.field.slug for i in nomination.interests.all()] == ["biology"]
    assert nomination.date_of_birth == dt.date(2008, 5, 1)


def test_a_students_e_mail_address_is_nominated_once_per_season(season, coordinator, kumamoto):
    NominationFactory(season=season, email="aiko@example.jp")
    SeasonFactory(year=2028)

    with pytest.raises(ValidationError) as refusal:
        services.create_nomination(
            actor=coordinator,
            season=season,
            city=kumamoto,
            given_name="Aiko",
            family_name="Again",
            email="AIKO@example.jp",
        )

    assert "email" in refusal.value.message_dict
    next_season = services.create_nomination(
        actor=coordinator,
        season=SeasonFactory(year=2028),
        city=kumamoto,
        given_name="Aiko",
        family_name="Again",
        email="aiko@example.jp",
    )
    assert next_season.pk


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_a_draft_removes_it_and_its_files(
    season, coordinator, private_media, django_capture_on_commit_callbacks
):
    nomination = complete_nomination(season=season)
    paths = [document.file.path for document in nomination.documents.all()]
    assert all(Path(path).exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_nomination(nomination, actor=coordinator)

    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    assert not Document.objects.filter(nomination_id=nomination.pk).exists()
    assert not any(Path(path).exists() for path in paths)


@pytest.mark.parametrize(
    "status", [s for s in Status.values if s != Status.DRAFT], ids=lambda s: str(s)
)
def test_only_drafts_can_be_deleted(nomination_in, roomy_quota, organiser, status):
    nomination = nomination_in(status)

    with pytest.raises(RuleViolation, match="Only drafts can be deleted"):
        services.delete_nomination(nomination, actor=organiser)

    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_a_coordinator_cannot_delete_another_citys_draft(season, other_coordinator):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.delete_nomination(nomination, actor=other_coordinator)

    assert Nomination.objects.filter(pk=nomination.pk).exists()


# --- ranking ----------------------------------------------------------------------------------


def test_a_coordinator_ranks_their_citys_nominations(season, coordinator, kumamoto):
    first, second, third = (NominationFactory(season=season) for _ in range(3))

    services.rank_nominations(
        actor=coordinator, season=season, city=kumamoto, order=[third.pk, first.pk, second.pk]
    )

    ranks = dict(Nomination.objects.values_list("pk", "rank"))
    assert ranks == {third.pk: 1, first.pk: 2, second.pk: 3}


@pytest.mark.parametrize("mistake", ["one-missing", "one-twice", "a-foreign-one", "an-unknown-id"])
def test_a_ranking_must_list_every_nomination_of_the_city_exactly_once(
    season, coordinator, kumamoto, mistake
):
    first, second = (
        NominationFactory(season=season, rank=1),
        NominationFactory(season=season, rank=2),
    )
    foreign = NominationFactory(season=season, city=City.objects.get(slug="montpellier"))
    order = {
        "one-missing": [second.pk],
        "one-twice": [second.pk, first.pk, first.pk],
        "a-foreign-one": [second.pk, first.pk, foreign.pk],
        "an-unknown-id": [second.pk, first.pk, 987654],
    }[mistake]

    with pytest.raises(ValidationError) as refusal:
        services.rank_nominations(actor=coordinator, season=season, city=kumamoto, order=order)

    assert "order" in refusal.value.message_dict
    assert dict(Nomination.objects.filter(city=kumamoto).values_list("pk", "rank")) == {
        first.pk: 1,
        second.pk: 2,
    }


def test_a_coordinator_cannot_rank_another_citys_nominations(season, other_coordinator, kumamoto):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.rank_nominations(
            actor=other_coordinator, season=season, city=kumamoto, order=[nomination.pk]
        )


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
