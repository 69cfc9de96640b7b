"""A placement's transitions and who may take them, proposals by hand, and the lab's capacity
under concurrency."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.accounts.services import ensure_organiser
from ish.errors import RuleViolation
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement, PlacementChange
from ish.placements.services import mail
from ish.seasons.models import Season
from ish.workflow import Action, Workflow

Status = Placement.Status


# Organisers may take every action; a lab's hosts answer the offers to their own lab.
WORKFLOW = Workflow(
    actions=(
        Action("offer", {Status.PROPOSED}, Status.OFFERED, label=gettext_lazy("Offer")),
        Action("accept", {Status.OFFERED}, Status.ACCEPTED, {Role.LAB_HOST},
               gettext_lazy("Accept")),
        Action("decline", {Status.OFFERED}, Status.DECLINED, {Role.LAB_HOST},
               gettext_lazy("Decline")),
        Action("cancel", set(Placement.ACTIVE), Status.CANCELLED, label=gettext_lazy("Cancel")),
    ),
    refused=gettext_lazy("A placement with the status “%(status)s” cannot move to “%(target)s”."),
    forbidden=gettext_lazy("Your role may not use “%(action)s” on this placement."),
    in_scope=lambda user, placement: user.lab_id == placement.lab_id,
)  # fmt: skip


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
    ensure_organiser(actor)
    # The season first, as a matching run locks it: no run may propose this student meanwhile.
    Season.objects.select_for_update(no_key=True).get(pk=nomination.season_id)
    nomination = (
        Nomination.objects.select_for_update(no_key=True, of=("self",))
        .select_related("season")
        .get(pk=nomination.pk)
    )
    if nomination.status not in Nomination.HOLDS_A_PLACE:
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
    PlacementChange.record(placement, "propose", "", actor=actor, comment=comment)
    return placement


@transaction.atomic
def update_placement(placement: Placement, *, actor: User, **fields) -> Placement:
    """Change the dates or comment of an active placement, or the lab while only proposed."""
    ensure_organiser(actor)
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("nomination__season")
        .get(pk=placement.pk)
    )
    if placement.status not in Placement.ACTIVE:
        raise RuleViolation(
            _("A placement with the status “%(status)s” cannot be changed.")
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
        ) % {"start": date_format(season.starts_on), "end": date_format(season.ends_on)}
    if not season.starts_on <= placement.ends_on <= season.ends_on:
        errors["ends_on"] = _(
            "The last day must lie within the programme (%(start)s – %(end)s)."
        ) % {"start": date_format(season.starts_on), "end": date_format(season.ends_on)}
    if not errors and placement.ends_on < placement.starts_on:
        errors["ends_on"] = _("The last day must not be before the first.")
    if errors:
        raise ValidationError(errors)


# --- transitions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionResult:
    """A transition taken: the placement as it is now and the e-mails it wrote (none to a lab
    without a host account)."""

    placement: Placement
    emails: tuple[OutboundEmail, ...] = ()


def perform(
    placement: Placement,
    action_name: str,
    *,
    actor: User | None,
    comment: str = "",
    reason: str = "",
) -> Placement:
    """Take one transition under the rules; `actor=None` is the system (a withdrawal), which
    gives a `reason` code rather than a comment."""
    return transition(placement, action_name, actor=actor, comment=comment, reason=reason).placement


def transition(
    placement: Placement,
    action_name: str,
    *,
    actor: User | None,
    comment: str = "",
    reason: str = "",
) -> TransitionResult:
    """`perform`, saying which e-mails the transition wrote, for a message that tells the truth."""
    WORKFLOW.ensure_may(actor, placement, action_name)
    with transaction.atomic():
        # Lock order: the lab, then the placement. Counting acceptances under the lab's lock is
        # what keeps a lab within its capacity however many hosts click at once. Only the
        # placement's own row: locking the joined student too would deadlock with a withdrawal,
        # which holds the student and then comes for the lab.
        lab = Lab.objects.select_for_update(no_key=True).get(pk=placement.lab_id)
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("nomination__season", "nomination__city", "lab__institute")
            .filter(pk=placement.pk)
            .first()
        )
        if placement is None:  # a matching run has just replaced this proposal
            raise RuleViolation(
                _("This proposal was replaced by a matching run a moment ago; reload the page.")
            )
        WORKFLOW.ensure_from(placement, action_name)
        if action_name == "accept":
            _check_capacity(lab, placement.nomination.season)
        from_status = WORKFLOW.move(placement, action_name)
        now = timezone.now()
        if action_name == "offer":
            placement.offered_at = now
        elif action_name in {"accept", "decline"}:
            placement.answered_at = now
        if comment:
            placement.comment = comment
        placement.save()
        PlacementChange.record(
            placement, action_name, from_status, actor=actor, comment=comment, reason=reason
        )
        # The system's own reason (a withdrawal) stays in the history: it is neither the lab's
        # nor the office's comment.
        emails = mail.transition(placement, action_name, from_status, comment)
    return TransitionResult(placement, tuple(emails))


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


def cancel_for_withdrawal(nomination: Nomination) -> None:
    """A withdrawn student's active placement is released (the student's lifecycle calls it)."""
    for placement in nomination.placements.filter(status__in=Placement.ACTIVE):
        perform(placement, "cancel", actor=None, reason="nomination_withdrawn")
