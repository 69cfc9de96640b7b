"""The matching run on the database: the proposals it makes, how it explains each and why it
leaves a student out, the run it keeps, the labs' tie-breaks, reruns, and who may run it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ish.nominations.models import Nomination
from ish.placements import services
from ish.placements.models import MatchRun, Placement
from tests.factories import NominationFactory, SeasonFactory
from tests.placements.shared import FIRST_DAY, LAST_DAY, status_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


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
    assert placement.explanation_text == (
        "Matched on the student's research interest 2: Chemistry. "
        "No lab covers interest 1 (Mathematics)."
    )
    row = placement.changes.get()
    assert (row.action, row.from_status, row.to_status) == ("match", "", Status.PROPOSED)
    assert (row.actor, row.comment) == (organiser, placement.explanation)
    assert row.note == placement.explanation_text
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

    assert Placement.objects.get(nomination=student, status=Status.PROPOSED).explanation_text == (
        "Matched on the student's research interest 3: Chemistry. "
        "The labs for interest 1 (Physics) were full. "
        "Interest 2 (Biology): every lab for it had declined the student."
    )
    assert Placement.objects.get(nomination=on_first_interest).explanation_text == (
        "Matched on the student's research interest 1: Biology."
    )


def test_the_explanation_is_stored_in_no_language_whoever_runs_the_matching(
    season, organiser, labs, accepted_student
):
    student = accepted_student(interests=["biology", "mathematics"])
    with translation.override("en"):
        services.run_matching(season, actor=organiser)
    in_english = Placement.objects.get(nomination=student).explanation

    with translation.override("de"):
        services.run_matching(season, actor=organiser)

    placement = Placement.objects.get(nomination=student)
    assert placement.explanation == in_english
    assert "Matched" not in placement.explanation
    with translation.override("en"):
        assert placement.explanation_text == (
            "Matched on the student's research interest 1: Biology."
        )


def test_each_reader_reads_the_explanation_in_their_language(
    season, organiser, labs, accepted_student
):
    student = accepted_student(interests=["mathematics", "chemistry"])
    services.run_matching(season, actor=organiser)
    placement = Placement.objects.get(nomination=student)

    with translation.override("de"):
        assert placement.explanation_text == (
            "Zugeordnet nach Forschungsinteresse 2: Chemie. "
            "Kein Labor deckt Interesse 1 (Mathematik) ab."
        )
        assert placement.changes.get().note == placement.explanation_text


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

    assert Placement.objects.filter(explanation__contains='["full",').count() == 1


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
