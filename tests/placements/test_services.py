"""The placement workflow, tested on its services: transitions and their history, who may take
them, proposing by hand, the matching run, the lab's capacity, the e-mails each change writes to
the outbox, reminders and escalations of unanswered offers, and withdrawals."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ish.errors import RuleViolation
from ish.history import Actor
from ish.nominations.models import Nomination
from ish.notifications.catalogue import EVENTS_BY_NAME
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, render
from ish.participants import services as lifecycle
from ish.placements import services, tasks
from ish.placements.models import MatchRun, Placement, PlacementChange
from ish.placements.services import offers
from ish.seasons.models import City, ResearchField
from tests.factories import (
    BERLIN,
    CoordinatorFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

Status = Placement.Status
ACTIONS = ["offer", "accept", "decline", "cancel"]
# The transition table of the issue: (from, action) → to. Everything else is illegal.
LEGAL = {
    (Status.PROPOSED, "offer"): Status.OFFERED,
    (Status.OFFERED, "accept"): Status.ACCEPTED,
    (Status.OFFERED, "decline"): Status.DECLINED,
    (Status.PROPOSED, "cancel"): Status.CANCELLED,
    (Status.OFFERED, "cancel"): Status.CANCELLED,
    (Status.ACCEPTED, "cancel"): Status.CANCELLED,
}
ILLEGAL = [
    (status, action)
    for status in Status.values
    for action in ACTIONS
    if (status, action) not in LEGAL
]
# A status each action can be taken from.
STARTS = {"offer": Status.PROPOSED, "accept": Status.OFFERED, "decline": Status.OFFERED,
          "cancel": Status.OFFERED}  # fmt: skip
FIRST_DAY, LAST_DAY = dt.date(2027, 7, 17), dt.date(2027, 8, 13)  # of SeasonFactory's 2027


def transition_ids(pairs) -> list[str]:
    return [f"{status}-{action}" for status, action in pairs]


def status_of(placement: Placement) -> str:
    placement.refresh_from_db()
    return placement.status


def mails(event: str) -> dict[str, OutboundEmail]:
    return {email.to: email for email in OutboundEmail.objects.filter(event=event)}


def field(slug: str) -> ResearchField:
    return ResearchField.objects.get(slug=slug)


# --- the transition table ---------------------------------------------------------------------


@pytest.mark.parametrize(("start", "action"), list(LEGAL), ids=transition_ids(LEGAL))
def test_a_legal_transition_changes_the_status_and_writes_a_history_row(
    placement_in, organiser, start, action
):
    placement = placement_in(start)
    rows_before = placement.changes.count()

    services.perform(placement, action, actor=organiser, comment="Checked by the office.")

    assert status_of(placement) == LEGAL[(start, action)]
    assert placement.changes.count() == rows_before + 1
    row = placement.changes.order_by("id").last()
    assert (row.action, row.from_status, row.to_status) == (action, start, LEGAL[(start, action)])
    assert row.actor == organiser
    assert row.actor_label == organiser.get_full_name()
    assert row.comment == "Checked by the office."
    assert placement.comment == "Checked by the office."


@pytest.mark.parametrize(("start", "action"), ILLEGAL, ids=transition_ids(ILLEGAL))
def test_an_illegal_transition_is_refused_and_changes_nothing(
    placement_in, organiser, start, action
):
    placement = placement_in(start)
    rows_before = placement.changes.count()
    mails_before = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation, match="placement cannot be"):
        services.perform(placement, action, actor=organiser)

    assert status_of(placement) == start
    assert placement.changes.count() == rows_before
    assert OutboundEmail.objects.count() == mails_before


def test_every_placement_has_its_whole_history_from_the_proposal_on(placement_in, organiser):
    placement = placement_in(Status.ACCEPTED)

    rows = list(placement.changes.order_by("created_at", "id"))

    assert [(r.action, r.from_status, r.to_status) for r in rows] == [
        ("propose", "", Status.PROPOSED),
        ("offer", Status.PROPOSED, Status.OFFERED),
        ("accept", Status.OFFERED, Status.ACCEPTED),
    ]
    assert all(row.actor == organiser for row in rows)


def test_offering_and_answering_record_when(placement_in, organiser):
    offered = placement_in(Status.OFFERED)
    answered = placement_in(Status.DECLINED)

    assert offered.offered_at is not None
    assert offered.answered_at is None
    assert answered.answered_at >= answered.offered_at


# --- who may take which transition ------------------------------------------------------------


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_a_lab_host_answers_offers_to_their_own_lab(placement_in, lab_host, action):
    placement = placement_in(Status.OFFERED)

    services.perform(placement, action, actor=lab_host, comment="Welcome!")

    assert status_of(placement) == LEGAL[(Status.OFFERED, action)]
    row = placement.changes.order_by("id").last()
    assert row.actor == lab_host
    assert row.comment == "Welcome!"


@pytest.mark.parametrize("action", ["offer", "cancel"])
def test_a_lab_host_may_neither_offer_nor_cancel_even_in_their_own_lab(
    placement_in, lab_host, action
):
    placement = placement_in(STARTS[action] if action == "cancel" else Status.PROPOSED)
    before = status_of(placement)

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=lab_host)

    assert status_of(placement) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_a_lab_host_may_not_act_on_another_labs_placement(placement_in, other_lab_host, action):
    placement = placement_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=other_lab_host)

    assert status_of(placement) == STARTS[action]


@pytest.mark.parametrize("action", ACTIONS)
def test_a_coordinator_may_take_no_transition(placement_in, coordinator, action):
    placement = placement_in(STARTS[action])

    with pytest.raises(PermissionDenied):
        services.perform(placement, action, actor=coordinator)

    assert status_of(placement) == STARTS[action]


def test_the_system_cancels_with_its_own_name_in_the_history(placement_in):
    placement = placement_in(Status.OFFERED)

    services.perform(placement, "cancel", actor=None, comment="Withdrawn.")

    row = placement.changes.order_by("id").last()
    assert row.actor is None
    assert row.actor_kind == Actor.SYSTEM
    assert row.actor_name == "the system"


# --- proposing by hand ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED])
def test_an_accepted_or_confirmed_student_is_proposed_for_the_programme_dates(
    accepted_student, organiser, lab, status
):
    nomination = accepted_student(status=status)

    placement = services.create_placement(
        actor=organiser, nomination=nomination, lab=lab, comment="Good fit."
    )

    assert placement.status == Status.PROPOSED
    assert (placement.starts_on, placement.ends_on) == (FIRST_DAY, LAST_DAY)
    row = placement.changes.get()
    assert (row.action, row.to_status, row.actor, row.comment) == (
        "propose", Status.PROPOSED, organiser, "Good fit.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "status",
    [
        Nomination.Status.DRAFT,
        Nomination.Status.SUBMITTED,
        Nomination.Status.WAITLISTED,
        Nomination.Status.DECLINED,
        Nomination.Status.WITHDRAWN,
    ],
)
def test_only_accepted_or_confirmed_students_can_be_placed(
    accepted_student, organiser, lab, status
):
    nomination = accepted_student(status=status)

    with pytest.raises(RuleViolation, match="Only accepted or confirmed students"):
        services.create_placement(actor=organiser, nomination=nomination, lab=lab)

    assert not Placement.objects.exists()


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.OFFERED, Status.ACCEPTED])
def test_a_student_has_at_most_one_active_placement(placement_in, organiser, status):
    placement = placement_in(status)
    elsewhere = LabFactory()

    with pytest.raises(RuleViolation, match="already has an active placement"):
        services.create_placement(actor=organiser, nomination=placement.nomination, lab=elsewhere)

    assert placement.nomination.placements.count() == 1


def test_the_database_refuses_a_second_active_placement_whatever_the_code_path(placement_in):
    placement = placement_in(Status.OFFERED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            nomination=placement.nomination,
            lab=LabFactory(),
            starts_on=FIRST_DAY,
            ends_on=LAST_DAY,
        )


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CANCELLED])
def test_a_student_whose_placement_ended_can_be_proposed_again(placement_in, organiser, status):
    placement = placement_in(status)

    again = services.create_placement(
        actor=organiser, nomination=placement.nomination, lab=LabFactory()
    )

    assert again.status == Status.PROPOSED


def test_a_placement_may_cover_part_of_the_programme(accepted_student, organiser, lab):
    placement = services.create_placement(
        actor=organiser,
        nomination=accepted_student(),
        lab=lab,
        starts_on=dt.date(2027, 7, 20),
        ends_on=dt.date(2027, 8, 6),
    )

    assert (placement.starts_on, placement.ends_on) == (dt.date(2027, 7, 20), dt.date(2027, 8, 6))


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field_name"),
    [
        (dt.date(2027, 7, 16), None, "starts_on"),
        (dt.date(2027, 8, 14), None, "starts_on"),
        (None, dt.date(2027, 8, 14), "ends_on"),
        (None, dt.date(2027, 7, 1), "ends_on"),
        (dt.date(2027, 8, 1), dt.date(2027, 7, 31), "ends_on"),
    ],
)
def test_a_placement_lies_within_the_programme(
    accepted_student, organiser, lab, starts_on, ends_on, field_name
):
    with pytest.raises(ValidationError) as error:
        services.create_placement(
            actor=organiser,
            nomination=accepted_student(),
            lab=lab,
            starts_on=starts_on,
            ends_on=ends_on,
        )

    assert field_name in error.value.message_dict
    assert not Placement.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_proposes_placements(accepted_student, user_of, lab, role):
    with pytest.raises(PermissionDenied):
        services.create_placement(actor=user_of(role), nomination=accepted_student(), lab=lab)


def test_the_lab_of_a_proposal_can_change(placement_in, organiser):
    placement = placement_in(Status.PROPOSED)
    elsewhere = LabFactory()

    services.update_placement(placement, actor=organiser, lab=elsewhere, comment="Better fit.")

    placement.refresh_from_db()
    assert (placement.lab, placement.comment) == (elsewhere, "Better fit.")


@pytest.mark.parametrize("status", [Status.OFFERED, Status.ACCEPTED])
def test_the_lab_of_an_offer_cannot_change(placement_in, organiser, lab, status):
    placement = placement_in(status)

    with pytest.raises(RuleViolation, match="only change while the placement is proposed"):
        services.update_placement(placement, actor=organiser, lab=LabFactory())

    placement.refresh_from_db()
    assert placement.lab == lab


@pytest.mark.parametrize("status", [Status.OFFERED, Status.ACCEPTED])
def test_the_dates_of_an_active_placement_can_change_within_the_programme(
    placement_in, organiser, status
):
    placement = placement_in(status)

    services.update_placement(placement, actor=organiser, starts_on=dt.date(2027, 7, 24))
    with pytest.raises(ValidationError):
        services.update_placement(placement, actor=organiser, ends_on=dt.date(2027, 9, 1))

    placement.refresh_from_db()
    assert (placement.starts_on, placement.ends_on) == (dt.date(2027, 7, 24), LAST_DAY)


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CANCELLED])
def test_an_ended_placement_cannot_change(placement_in, organiser, status):
    placement = placement_in(status)

    with pytest.raises(RuleViolation, match="cannot be changed"):
        services.update_placement(placement, actor=organiser, comment="Too late.")


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_changes_placements(placement_in, user_of, role):
    placement = placement_in(Status.OFFERED)

    with pytest.raises(PermissionDenied):
        services.update_placement(placement, actor=user_of(role), comment="Mine now.")


# --- the lab's capacity -----------------------------------------------------------------------


def test_a_lab_accepts_up_to_its_capacity_and_no_more(placement_in, organiser, lab):
    lab.capacity = 2
    lab.save()
    placement_in(Status.ACCEPTED)
    placement_in(Status.ACCEPTED)
    third = placement_in(Status.OFFERED)

    with pytest.raises(RuleViolation) as error:
        services.perform(third, "accept", actor=organiser)

    assert str(error.value) == (f"{lab.name} is full: it has accepted 2 of 2 students for 2027.")
    assert status_of(third) == Status.OFFERED
    assert Placement.objects.filter(lab=lab, status=Status.ACCEPTED).count() == 2


def test_declined_and_cancelled_placements_leave_the_place_free(placement_in, organiser, lab):
    lab.capacity = 1
    lab.save()
    placement_in(Status.DECLINED)
    placement_in(Status.CANCELLED)
    services.perform(placement_in(Status.ACCEPTED), "cancel", actor=organiser)

    last = placement_in(Status.ACCEPTED)

    assert last.status == Status.ACCEPTED


def test_the_capacity_is_per_season(placement_in, organiser, lab):
    lab.capacity = 1
    lab.save()
    last_year = SeasonFactory(year=2026)
    placement_in(Status.ACCEPTED, nomination=NominationFactory(
        season=last_year, status=Nomination.Status.ACCEPTED
    ))  # fmt: skip

    this_year = placement_in(Status.ACCEPTED)

    assert this_year.status == Status.ACCEPTED


# --- the matching run -------------------------------------------------------------------------


@pytest.fixture
def labs(lab):
    """The lab host's lab of biology with two places, a physics lab with one, a chemistry lab
    with one: all the labs there are."""
    return {
        "biology": lab,
        "physics": LabFactory(name="Physics lab", capacity=1, fields=[field("physics")]),
        "chemistry": LabFactory(name="Chemistry lab", capacity=1, fields=[field("chemistry")]),
    }


def proposals(season) -> dict[int, int]:
    """nomination id → lab id of the season's proposed placements."""
    return dict(
        Placement.objects.filter(nomination__season=season, status=Status.PROPOSED).values_list(
            "nomination_id", "lab_id"
        )
    )


def test_matching_proposes_a_lab_for_each_accepted_or_confirmed_student(
    season, organiser, labs, accepted_student
):
    accepted = accepted_student(interests=["biology"])
    confirmed = accepted_student(status=Nomination.Status.CONFIRMED, interests=["physics"])
    for status in [Nomination.Status.DRAFT, Nomination.Status.SUBMITTED,
                   Nomination.Status.WAITLISTED, Nomination.Status.WITHDRAWN]:  # fmt: skip
        accepted_student(status=status, interests=["chemistry"])

    result = services.run_matching(season, actor=organiser)

    assert result.proposed == 2
    assert result.unmatched == {}
    assert proposals(season) == {accepted.pk: labs["biology"].pk, confirmed.pk: labs["physics"].pk}
    placement = Placement.objects.get(nomination=accepted)
    assert (placement.starts_on, placement.ends_on) == (FIRST_DAY, LAST_DAY)


def test_matching_explains_each_proposal_in_its_text_and_history(
    season, organiser, labs, accepted_student
):
    second_choice = accepted_student(interests=["mathematics", "chemistry"])

    services.run_matching(season, actor=organiser)

    placement = Placement.objects.get(nomination=second_choice)
    assert placement.explanation == (
        "Matched on the student's research interest 2: Chemistry. "
        "No lab covers interest 1 (Mathematics)."
    )
    row = placement.changes.get()
    assert (row.action, row.from_status, row.to_status) == ("match", "", Status.PROPOSED)
    assert (row.actor, row.comment) == (organiser, placement.explanation)
    assert row.actor_label == organiser.get_full_name()
    assert abs(row.created_at - timezone.now()) < dt.timedelta(minutes=1)


def test_the_explanation_says_which_stronger_interests_were_full_or_declined(
    season, organiser, labs, accepted_student, placement_in
):
    accepted_student(rank=1, interests=["physics"])  # takes the physics lab's one place
    student = placement_in(
        Status.DECLINED, lab=labs["biology"], rank=5, interests=["physics", "biology", "chemistry"]
    ).nomination
    on_first_interest = accepted_student(interests=["biology"])

    services.run_matching(season, actor=organiser)

    assert Placement.objects.get(nomination=student, status=Status.PROPOSED).explanation == (
        "Matched on the student's research interest 3: Chemistry. "
        "The labs for interest 1 (Physics) were full. "
        "Interest 2 (Biology): every lab for it had declined the student."
    )
    assert Placement.objects.get(nomination=on_first_interest).explanation == (
        "Matched on the student's research interest 1: Biology."
    )


def test_the_explanation_is_stored_in_the_portals_language_whoever_runs_the_matching(
    season, organiser, labs, accepted_student
):
    student = accepted_student(interests=["biology"])

    with translation.override("de"):
        services.run_matching(season, actor=organiser)

    assert Placement.objects.get(nomination=student).explanation == (
        "Matched on the student's research interest 1: Biology."
    )


def test_explaining_costs_no_query_per_student(
    season, organiser, labs, accepted_student, django_assert_num_queries
):
    def students_passed_over(count: int) -> None:
        for _ in range(count):
            accepted_student(interests=["physics", "mathematics", "chemistry"])

    students_passed_over(3)
    with CaptureQueriesContext(connection) as few:
        services.run_matching(season, actor=organiser)
    students_passed_over(12)

    with django_assert_num_queries(len(few)):
        services.run_matching(season, actor=organiser)

    assert Placement.objects.filter(explanation__contains="were full").count() == 1


def test_matching_tells_why_each_unmatched_student_is_unmatched(
    season, organiser, labs, accepted_student
):
    no_interests = accepted_student(interests=[])
    no_lab = accepted_student(interests=["astronomy"])
    first, second = accepted_student(interests=["physics"]), accepted_student(interests=["physics"])

    result = services.run_matching(season, actor=organiser)

    assert result.proposed == 1
    assert result.unmatched == {
        no_interests.pk: "The student has no research interests.",
        no_lab.pk: "No lab covers the student's research interests.",
        max(first.pk, second.pk): (
            "Every lab for the student's interests is full with students it ranks higher."
        ),
    }


def test_each_matching_run_is_kept_with_who_ran_it_and_why_students_are_unmatched(
    season, organiser, labs, accepted_student
):
    no_lab = accepted_student(interests=["astronomy"])
    accepted_student(interests=["biology"])
    services.run_matching(season, actor=organiser)
    no_interests = accepted_student(interests=[])

    result = services.run_matching(season, actor=organiser)

    assert MatchRun.objects.filter(season=season).count() == 2
    run = MatchRun.objects.filter(season=season).latest()
    assert result.run == run
    assert (run.run_by, run.run_by_label, run.proposed) == (
        organiser, organiser.get_full_name(), 1,
    )  # fmt: skip
    assert abs(run.run_at - timezone.now()) < dt.timedelta(minutes=1)
    assert run.unmatched == {str(no_lab.pk): "no_lab_for_interests",
                             str(no_interests.pk): "no_interests"}  # fmt: skip
    assert run.reasons() == result.unmatched
    with translation.override("de"):
        assert set(run.reasons()) == {no_lab.pk, no_interests.pk}  # shown in the reader's language


def test_matching_ranks_by_the_coordinators_ranking_when_all_else_is_equal(
    season, organiser, labs, accepted_student
):
    ranked_second = accepted_student(rank=2, interests=["physics"])
    ranked_first = accepted_student(rank=1, interests=["physics"])

    services.run_matching(season, actor=organiser)

    assert proposals(season) == {ranked_first.pk: labs["physics"].pk}
    assert ranked_second.pk not in proposals(season)


def test_matching_prefers_students_at_the_labs_preferred_english_level_over_the_rank(
    season, organiser, labs, accepted_student
):
    labs["physics"].min_english_level = "C1"
    labs["physics"].save()
    fluent = accepted_student(rank=5, english_level="C1", interests=["physics"])
    ranked_first = accepted_student(rank=1, english_level="B2", interests=["physics"])

    services.run_matching(season, actor=organiser)

    assert proposals(season)[fluent.pk] == labs["physics"].pk
    assert ranked_first.pk not in proposals(season)


def test_the_labs_english_preference_only_breaks_ties_after_the_interest(
    season, organiser, labs, accepted_student
):
    labs["physics"].min_english_level = "C1"
    labs["physics"].save()
    # physics is the fluent student's second interest (no lab covers mathematics)
    fluent = accepted_student(rank=1, english_level="C1", interests=["mathematics", "physics"])
    first_interest = accepted_student(rank=5, english_level="B2", interests=["physics"])

    services.run_matching(season, actor=organiser)

    assert proposals(season)[first_interest.pk] == labs["physics"].pk
    assert fluent.pk not in proposals(season)


def test_matching_gives_the_same_proposals_every_time(season, organiser, labs, accepted_student):
    for n in range(8):
        accepted_student(interests=[["biology", "physics"], ["physics", "chemistry"]][n % 2])

    services.run_matching(season, actor=organiser)
    first = proposals(season)
    services.run_matching(season, actor=organiser)

    assert proposals(season) == first


def test_a_rerun_replaces_the_earlier_proposals_and_only_them(
    season, organiser, labs, accepted_student, placement_in
):
    offered = placement_in(Status.OFFERED, lab=labs["biology"], interests=["biology"])
    accepted = placement_in(Status.ACCEPTED, lab=labs["physics"], interests=["physics"])
    by_hand = placement_in(Status.PROPOSED, lab=labs["chemistry"], interests=["biology"])
    waiting = accepted_student(interests=["biology"])
    services.run_matching(season, actor=organiser)
    earlier = set(Placement.objects.filter(status=Status.PROPOSED).values_list("pk", flat=True))

    result = services.run_matching(season, actor=organiser)

    assert result.proposed == 1  # biology has one place left beside the offer
    assert not Placement.objects.filter(pk__in=earlier | {by_hand.pk}).exists()
    assert status_of(offered) == Status.OFFERED
    assert status_of(accepted) == Status.ACCEPTED
    # already placed students are skipped: no second placement for them
    assert offered.nomination.placements.count() == accepted.nomination.placements.count() == 1
    assert set(proposals(season)) <= {by_hand.nomination_id, waiting.pk}
    assert labs["biology"].pk in proposals(season).values()


def test_matching_counts_offered_and_accepted_places_as_taken(
    season, organiser, labs, accepted_student, placement_in
):
    placement_in(Status.OFFERED, lab=labs["biology"], interests=["biology"])
    placement_in(Status.ACCEPTED, lab=labs["biology"], interests=["biology"])
    placement_in(Status.DECLINED, lab=labs["physics"], interests=["biology"])
    waiting = [accepted_student(interests=["biology", "physics"]) for _ in range(2)]

    result = services.run_matching(season, actor=organiser)

    # biology is full; physics' declined offer gave its place back, for one of the two
    assert result.proposed == 1
    assert list(proposals(season).values()) == [labs["physics"].pk]
    assert set(result.unmatched) | set(proposals(season)) >= {s.pk for s in waiting}


def test_matching_proposes_a_declined_student_elsewhere_never_to_the_lab_that_declined(
    season, organiser, labs, placement_in
):
    declined = placement_in(Status.DECLINED, lab=labs["biology"], interests=["biology", "physics"])

    services.run_matching(season, actor=organiser)

    assert proposals(season) == {declined.nomination_id: labs["physics"].pk}


def test_a_student_every_lab_of_their_interests_declined_is_unmatched_for_that_reason(
    season, organiser, labs, placement_in
):
    declined = placement_in(Status.DECLINED, lab=labs["biology"], interests=["biology"])

    result = services.run_matching(season, actor=organiser)

    assert result.unmatched == {
        declined.nomination_id: "Every lab for the student's interests has declined them."
    }


def test_matching_leaves_other_seasons_alone(season, organiser, labs, placement_in):
    last_year = NominationFactory(season=SeasonFactory(year=2026), status="accepted")
    old = placement_in(Status.PROPOSED, lab=labs["biology"], nomination=last_year)

    services.run_matching(season, actor=organiser)

    assert status_of(old) == Status.PROPOSED


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_runs_the_matching(season, user_of, labs, accepted_student, role):
    accepted_student()

    with pytest.raises(PermissionDenied):
        services.run_matching(season, actor=user_of(role))

    assert not Placement.objects.exists()


def test_offering_all_offers_every_proposal_of_the_season(
    season, organiser, labs, accepted_student, placement_in
):
    for slug in ["biology", "physics", "chemistry"]:
        accepted_student(interests=[slug])
    services.run_matching(season, actor=organiser)
    last_year = NominationFactory(season=SeasonFactory(year=2026), status="accepted")
    other_season = placement_in(Status.PROPOSED, nomination=last_year)

    assert services.offer_all(season, actor=organiser) == 3

    assert Placement.objects.filter(nomination__season=season, status=Status.OFFERED).count() == 3
    assert status_of(other_season) == Status.PROPOSED
    with pytest.raises(PermissionDenied):
        services.offer_all(season, actor=CoordinatorFactory())


def test_offering_all_writes_each_offers_history_and_mails_each_lab_once_with_its_students(
    season, organiser, lab, lab_host, german_host, placement_in
):
    ours = [placement_in(Status.PROPOSED, given_name=f"Student{n}") for n in range(3)]
    other_host = LabHostFactory(username="physicshost")
    alone = placement_in(Status.PROPOSED, lab=other_host.lab, given_name="Solo")
    OutboundEmail.objects.all().delete()

    assert services.offer_all(season, actor=organiser) == 4

    for placement in [*ours, alone]:
        placement.refresh_from_db()
        assert placement.status == Status.OFFERED
        assert placement.offered_at is not None
        row = placement.changes.order_by("id").last()
        assert (row.action, row.from_status, row.to_status) == ("offer", "proposed", "offered")
        assert (row.actor, row.actor_label) == (organiser, organiser.get_full_name())
    listed = mails("placement_offers")
    assert set(listed) == {lab_host.email, german_host.email}
    english = listed[lab_host.email]
    assert english.subject == f"ISH 2027: 3 students for {lab.name}"
    for placement in ours:
        assert placement.nomination.full_name in english.body_text
        assert f"/placements/{placement.pk}/" in english.body_text
    assert "/placements/offers/" in english.body_text
    assert listed[german_host.email].language == "de"
    # a lab offered one student gets the usual offer
    assert set(mails("placement_offered")) == {other_host.email}
    assert "Solo" in mails("placement_offered")[other_host.email].body_text
    assert OutboundEmail.objects.count() == 3


def test_offering_all_again_later_mails_the_new_offers_only(
    season, organiser, lab_host, placement_in
):
    first = [placement_in(Status.PROPOSED) for _ in range(2)]
    services.offer_all(season, actor=organiser)
    later = [placement_in(Status.PROPOSED) for _ in range(2)]

    services.offer_all(season, actor=organiser)

    batches = OutboundEmail.objects.filter(event="placement_offers", to=lab_host.email)
    assert batches.count() == 2
    newest = batches.order_by("-pk").first().body_text
    assert all(f"/placements/{p.pk}/" in newest for p in later)
    assert not any(f"/placements/{p.pk}/" in newest for p in first)


def test_offering_all_needs_the_same_queries_for_10_and_50_proposals(
    season, organiser, lab_host, django_assert_num_queries
):
    labs = [lab_host.lab, *(LabHostFactory().lab for _ in range(2))]

    def proposals(count: int) -> None:
        for n in range(count):
            PlacementFactory(nomination__season=season, lab=labs[n % len(labs)])

    proposals(10)
    with CaptureQueriesContext(connection) as ten:
        assert services.offer_all(season, actor=organiser) == 10
    proposals(50)

    with django_assert_num_queries(len(ten)):
        assert services.offer_all(season, actor=organiser) == 50


# --- e-mails ----------------------------------------------------------------------------------


@pytest.fixture
def german_host(lab):
    return LabHostFactory(username="gastgeberin", lab=lab, language="de")


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


# --- reminders and escalations ----------------------------------------------------------------


@pytest.fixture
def offer_on_1_june(settings, placement_in, lab_host):
    """An offer made on 1 June 2027, reminded after 3 days and escalated after 7."""
    settings.PLACEMENT_REMINDER_DAYS = 3
    settings.PLACEMENT_ESCALATION_DAYS = 7
    settings.ISH_OFFICE_EMAIL = "office@ish.example"
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, 0, tzinfo=BERLIN), tick=False):
        return placement_in(Status.OFFERED)


def on(day: int, hour: int = 8):
    """The clock at `hour` on the `day`-th day counted from 1 June 2027."""
    moment = dt.datetime(2027, 6, 1, hour, 0, tzinfo=BERLIN) + dt.timedelta(days=day - 1)
    return time_machine.travel(moment, tick=False)


def test_an_unanswered_offer_is_reminded_once_after_the_configured_days(offer_on_1_june, lab_host):
    with on(4):  # 2 days 23 hours later
        assert services.send_offer_reminders() == (0, 0)
    with on(4, hour=9):
        assert services.send_offer_reminders() == (1, 0)
    with on(5):
        assert services.send_offer_reminders() == (0, 0)

    [reminder] = OutboundEmail.objects.filter(event="placement_reminder")
    assert reminder.to == lab_host.email
    assert "awaits your answer" in reminder.subject


def test_an_offer_answered_after_the_reminders_read_it_is_not_reminded(offer_on_1_june):
    read_by_the_beat_task = Placement.objects.get(pk=offer_on_1_june.pk)
    Placement.objects.filter(pk=offer_on_1_june.pk).update(status=Status.ACCEPTED)  # the lab

    with on(4, hour=9):
        sent = offers._still_unanswered(read_by_the_beat_task, reminded_at=timezone.now())

    assert sent is False
    assert not OutboundEmail.objects.filter(event="placement_reminder").exists()


def test_a_reminded_offer_still_unanswered_is_escalated_to_the_office_once(
    offer_on_1_june, lab_host
):
    with on(4, hour=9):
        assert services.send_offer_reminders() == (1, 0)
    with on(8):  # an hour before the escalation is due
        assert services.send_offer_reminders() == (0, 0)
    with on(8, hour=10):
        assert tasks.send_offer_reminders() == (0, 1)
    with on(20):
        assert tasks.send_offer_reminders() == (0, 0)

    [escalation] = OutboundEmail.objects.filter(event="placement_escalation")
    assert escalation.to == "office@ish.example"
    assert OutboundEmail.objects.filter(event="placement_reminder").count() == 1


def test_an_offer_first_seen_after_both_periods_is_reminded_and_escalated_only_later(
    offer_on_1_june,
):
    with on(30):  # beat did not run for a month
        assert services.send_offer_reminders() == (1, 0)
        assert services.send_offer_reminders() == (0, 0)
    with on(33):  # the lab has the same 4 days to answer the reminder
        assert services.send_offer_reminders() == (0, 0)
    with on(34):
        assert services.send_offer_reminders() == (0, 1)


@pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
def test_answered_or_cancelled_offers_are_neither_reminded_nor_escalated(
    offer_on_1_june, organiser, action
):
    with on(2):
        services.perform(offer_on_1_june, action, actor=organiser)

    with on(30):
        assert services.send_offer_reminders() == (0, 0)

    assert not OutboundEmail.objects.filter(
        event__in=["placement_reminder", "placement_escalation"]
    ).exists()


def test_proposals_are_never_reminded(settings, placement_in, lab_host):
    settings.PLACEMENT_REMINDER_DAYS = 0
    placement_in(Status.PROPOSED)

    assert services.send_offer_reminders() == (0, 0)


# --- withdrawals ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.OFFERED, Status.ACCEPTED])
def test_withdrawing_a_student_cancels_their_placement(placement_in, organiser, status):
    placement = placement_in(status)

    placement.comment = "Looking forward to it."
    placement.save()

    with translation.override("de"):  # e.g. a German coordinator withdraws
        lifecycle.withdraw(placement.nomination, actor=organiser)

    assert status_of(placement) == Status.CANCELLED
    assert Placement.objects.get(pk=placement.pk).comment == "Looking forward to it."
    row = placement.changes.order_by("id").last()
    assert (row.action, row.from_status, row.actor_kind) == ("cancel", status, Actor.SYSTEM)
    assert (row.comment, row.reason) == ("", "nomination_withdrawn")
    assert row.note == "The nomination was withdrawn."


def test_a_coordinators_withdrawal_frees_the_place_for_another_student(
    placement_in, coordinator, organiser, lab
):
    lab.capacity = 1
    lab.save()
    placement = placement_in(Status.ACCEPTED)
    waiting = placement_in(Status.OFFERED)

    lifecycle.withdraw(placement.nomination, actor=coordinator)
    services.perform(waiting, "accept", actor=organiser)

    assert status_of(waiting) == Status.ACCEPTED


def test_withdrawing_leaves_ended_placements_as_they_were(placement_in, organiser):
    declined = placement_in(Status.DECLINED)

    lifecycle.withdraw(declined.nomination, actor=organiser)

    assert status_of(declined) == Status.DECLINED
    assert PlacementChange.objects.filter(placement=declined, action="cancel").count() == 0
