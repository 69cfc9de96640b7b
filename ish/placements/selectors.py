"""Reads of placements, scoped by role: a lab host sees only their lab's offers and answers;
and what the placement pages show (the office's board, a lab's offers, a city's list)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import LAB_HOST_DOCUMENT_KINDS, nominations_visible_to
from ish.placements.models import MatchRun, Placement
from ish.placements.services import WORKFLOW, respond_by
from ish.seasons.models import Season

Status = Placement.Status


def placements_visible_to(user: User) -> QuerySet[Placement]:
    placements = Placement.objects.select_related("lab__institute").prefetch_related(
        Prefetch("nomination", queryset=nominations_visible_to(user))
    )
    if user.is_organiser:
        return placements
    if user.is_coordinator:
        return placements.filter(nomination__city_id=user.city_id)
    if user.is_lab_host:
        return placements.filter(lab_id=user.lab_id, status__in=Placement.SHOWN_TO_LAB_HOSTS)
    return placements.none()


def lab_board(season: Season) -> QuerySet[Lab]:
    """Every lab with its capacity and how many of its places are offered and accepted."""
    in_season = Q(placements__nomination__season=season)
    return (
        Lab.objects.select_related("institute")
        .annotate(
            proposed=Count("placements", filter=in_season & Q(placements__status=Status.PROPOSED)),
            offered=Count("placements", filter=in_season & Q(placements__status=Status.OFFERED)),
            accepted=Count("placements", filter=in_season & Q(placements__status=Status.ACCEPTED)),
        )
        .order_by("institute__name", "name")
    )


def lab_use(lab: Lab, season: Season) -> dict:
    counts = Placement.objects.filter(lab=lab, nomination__season=season).aggregate(
        offered=Count("pk", filter=Q(status=Status.OFFERED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
    )
    return counts | {"capacity": lab.capacity}


def last_match_run(season: Season) -> MatchRun | None:
    """The season's latest matching run, with why it left each student without a lab (for the
    office's board: every organiser sees the same)."""
    return MatchRun.objects.filter(season=season).order_by("-run_at", "-pk").first()


def shared_documents(nomination: Nomination) -> list[Document]:
    """The CV and motivation letter: what the placement pages show to every role (the selector
    has already left a lab host nothing else)."""
    return [
        document
        for document in nomination.documents.all()
        if document.kind in LAB_HOST_DOCUMENT_KINDS and document.is_current
    ]


# --- the office's board ----------------------------------------------------------------------

# How the board orders a student's state: those without a lab first, the office's work next.
BOARD_ORDER = {None: 0, Status.PROPOSED: 1, Status.OFFERED: 2, Status.ACCEPTED: 3}


@dataclass(frozen=True)
class LabOnBoard:
    """A lab with its season's placements per status and the research fields it covers."""

    lab: Lab
    proposed: int
    offered: int
    accepted: int
    field_ids: frozenset[int]

    @property
    def open_places(self) -> int:
        """The places nobody is proposed for, offered or accepted in yet."""
        return self.lab.capacity - self.proposed - self.offered - self.accepted


@dataclass(frozen=True)
class StudentOnBoard:
    """A placeable student: their active placement, if any, and the earlier ones; without one,
    why the last matching left them out and the labs covering one of their interests."""

    nomination: Nomination
    placement: Placement | None
    earlier: tuple[Placement, ...] = ()
    unmatched_reason: str = ""
    suggested_labs: tuple[LabOnBoard, ...] = ()
    actions: tuple[str, ...] = ()  # the workflow's, on the active placement (its buttons)

    @property
    def status(self) -> str | None:
        return self.placement.status if self.placement else None


@dataclass(frozen=True)
class Board:
    run: MatchRun | None  # the season's latest matching
    labs: tuple[LabOnBoard, ...]
    students: tuple[StudentOnBoard, ...]  # those without a lab first

    def _count(self, status: str | None) -> int:
        return sum(student.status == status for student in self.students)

    @property
    def unplaced(self) -> int:
        return self._count(None)

    @property
    def proposed(self) -> int:
        return self._count(Status.PROPOSED)

    @property
    def offered(self) -> int:
        return self._count(Status.OFFERED)

    @property
    def accepted(self) -> int:
        return self._count(Status.ACCEPTED)


def placement_board(user: User, season: Season) -> Board:
    """The office's board of a season: every placeable student and every lab, in a fixed
    number of queries however many there are."""
    run = last_match_run(season)
    reasons = run.reasons() if run else {}
    labs = tuple(
        LabOnBoard(
            lab,
            proposed=lab.proposed,
            offered=lab.offered,
            accepted=lab.accepted,
            field_ids=frozenset(research_field.pk for research_field in lab.fields.all()),
        )
        for lab in lab_board(season).prefetch_related("fields")
    )
    students = {
        nomination.pk: nomination
        for nomination in nominations_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .prefetch_related(None)
        .prefetch_related("interests__field")
    }
    active: dict[int, Placement] = {}
    earlier: dict[int, list[Placement]] = defaultdict(list)
    placements = (
        placements_visible_to(user)
        .filter(nomination__season=season)
        .prefetch_related(None)  # the board has each student already
        .order_by("created_at", "pk")
    )
    for placement in placements:
        nomination = students.get(placement.nomination_id)
        if nomination is None:  # a withdrawn student's released placement
            continue
        placement.nomination = nomination
        if placement.status in Placement.ACTIVE:
            active[nomination.pk] = placement
        else:
            earlier[nomination.pk].append(placement)
    rows = [
        StudentOnBoard(
            nomination,
            placement,
            tuple(earlier[nomination.pk]),
            actions=tuple(WORKFLOW.names_available(placement, user)),
        )
        if (placement := active.get(nomination.pk))
        else StudentOnBoard(
            nomination,
            None,
            tuple(earlier[nomination.pk]),
            unmatched_reason=reasons.get(nomination.pk, ""),
            suggested_labs=_labs_for_interests(nomination, labs),
        )
        for nomination in students.values()
    ]
    rows.sort(
        key=lambda row: (
            BOARD_ORDER[row.status],
            row.nomination.family_name,
            row.nomination.given_name,
        )
    )
    return Board(run, labs, tuple(rows))


def _labs_for_interests(
    nomination: Nomination, labs: tuple[LabOnBoard, ...]
) -> tuple[LabOnBoard, ...]:
    """The labs covering one of the student's interests: the first choices when proposing."""
    interests = {interest.field_id for interest in nomination.interests.all()}
    return tuple(lab for lab in labs if lab.field_ids & interests)


# --- the lab host's offers and the coordinator's list ---------------------------------------


@dataclass(frozen=True)
class PendingOffer:
    """An offer waiting for the lab's answer, with the student's CV and motivation letter."""

    placement: Placement
    documents: tuple[Document, ...]
    respond_by: dt.date


@dataclass(frozen=True)
class LabOffers:
    pending: tuple[PendingOffer, ...]  # the oldest offer first
    answered: tuple[Placement, ...]  # the latest answer first


def lab_offers(user: User, season: Season) -> LabOffers:
    """The offers of the season a lab host sees: those waiting for an answer and the rest."""
    placements = list(placements_visible_to(user).filter(nomination__season=season))
    pending = sorted(
        (p for p in placements if p.status == Status.OFFERED), key=lambda p: (p.offered_at, p.pk)
    )
    answered = sorted(
        (p for p in placements if p.status != Status.OFFERED),
        key=lambda p: (p.answered_at or p.created_at, p.pk),
        reverse=True,
    )
    return LabOffers(
        pending=tuple(
            PendingOffer(p, tuple(shared_documents(p.nomination)), respond_by(p)) for p in pending
        ),
        answered=tuple(answered),
    )


@dataclass(frozen=True)
class CityPlacements:
    placements: tuple[Placement, ...]  # by student, the latest first
    unplaced: tuple[Nomination, ...]  # accepted, without an active placement


def city_placements(user: User, season: Season) -> CityPlacements:
    """A coordinator's city's placements of the season, and its students still without a lab
    (organisers: every city's)."""
    placements = tuple(
        placements_visible_to(user)
        .filter(nomination__season=season)
        .order_by("nomination__family_name", "nomination__given_name", "-created_at")
    )
    placed = {p.nomination_id for p in placements if p.status in Placement.ACTIVE}
    unplaced = (
        nominations_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .exclude(pk__in=placed)
        .prefetch_related(None)
        .order_by("family_name", "given_name")
    )
    return CityPlacements(placements, tuple(unplaced))
