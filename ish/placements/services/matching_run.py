"""A season's matching run: the students and labs read in bulk, the stable matching, the
proposals and their explanations written in bulk, and the run kept with why each student it
left without a lab is unmatched."""

import functools
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.history import name_of
from ish.labs.models import Lab
from ish.languages import cefr_index
from ish.nominations.models import Nomination, ResearchInterest
from ish.placements import explanations, matching
from ish.placements.models import MatchRun, Placement, PlacementChange
from ish.seasons.models import ResearchField, Season

Status = Placement.Status


@dataclass
class MatchResult:
    proposed: int
    unmatched: dict[int, str]  # nomination id → why, in words
    run: MatchRun


@transaction.atomic
def run_matching(season: Season, *, actor: User) -> MatchResult:
    """Propose a lab for every accepted student without an offered or accepted one.

    Replaces the season's earlier *proposed* placements only. Reads and writes in bulk: the
    number of queries does not grow with the number of students.
    """
    ensure_organiser(actor)
    # One run per season at a time, and no proposal by hand or offer of all in between (they take
    # the same lock), so the season's proposals at the end are exactly this run's.
    Season.objects.select_for_update(no_key=True).get(pk=season.pk)
    proposed = Placement.objects.filter(nomination__season=season, status=Status.PROPOSED)
    # A single offer or cancellation may be under way: wait for it, so that what is deleted
    # below is exactly what is still proposed, never the history of a proposal just offered.
    list(proposed.select_for_update(of=("self",)).values_list("pk", flat=True))
    # Two statements however many proposals there were: delete() would fetch them first and
    # delete them in batches of 100.
    PlacementChange.objects.filter(placement__in=proposed).delete()
    proposed._raw_delete(proposed.db)
    placed = Placement.objects.filter(
        nomination__season=season, status__in=Placement.HOLDS_CAPACITY
    )
    students = _students_to_place(season, placed)
    labs = _labs_with_free_places(season, placed)
    outcome = matching.match(students, labs)
    explain = _explainer(dict(ResearchField.objects.values_list("pk", "name")))
    interests = {student.id: student.interests for student in students}
    placements = [
        Placement(
            nomination_id=student_id,
            lab_id=lab_id,
            starts_on=season.starts_on,
            ends_on=season.ends_on,
            explanation=explain(
                interests[student_id],
                outcome.interest_rank[student_id],
                outcome.passed_over.get(student_id, ()),
            ),
        )
        for student_id, lab_id in sorted(outcome.matches.items())
    ]
    created = Placement.objects.bulk_create(placements)
    _record_matches(season, actor)
    run = MatchRun.objects.create(
        season=season,
        run_by=actor,
        run_by_label=name_of(actor),
        proposed=len(created),
        unmatched={
            str(student_id): MatchRun.Reason(code).value
            for student_id, code in sorted(outcome.unmatched.items())
        },
    )
    return MatchResult(proposed=len(created), unmatched=run.reasons(), run=run)


def _students_to_place(season: Season, placed: QuerySet[Placement]) -> list[matching.Student]:
    nominations = (
        Nomination.objects.filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .filter(~Exists(placed.filter(nomination=OuterRef("pk"))))
        .values_list("pk", "english_level", "rank")
    )
    interests: dict[int, list[int]] = {}
    for nomination_id, field_id in (
        ResearchInterest.objects.filter(
            nomination__season=season, nomination__status__in=Nomination.HOLDS_A_PLACE
        )
        .order_by("nomination_id", "rank")
        .values_list("nomination_id", "field_id")
    ):
        interests.setdefault(nomination_id, []).append(field_id)
    declined_by: dict[int, set[int]] = {}
    for nomination_id, lab_id in Placement.objects.filter(
        nomination__season=season, status=Status.DECLINED
    ).values_list("nomination_id", "lab_id"):
        declined_by.setdefault(nomination_id, set()).add(lab_id)
    return [
        matching.Student(
            id=pk,
            interests=tuple(interests.get(pk, ())),
            english=cefr_index(english),
            city_rank=rank if rank is not None else matching.NO_RANK,
            declined_by=frozenset(declined_by.get(pk, ())),
        )
        for pk, english, rank in nominations
    ]


def _labs_with_free_places(season: Season, placed: QuerySet[Placement]) -> dict[int, matching.Lab]:
    """Every lab with the places it has left this season."""
    taken = dict(placed.values("lab_id").annotate(n=Count("pk")).values_list("lab_id", "n"))
    fields: dict[int, set[int]] = {}
    for lab_id, field_id in Lab.fields.through.objects.values_list("lab_id", "researchfield_id"):
        fields.setdefault(lab_id, set()).add(field_id)
    labs = {}
    for lab_id, capacity, min_english in Lab.objects.values_list(
        "pk", "capacity", "min_english_level"
    ):
        labs[lab_id] = matching.Lab(
            id=lab_id,
            fields=frozenset(fields.get(lab_id, ())),
            capacity=capacity - taken.get(lab_id, 0),
            min_english=cefr_index(min_english),
        )
    return labs


def _record_matches(season: Season, actor: User) -> None:
    """A history row for each of the season's proposals, with its explanation, copied by the
    database in one statement: bulk_create would spend seconds of Python on 10,000 rows."""
    changes, placements, nominations = (
        model._meta.db_table for model in (PlacementChange, Placement, Nomination)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {changes} (placement_id, action, from_status, to_status, actor_id, "
            f"actor_label, actor_kind, comment, reason, created_at) "
            f"SELECT p.id, %s, '', %s, %s, %s, '', p.explanation, %s, %s FROM {placements} p "
            f"JOIN {nominations} n ON n.id = p.nomination_id "
            f"WHERE n.season_id = %s AND p.status = %s",
            [
                "match",
                Status.PROPOSED.value,
                actor.pk,
                name_of(actor),
                PlacementChange.EXPLAINED,  # the comment holds the explanation's codes
                connection.ops.adapt_datetimefield_value(timezone.now()),
                season.pk,
                Status.PROPOSED.value,
            ],
        )


def _explainer(field_names: dict[int, str]):
    """Why a student got their lab, as codes (ish.placements.explanations): the interest it
    matched on and why each stronger interest gave none, each field by its stored name (read in
    the reader's language). Each part is made once per run, not once per student."""

    @functools.cache
    def passed_over(why: matching.PassedOver) -> tuple[str, int, str]:
        field = field_names.get(why.field_id, "?")
        if why.reason == matching.NO_LAB_FOR_INTERESTS:
            return explanations.NO_LAB, why.interest, field
        if why.reason == matching.DECLINED_BY_ALL:
            return explanations.DECLINED_BY_ALL, why.interest, field
        if why.declined_by:
            return explanations.FULL_OR_DECLINED, why.interest, field
        return explanations.FULL, why.interest, field

    def explain(
        interests: tuple[int, ...], rank: int, earlier: tuple[matching.PassedOver, ...]
    ) -> str:
        matched = (rank, field_names.get(interests[rank - 1], "?"))
        return explanations.encode(matched, [passed_over(why) for why in earlier])

    return explain
