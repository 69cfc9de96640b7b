"""A placement's transitions and who may take them, proposals by hand, and the lab's capacity
under concurrency."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.errors import RuleViolation
from ish.history import actor_label
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement, PlacementChange
from ish.placements.services import mail
from ish.seasons.models import Season

Status = Placement.Status


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


def change(
    placement: Placement, action: str, from_status: str, actor: User | None, comment: str = ""
) -> PlacementChange:
    """The history row of a transition, unsaved (offering all saves many at once)."""
    return PlacementChange(
        placement=placement,
        action=action,
        from_status=from_status,
        to_status=placement.status,
        actor=actor,
        actor_label=actor_label(actor, gettext_lazy("the system")),
        comment=comment,
    )


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
    change(placement, "propose", "", actor, comment).save()
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
        # The system's own reason (a withdrawal) goes into the history only: it is neither the
        # lab's nor the office's comment, and mailed it would be in the withdrawer's language.
        told = comment if actor is not None else ""
        if told:
            placement.comment = told
        placement.save()
        change(placement, action.name, from_status, actor, comment).save()
        mail.transition(placement, action.name, from_status, told)
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
    with translation.override(settings.LANGUAGE_CODE):  # stored in the history
        reason = _("The nomination was withdrawn.")
    for placement in nomination.placements.filter(status__in=Placement.ACTIVE):
        perform(placement, "cancel", actor=None, comment=reason)
