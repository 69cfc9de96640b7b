"""Every change to a lab placement, with its rules: the transitions and who may take them, the
lab's capacity under concurrency, the matching run, the e-mails and the reminders."""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import Role, User
from ish.errors import RuleViolation
from ish.history import actor_label
from ish.labs.models import Lab
from ish.languages import cefr_index
from ish.nominations.models import Nomination, ResearchInterest
from ish.notifications.services import Recipient, absolute_url, notify
from ish.placements import matching
from ish.placements.models import Placement, PlacementChange
from ish.seasons.models import ResearchField, Season

Status = Placement.Status
PLACEABLE = [Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED]
# Placements that take one of a lab's places, or are about to.
HOLDS_CAPACITY = [Status.OFFERED, Status.ACCEPTED]


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    lab_host_may: bool = False  # organisers may take every action


ACTIONS = {
    action.name: action
    for action in [
        Action("offer", frozenset({Status.PROPOSED}), Status.OFFERED),
        Action("accept", frozenset({Status.OFFERED}), Status.ACCEPTED, lab_host_may=True),
        Action("decline", frozenset({Status.OFFERED}), Status.DECLINED, lab_host_may=True),
        Action("cancel", frozenset(Placement.ACTIVE), Status.CANCELLED),
    ]
}


def _record(
    placement: Placement, action: str, from_status: str, actor: User | None, comment: str = ""
) -> None:
    PlacementChange.objects.create(
        placement=placement,
        action=action,
        from_status=from_status,
        to_status=placement.status,
        actor=actor,
        actor_label=actor_label(actor, _("the system")),
        comment=comment,
    )


def _ensure_organiser(actor: User) -> None:
    if not actor.is_organiser:
        raise PermissionDenied(_("Only the ISH office may do this."))


# --- proposing by hand -----------------------------------------------------------------------


@transaction.atomic
def create_placement(
    *,
    actor: User,
    nomination: Nomination,
    lab: Lab,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    comment: str = "",
) -> Placement:
    """Propose a student for a lab by hand, for the programme dates unless told otherwise."""
    _ensure_organiser(actor)
    # The season first, as a matching run locks it: no run may propose this student meanwhile.
    Season.objects.select_for_update().get(pk=nomination.season_id)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("season")
        .get(pk=nomination.pk)
    )
    if nomination.status not in PLACEABLE:
        raise RuleViolation(
            _("Only accepted or confirmed students can be placed; this one is %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    if nomination.placements.filter(status__in=Placement.ACTIVE).exists():
        raise RuleViolation(
            _("%(student)s already has an active placement; cancel it first.")
            % {"student": nomination.full_name}
        )
    placement = Placement(
        nomination=nomination,
        lab=lab,
        starts_on=starts_on or nomination.season.starts_on,
        ends_on=ends_on or nomination.season.ends_on,
        comment=comment,
    )
    _validate_dates(placement, nomination.season)
    placement.save()
    _record(placement, "propose", "", actor, comment)
    return placement


@transaction.atomic
def update_placement(placement: Placement, *, actor: User, **fields) -> Placement:
    """Change the dates or comment of an active placement, or the lab while only proposed."""
    _ensure_organiser(actor)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("nomination__season")
        .get(pk=placement.pk)
    )
    if placement.status not in Placement.ACTIVE:
        raise RuleViolation(
            _("A %(status)s placement cannot be changed.")
            % {"status": placement.get_status_display()}
        )
    if "lab" in fields and fields["lab"] != placement.lab and placement.status != Status.PROPOSED:
        raise RuleViolation(
            _(
                "The lab can only change while the placement is proposed; cancel "
                "it and propose another lab."
            )
        )
    for name, value in fields.items():
        setattr(placement, name, value)
    _validate_dates(placement, placement.nomination.season)
    placement.save()
    return placement


def _validate_dates(placement: Placement, season: Season) -> None:
    errors = {}
    if not season.starts_on <= placement.starts_on <= season.ends_on:
        errors["starts_on"] = _(
            "The first day must lie within the programme (%(start)s – %(end)s)."
        ) % {"start": season.starts_on, "end": season.ends_on}
    if not season.starts_on <= placement.ends_on <= season.ends_on:
        errors["ends_on"] = _(
            "The last day must lie within the programme (%(start)s – %(end)s)."
        ) % {"start": season.starts_on, "end": season.ends_on}
    if not errors and placement.ends_on < placement.starts_on:
        errors["ends_on"] = _("The last day must not be before the first.")
    if errors:
        raise ValidationError(errors)


# --- transitions -----------------------------------------------------------------------------


def perform(
    placement: Placement, action_name: str, *, actor: User | None, comment: str = ""
) -> Placement:
    """Take one transition under the rules; `actor=None` is the system (a withdrawal)."""
    action = ACTIONS[action_name]
    answering_own_lab = (
        action.lab_host_may
        and actor is not None
        and actor.is_lab_host
        and actor.lab_id == placement.lab_id
    )
    if actor is not None and not (actor.is_organiser or answering_own_lab):
        raise PermissionDenied(
            _("Your role may not %(action)s this placement.") % {"action": action.name}
        )
    with transaction.atomic():
        # Lock order: the lab, then the placement. Counting acceptances under the lab's lock is
        # what keeps a lab within its capacity however many hosts click at once. Only the
        # placement's own row: locking the joined student too would deadlock with a withdrawal,
        # which holds the student and then comes for the lab.
        lab = Lab.objects.select_for_update().get(pk=placement.lab_id)
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("nomination__season", "nomination__city", "lab__institute")
            .get(pk=placement.pk)
        )
        if placement.status not in action.sources:
            raise RuleViolation(
                _("A %(status)s placement cannot be %(action)s.")
                % {"status": placement.get_status_display(), "action": _past(action.name)}
            )
        if action.name == "accept":
            _check_capacity(lab, placement.nomination.season)
        from_status = placement.status
        placement.status = action.target
        now = timezone.now()
        if action.name == "offer":
            placement.offered_at = now
        elif action.name in {"accept", "decline"}:
            placement.answered_at = now
        if comment:
            placement.comment = comment
        placement.save()
        _record(placement, action.name, from_status, actor, comment)
        _mail(placement, action.name, comment)
    return placement


def _check_capacity(lab: Lab, season: Season) -> None:
    accepted = Placement.objects.filter(
        lab=lab, nomination__season=season, status=Status.ACCEPTED
    ).count()
    if accepted >= lab.capacity:
        raise RuleViolation(
            _(
                "%(lab)s is full: it has accepted %(accepted)s of %(capacity)s students for "
                "%(season)s."
            )
            % {
                "lab": lab.name,
                "accepted": accepted,
                "capacity": lab.capacity,
                "season": season.year,
            }
        )


def _past(action: str) -> str:
    return {
        "offer": _("offered"),
        "accept": _("accepted"),
        "decline": _("declined"),
        "cancel": _("cancelled"),
    }[action]


def cancel_for_withdrawal(nomination: Nomination) -> None:
    """A withdrawn student's active placement is released (called by the nominations service)."""
    for placement in nomination.placements.filter(status__in=Placement.ACTIVE):
        perform(placement, "cancel", actor=None, comment=_("The nomination was withdrawn."))


@transaction.atomic
def offer_all(season: Season, *, actor: User) -> int:
    """Offer every proposed placement of the season to its lab."""
    _ensure_organiser(actor)
    proposed = Placement.objects.filter(nomination__season=season, status=Status.PROPOSED)
    count = 0
    for placement in proposed.order_by("pk"):
        perform(placement, "offer", actor=actor)
        count += 1
    return count


# --- matching --------------------------------------------------------------------------------


@dataclass
class MatchResult:
    proposed: int
    unmatched: dict[int, str]  # nomination id → why, in words


@transaction.atomic
def run_matching(season: Season, *, actor: User) -> MatchResult:
    """Propose a lab for every accepted student without an offered or accepted one.

    Replaces the season's earlier *proposed* placements only. Reads and writes in bulk: the
    number of queries does not grow with the number of students.
    """
    _ensure_organiser(actor)
    # One run per season at a time, and no proposal by hand in between (create_placement takes
    # the same lock), so the season's proposals at the end are exactly this run's.
    Season.objects.select_for_update().get(pk=season.pk)
    proposed = Placement.objects.filter(nomination__season=season, status=Status.PROPOSED)
    # Two statements however many proposals there were: delete() would fetch them first and
    # delete them in batches of 100.
    PlacementChange.objects.filter(placement__in=proposed).delete()
    proposed._raw_delete(proposed.db)
    placed = Placement.objects.filter(nomination__season=season, status__in=HOLDS_CAPACITY)
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
            explanation=explain(interests[student_id], outcome.interest_rank[student_id]),
        )
        for student_id, lab_id in sorted(outcome.matches.items())
    ]
    created = Placement.objects.bulk_create(placements)
    _record_matches(season, actor)
    reasons = {
        matching.NO_INTERESTS: _("The student has no research interests."),
        matching.NO_LAB_FOR_INTERESTS: _("No lab covers the student's research interests."),
        matching.LABS_FULL: _(
            "Every lab for the student's interests is full with students it ranks higher."
        ),
        matching.DECLINED_BY_ALL: _("Every lab for the student's interests has declined them."),
    }
    return MatchResult(
        proposed=len(created),
        unmatched={student_id: reasons[code] for student_id, code in outcome.unmatched.items()},
    )


def _students_to_place(season: Season, placed) -> list[matching.Student]:
    nominations = (
        Nomination.objects.filter(season=season, status__in=PLACEABLE)
        .exclude(pk__in=placed.values("nomination_id"))
        .values_list("pk", "english_level", "rank")
    )
    interests: dict[int, list[int]] = {}
    for nomination_id, field_id in (
        ResearchInterest.objects.filter(nomination__season=season, nomination__status__in=PLACEABLE)
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


def _labs_with_free_places(season: Season, placed) -> dict[int, matching.Lab]:
    taken = dict(placed.values("lab_id").annotate(n=Count("pk")).values_list("lab_id", "n"))
    fields: dict[int, set[int]] = {}
    for lab_id, field_id in Lab.fields.through.objects.values_list("lab_id", "researchfield_id"):
        fields.setdefault(lab_id, set()).add(field_id)
    return {
        lab_id: matching.Lab(
            id=lab_id,
            fields=frozenset(fields.get(lab_id, ())),
            capacity=capacity - taken.get(lab_id, 0),
            min_english=cefr_index(min_english),
        )
        for lab_id, capacity, min_english in Lab.objects.values_list(
            "pk", "capacity", "min_english_level"
        )
    }


def _record_matches(season: Season, actor: User) -> None:
    """A history row for each of the season's proposals, with its explanation, copied by the
    database in one statement: bulk_create would spend seconds of Python on 10,000 rows."""
    changes, placements, nominations = (
        model._meta.db_table for model in (PlacementChange, Placement, Nomination)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {changes} (placement_id, action, from_status, to_status, actor_id, "
            f"actor_label, comment, created_at) "
            f"SELECT p.id, %s, '', %s, %s, %s, p.explanation, %s FROM {placements} p "
            f"JOIN {nominations} n ON n.id = p.nomination_id "
            f"WHERE n.season_id = %s AND p.status = %s",
            [
                "match",
                Status.PROPOSED.value,
                actor.pk,
                actor_label(actor, _("the system")),
                connection.ops.adapt_datetimefield_value(timezone.now()),
                season.pk,
                Status.PROPOSED.value,
            ],
        )


def _explainer(field_names: dict[int, str]) -> Callable[[tuple[int, ...], int], str]:
    """Why a student got their lab, in words; each sentence is translated once per run, not
    once per student (10,000 translations take half a second)."""

    @functools.cache
    def sentence(rank: int, field_id: int) -> str:
        return _("Matched on the student's research interest %(rank)s: %(field)s.") % {
            "rank": rank,
            "field": field_names.get(field_id, "?"),
        }

    return lambda interests, rank: sentence(rank, interests[rank - 1])


# --- mail and reminders ----------------------------------------------------------------------


def _lab_hosts(lab_id: int) -> list[Recipient]:
    return [
        Recipient.for_user(user)
        for user in User.objects.filter(role=Role.LAB_HOST, lab_id=lab_id, is_active=True)
    ]


def _coordinators(city_id: int) -> list[Recipient]:
    return [
        Recipient.for_user(user)
        for user in User.objects.filter(role=Role.COORDINATOR, city_id=city_id, is_active=True)
    ]


def _portal_url(placement: Placement) -> str:
    return absolute_url(reverse("placements:detail", args=[placement.pk]))


def respond_by(placement: Placement) -> dt.date:
    offered = timezone.localdate(placement.offered_at or timezone.now())
    return offered + dt.timedelta(days=settings.PLACEMENT_REMINDER_DAYS)


def _mail(placement: Placement, action: str, comment: str) -> None:
    nomination = placement.nomination
    base = {
        "lab": placement.lab.name,
        "student": nomination.full_name,
        "season": nomination.season.year,
        "url": _portal_url(placement),
    }
    if action == "offer":
        interests = ", ".join(i.field.name for i in nomination.interests.select_related("field"))
        notify(
            "placement_offered",
            about=placement,
            recipients=_lab_hosts(placement.lab_id),
            context=base
            | {
                "city": nomination.city.name,
                "interests": interests,
                "respond_by": respond_by(placement),
            },
        )
        return
    if action not in {"accept", "decline"}:
        return
    event = "placement_accepted" if action == "accept" else "placement_declined"
    context = base | {"comment": comment}
    if action == "accept":
        context |= {
            "institute": placement.lab.institute.name,
            "starts_on": placement.starts_on,
            "ends_on": placement.ends_on,
        }
    staff = [*_coordinators(nomination.city_id), Recipient.office()]
    notify(event, about=placement, recipients=staff, context=context)
    if action == "accept" and nomination.email:
        # The student hears where they will work; a decline is the office's to resolve first.
        student = Recipient(nomination.email, nomination.language, nomination.full_name)
        notify(event, about=placement, recipients=[student], context=context | {"url": ""})


def send_offer_reminders(now: dt.datetime | None = None) -> tuple[int, int]:
    """Remind lab hosts of offers unanswered for a while, then tell the office. Idempotent."""
    now = now or timezone.now()
    remind_before = now - dt.timedelta(days=settings.PLACEMENT_REMINDER_DAYS)
    escalate_before = now - dt.timedelta(days=settings.PLACEMENT_ESCALATION_DAYS)
    # The lab has as long to answer the reminder as the escalation comes after it, also when an
    # offer is first seen late (beat stopped for a while): never a reminder and an escalation at
    # once.
    reminded_before = now - dt.timedelta(
        days=settings.PLACEMENT_ESCALATION_DAYS - settings.PLACEMENT_REMINDER_DAYS
    )
    pending = Placement.objects.filter(status=Status.OFFERED).select_related(
        "nomination__season", "lab"
    )
    reminded = escalated = 0
    for placement in pending.filter(reminded_at__isnull=True, offered_at__lte=remind_before):
        with transaction.atomic():
            notify(
                "placement_reminder",
                about=placement,
                occasion="reminder",
                recipients=_lab_hosts(placement.lab_id),
                context=_reminder_context(placement),
            )
            Placement.objects.filter(pk=placement.pk).update(reminded_at=now)
        reminded += 1
    for placement in pending.filter(
        reminded_at__lte=reminded_before, escalated_at__isnull=True, offered_at__lte=escalate_before
    ):
        with transaction.atomic():
            notify(
                "placement_escalation",
                about=placement,
                occasion="escalation",
                recipients=[Recipient.office()],
                context=_reminder_context(placement),
            )
            Placement.objects.filter(pk=placement.pk).update(escalated_at=now)
        escalated += 1
    return reminded, escalated


def _reminder_context(placement: Placement) -> dict:
    return {
        "lab": placement.lab.name,
        "student": placement.nomination.full_name,
        "season": placement.nomination.season.year,
        "offered_on": timezone.localdate(placement.offered_at),
        "url": _portal_url(placement),
    }
