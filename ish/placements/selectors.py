"""Reads of placements, scoped by role: a lab host sees only their lab's offers and answers;
and what the placement pages show (the office's board, a lab's offers, a city's list)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.translation import ngettext

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import LAB_HOST_DOCUMENT_KINDS, nominations_visible_to
from ish.pagination import page_of
from ish.placements.models import MatchRun, Placement
from ish.placements.services import WORKFLOW, respond_by
from ish.placements.services.mail import lab_host_accounts
from ish.seasons.models import Season
from ish.sorting import Sorted, Sorting

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


def labs_with_places(season: Season, *statuses: str) -> QuerySet[Lab]:
    """Every lab with its institute and, for each of `statuses`, an annotation of that name:
    how many of its placements this season are in it. Counted lab by lab through the index on
    the lab (a subquery each), so a page of labs, or an order by the counts, does not first
    group every placement of the season by every lab's columns (twice as fast at 1,000 labs)."""
    return Lab.objects.select_related("institute").annotate(
        **{status: _placements_in(season, status) for status in statuses}
    )


def _placements_in(season: Season, status: str) -> Coalesce:
    counted = (
        Placement.objects.filter(lab=OuterRef("pk"), nomination__season=season, status=status)
        .order_by()
        .values("lab")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def lab_board(season: Season) -> QuerySet[Lab]:
    """Every lab with its capacity and how many of its places are proposed, offered and
    accepted, by institute."""
    return labs_with_places(season, Status.PROPOSED, Status.OFFERED, Status.ACCEPTED).order_by(
        "institute__name", "name"
    )


def labs_without_host_account(season: Season) -> QuerySet[Lab]:
    """Labs with students proposed or offered this season but no active lab host account: nobody
    is e-mailed their offers and nobody can answer them. With `proposed` and `offered`, by
    name, in one query (the board's section and the office's dashboard)."""
    hosts = lab_host_accounts().filter(lab_id=OuterRef("pk"))
    return (
        labs_with_places(season, Status.PROPOSED, Status.OFFERED)
        .filter(~Exists(hosts))
        .filter(Q(proposed__gt=0) | Q(offered__gt=0))
        .order_by("name", "pk")
    )


def has_host_account(lab: Lab) -> bool:
    """Whether the lab has an active lab host account, who is e-mailed its offers."""
    return lab_host_accounts().filter(lab=lab).exists()


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


@dataclass(frozen=True)
class LabOnBoard:
    """A lab with its season's placements per status."""

    lab: Lab
    proposed: int
    offered: int
    accepted: int

    @property
    def open_places(self) -> int:
        """The places nobody is proposed for, offered or accepted in yet."""
        return self.lab.capacity - self.proposed - self.offered - self.accepted

    @cached_property  # the same lab is a choice in every row of the page
    def choice(self) -> str:
        """The lab as a choice when proposing: its name and open places."""
        open_places = ngettext("%(open)s open", "%(open)s open", self.open_places) % {
            "open": self.open_places
        }
        return f"{self.lab.name} ({open_places})"


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
    labs: Page  # of LabOnBoard: a page of them, or the one lab asked for
    students: Page  # of StudentOnBoard: those without a lab first
    counts: dict[str, int]  # placeable students per state over the season ("none": no lab)
    lab: LabOnBoard | None = None  # the lab whose students the board shows, if one is asked for
    labs_sorted: Sorted | None = None  # how the labs are sorted, for their headers

    @cached_property
    def lab_options(self) -> str:
        """The page's labs as the <option>s every row's choice of a lab repeats: built once, as
        50 rows rendering 50 options each took most of the page's time."""
        return format_html_join(
            "", '<option value="{}">{}</option>', ((row.lab.pk, row.choice) for row in self.labs)
        )

    @property
    def unplaced(self) -> int:
        return self.counts[NO_LAB]

    @property
    def proposed(self) -> int:
        return self.counts[Status.PROPOSED]

    @property
    def offered(self) -> int:
        return self.counts[Status.OFFERED]

    @property
    def accepted(self) -> int:
        return self.counts[Status.ACCEPTED]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# The board's `status` filter: students without a lab, or with an active placement in one state.
NO_LAB = "none"
BOARD_STATES = (NO_LAB, Status.PROPOSED, Status.OFFERED, Status.ACCEPTED)
STUDENTS_PER_PAGE = 50
LABS_PER_PAGE = 50
# The labs table's column headers; unless one is asked for, by institute, as lab_board orders.
LAB_SORTING = Sorting(
    {
        "institute": ("institute__name", "name"),
        "lab": ("name",),
        "capacity": ("capacity", "name"),
        "proposed": ("proposed", "name"),
        "offered": ("offered", "name"),
        "accepted": ("accepted", "name"),
    },
    default="institute",
)
SUGGESTED_LABS = 10  # per student without a lab: those with the most open places first


def placement_board(user: User, season: Season, query: QueryDict | None = None) -> Board:
    """The office's board of a season, a page of students and of labs at a time, in a fixed
    number of queries however many there are. `query` may ask for a state (`status`), one
    lab's students (`lab`), the page of students (`page`) and of labs (`labs`), the labs'
    order (`sort`)."""
    query = query if query is not None else QueryDict()
    run = last_match_run(season)
    reasons = run.reasons() if run else {}
    chosen_lab = None
    if str(query.get("lab", "")).isdigit():
        chosen_lab = next(map(_on_board, lab_board(season).filter(pk=query["lab"])), None)
    # Without the model's ordering, which would join every row's lab and student again; the
    # one active placement per student is a unique index (one_active_placement_per_student).
    active = Placement.objects.filter(
        nomination=OuterRef("pk"), status__in=Placement.ACTIVE
    ).order_by()
    students = (
        nominations_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .prefetch_related(None)
        .annotate(state=Coalesce(Subquery(active.values("status")[:1]), Value(NO_LAB)))
    )
    counts = dict(students.order_by().values_list("state").annotate(count=Count("pk")))
    if chosen_lab is not None:
        students = students.filter(
            pk__in=Placement.objects.filter(lab=chosen_lab.lab, status__in=Placement.ACTIVE).values(
                "nomination_id"
            )
        )
    if query.get("status") in BOARD_STATES:
        students = students.filter(state=query["status"])
    page = page_of(
        students.prefetch_related("interests__field").order_by(
            Case(*(When(state=state, then=order) for order, state in enumerate(BOARD_STATES))),
            "family_name",
            "given_name",
            "pk",
        ),
        STUDENTS_PER_PAGE,
        query,
    )
    on_page = {nomination.pk: nomination for nomination in page.object_list}
    current: dict[int, Placement] = {}
    earlier: dict[int, list[Placement]] = defaultdict(list)
    placements = (
        placements_visible_to(user)
        .filter(nomination__season=season, nomination_id__in=on_page)
        .prefetch_related(None)  # the board has each student already
        .order_by("created_at", "pk")
    )
    for placement in placements:
        placement.nomination = on_page[placement.nomination_id]
        if placement.status in Placement.ACTIVE:
            current[placement.nomination_id] = placement
        else:
            earlier[placement.nomination_id].append(placement)
    unplaced = [student for pk, student in on_page.items() if pk not in current]
    suggested = _labs_for_interests(season, unplaced)
    page.object_list = [
        StudentOnBoard(
            nomination,
            placement,
            tuple(earlier[nomination.pk]),
            actions=tuple(WORKFLOW.names_available(placement, user)),
        )
        if (placement := current.get(nomination.pk))
        else StudentOnBoard(
            nomination,
            None,
            tuple(earlier[nomination.pk]),
            unmatched_reason=reasons.get(nomination.pk, ""),
            suggested_labs=suggested.get(nomination.pk, ()),
        )
        for nomination in on_page.values()
    ]
    labs_sorted = LAB_SORTING.chosen(query, page="labs")
    if chosen_lab is not None:
        lab_page = page_of((chosen_lab,), LABS_PER_PAGE, query, "labs")
    else:
        lab_page = page_of(
            LAB_SORTING.order(lab_board(season), labs_sorted), LABS_PER_PAGE, query, "labs"
        )
        lab_page.object_list = [_on_board(lab) for lab in lab_page.object_list]
    prefetch_related_objects([row.lab for row in lab_page], "fields")
    return Board(
        run,
        lab_page,
        page,
        {state: counts.get(state, 0) for state in BOARD_STATES},
        chosen_lab,
        labs_sorted,
    )


def _on_board(lab: Lab) -> LabOnBoard:
    """A lab read by lab_board, with its counts."""
    return LabOnBoard(lab, proposed=lab.proposed, offered=lab.offered, accepted=lab.accepted)


def _labs_for_interests(
    season: Season, students: list[Nomination]
) -> dict[int, tuple[LabOnBoard, ...]]:
    """Per student (their interests prefetched): the labs covering one of their interests, those
    with the most open places first (then in the board's order), at most SUGGESTED_LABS: the
    first choices when proposing; in two queries. A student's first labs are among the first
    of each of their fields, so only those are read: SUGGESTED_LABS per field at most."""
    interests = {
        student.pk: {interest.field_id for interest in student.interests.all()}
        for student in students
    }
    wanted = set().union(*interests.values())
    if not wanted:
        return {}
    taken = (
        Placement.objects.filter(
            lab=OuterRef("lab_id"), nomination__season=season, status__in=Placement.ACTIVE
        )
        .order_by()
        .values("lab_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    board_order = (F("open").desc(), F("lab__institute__name"), F("lab__name"), F("lab_id"))
    firsts = (
        Lab.fields.through.objects.filter(researchfield_id__in=wanted)
        .annotate(open=F("lab__capacity") - Coalesce(Subquery(taken), Value(0)))
        .annotate(
            rank=Window(RowNumber(), partition_by=F("researchfield_id"), order_by=board_order)
        )
        .filter(rank__lte=SUGGESTED_LABS)
        .values_list("researchfield_id", "lab_id")
    )
    labs_of: dict[int, set[int]] = defaultdict(set)
    for field_id, lab_id in firsts:
        labs_of[field_id].add(lab_id)
    ordered = [
        _on_board(lab) for lab in lab_board(season).filter(pk__in=set().union(*labs_of.values()))
    ]
    ordered.sort(key=lambda row: -row.open_places)  # stable: the board's order among equals
    suggested = {}
    for student, fields in interests.items():
        covering = set().union(*(labs_of[field] for field in fields))
        suggested[student] = tuple(row for row in ordered if row.lab.pk in covering)[
            :SUGGESTED_LABS
        ]
    return suggested


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
    placement_page: Page  # of Placement: as `sorted` says (by student, the latest first)
    unplaced_page: Page  # of Nomination: accepted, without an active placement
    sorted: Sorted

    @property
    def placements(self) -> tuple[Placement, ...]:
        return tuple(self.placement_page)

    @property
    def unplaced(self) -> tuple[Nomination, ...]:
        return tuple(self.unplaced_page)


CITY_PAGE_SIZE = 50
# The placements table's column headers; a student's latest placement first among theirs.
CITY_SORTING = Sorting(
    {
        "student": ("nomination__family_name", "nomination__given_name", "-created_at"),
        "lab": ("lab__name", "nomination__family_name", "nomination__given_name"),
        "status": ("status", "nomination__family_name", "nomination__given_name"),
        "dates": ("starts_on", "nomination__family_name", "nomination__given_name"),
    },
    default="student",
)


def city_placements(user: User, season: Season, query: QueryDict | None = None) -> CityPlacements:
    """A coordinator's city's placements of the season, and its students still without a lab
    (organisers: every city's), a page of each at a time (`page`, `unplaced`)."""
    query = query if query is not None else QueryDict()
    placements, sorted_ = CITY_SORTING.apply(
        placements_visible_to(user).filter(nomination__season=season), query
    )
    placed = Placement.objects.filter(nomination=OuterRef("pk"), status__in=Placement.ACTIVE)
    unplaced = (
        nominations_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .filter(~Exists(placed))
        .prefetch_related(None)
        .order_by("family_name", "given_name", "pk")
    )
    return CityPlacements(
        page_of(placements, CITY_PAGE_SIZE, query),
        page_of(unplaced, CITY_PAGE_SIZE, query, "unplaced"),
        sorted_,
    )
