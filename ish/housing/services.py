"""Every change to housing, with its rules: beds per night under a lock on the accommodation,
availability, one bed per student and night, confirming and cancelling. Suggestions are in
ish.housing.suggestions. The rules
that only read (the stay a student needs, the warnings) are in ish.housing.rules, the e-mails
in ish.housing.mail."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.errors import RuleViolation
from ish.housing import mail
from ish.housing.models import Accommodation, HousingAssignment, HousingChange
from ish.housing.rules import (
    coverage_warnings,
    default_stay,
    nights_between,
    nights_without_bed,
    warnings_for,
)
from ish.nominations.models import Nomination
from ish.seasons.models import Season
from ish.workflow import Action, Workflow

Status = HousingAssignment.Status
# Only organisers house students. Proposing, suggesting and changing a bed are events of the
# history, not transitions; cancelling a cancelled bed is a no-op, so only confirming refuses.
WORKFLOW = Workflow(
    actions=(
        Action("confirm", {Status.PROPOSED}, Status.CONFIRMED, label=gettext_lazy("Confirm")),
        Action("cancel", set(HousingAssignment.OCCUPYING), Status.CANCELLED,
               label=gettext_lazy("Cancel")),
    ),
    refused=gettext_lazy("Only a proposed assignment can be confirmed; this one is %(status)s."),
    forbidden=gettext_lazy("Only the ISH office may do this."),
)  # fmt: skip


def occupancy(accommodation_ids, start: dt.date, end: dt.date, exclude_pk=None) -> Counter:
    """Guests per (accommodation id, night) for the nights in [start, end)."""
    guests: Counter = Counter()
    assignments = HousingAssignment.objects.filter(
        accommodation_id__in=accommodation_ids,
        status__in=HousingAssignment.OCCUPYING,
        check_in__lt=end,
        check_out__gt=start,
    ).exclude(pk=exclude_pk)
    for accommodation_id, check_in, check_out in assignments.values_list(
        "accommodation_id", "check_in", "check_out"
    ):
        night = max(check_in, start)
        while night < min(check_out, end):
            guests[accommodation_id, night] += 1
            night += dt.timedelta(days=1)
    return guests


def _check_bed(
    accommodation: Accommodation, check_in: dt.date, check_out: dt.date, exclude_pk=None
) -> None:
    errors = {}
    if check_out <= check_in:
        errors["check_out"] = _("Check-out must be after check-in.")
    if check_in < accommodation.available_from:
        errors["check_in"] = _("%(place)s is available from %(date)s only.") % {
            "place": accommodation.name,
            "date": date_format(accommodation.available_from),
        }
    if check_out > accommodation.available_until:
        errors["check_out"] = _("%(place)s is available until %(date)s only.") % {
            "place": accommodation.name,
            "date": date_format(accommodation.available_until),
        }
    if errors:
        raise ValidationError(errors)
    guests = occupancy([accommodation.pk], check_in, check_out, exclude_pk)
    for night in nights_between(check_in, check_out):
        if guests[accommodation.pk, night] >= accommodation.beds:
            raise RuleViolation(
                _(
                    "%(place)s has no free bed on the night of %(night)s: all %(beds)s beds are "
                    "taken."
                )
                % {
                    "place": accommodation.name,
                    "night": date_format(night),
                    "beds": accommodation.beds,
                }
            )


def _check_student(nomination: Nomination, check_in, check_out, exclude_pk=None) -> None:
    if nomination.status not in Nomination.HOLDS_A_PLACE:
        raise RuleViolation(
            _("Only accepted or confirmed students are housed; this one is %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    overlapping = (
        nomination.housing.filter(
            status__in=HousingAssignment.OCCUPYING, check_in__lt=check_out, check_out__gt=check_in
        )
        .exclude(pk=exclude_pk)
        .select_related("accommodation")
        .first()
    )
    if overlapping:
        raise RuleViolation(
            _("%(student)s already has a bed at %(place)s for some of these nights.")
            % {"student": nomination.full_name, "place": overlapping.accommodation.name}
        )


# --- places ----------------------------------------------------------------------------------


@transaction.atomic
def update_accommodation(accommodation: Accommodation, *, actor: User, **fields) -> Accommodation:
    """Change a place under its lock: fewer beds or a shorter availability must still hold every
    guest it has; its guests' warnings follow what it now offers."""
    ensure_organiser(actor)
    accommodation = Accommodation.objects.select_for_update(no_key=True).get(pk=accommodation.pk)
    for name, value in fields.items():
        setattr(accommodation, name, value)
    accommodation.full_clean()
    stays = list(
        accommodation.assignments.filter(status__in=HousingAssignment.OCCUPYING)
        .select_related("nomination")
        .order_by("check_in", "pk")
    )
    for stay in stays:
        if (
            stay.check_in < accommodation.available_from
            or stay.check_out > accommodation.available_until
        ):
            raise RuleViolation(
                _(
                    "%(place)s must stay available from %(check_in)s to %(check_out)s: "
                    "%(student)s stays there."
                )
                % {
                    "student": stay.nomination.full_name,
                    "place": accommodation.name,
                    "check_in": date_format(stay.check_in),
                    "check_out": date_format(stay.check_out),
                }
            )
    if stays:
        start, end = stays[0].check_in, max(stay.check_out for stay in stays)
        guests = occupancy([accommodation.pk], start, end)
        for (_place, night), count in sorted(guests.items()):
            if count > accommodation.beds:
                raise RuleViolation(
                    _(
                        "%(place)s needs %(guests)s beds: it has as many guests on the night of "
                        "%(night)s."
                    )
                    % {"place": accommodation.name, "guests": count, "night": date_format(night)}
                )
    accommodation.save()
    # The guests next (the lock order everywhere: place, student, bed): their beds' warnings are
    # rewritten below, which a cancellation or a change of theirs must not do at the same time.
    guests = {stay.nomination_id for stay in stays}
    list(Nomination.objects.select_for_update(no_key=True).filter(pk__in=guests).order_by("pk"))
    _refresh_warnings(guests, only_at=accommodation)
    return accommodation


# --- assigning by hand -----------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    actor: User,
    nomination: Nomination,
    accommodation: Accommodation,
    check_in: dt.date | None = None,
    check_out: dt.date | None = None,
) -> HousingAssignment:
    """Propose a bed; beds per night are counted under a lock on the accommodation, the
    student's other beds under a lock on the nomination (lock order: place, student, bed)."""
    ensure_organiser(actor)
    accommodation = Accommodation.objects.select_for_update(no_key=True).get(pk=accommodation.pk)
    nomination = (
        Nomination.objects.select_for_update(no_key=True, of=("self",))
        .select_related("season")
        .get(pk=nomination.pk)
    )
    default_in, default_out = _first_gap(nomination)
    check_in, check_out = check_in or default_in, check_out or default_out
    _check_student(nomination, check_in, check_out)
    _check_bed(accommodation, check_in, check_out)
    assignment = HousingAssignment.objects.create(
        nomination=nomination,
        accommodation=accommodation,
        check_in=check_in,
        check_out=check_out,
    )
    HousingChange.record(assignment, "propose", "", actor=actor)
    assignment.warnings = _refresh_warnings({nomination.pk})[assignment.pk]
    return assignment


def _first_gap(nomination: Nomination) -> tuple[dt.date, dt.date]:
    """The first nights of the student's stay without a bed, or (if every night has one) their
    whole stay, which the check for overlapping beds then refuses by name."""
    stays = nomination.housing.filter(status__in=HousingAssignment.OCCUPYING).values_list(
        "check_in", "check_out"
    )
    return next(iter(nights_without_bed(nomination, stays)), default_stay(nomination))


@transaction.atomic
def change(assignment: HousingAssignment, *, actor: User, **fields) -> HousingAssignment:
    """Move the dates or the place; a confirmed assignment's student and host are told again."""
    ensure_organiser(actor)
    new_place_id = fields["accommodation"].pk if "accommodation" in fields else None
    # Lock both places, in id order (as everywhere), before counting their nights.
    places = {
        place.pk: place
        for place in Accommodation.objects.select_for_update(no_key=True)
        .filter(pk__in={assignment.accommodation_id, new_place_id} - {None})
        .order_by("pk")
    }
    if new_place_id is not None:
        fields["accommodation"] = places[new_place_id]  # as locked, not as the caller read it
    # Then the student, whose other beds are counted, then the bed (the order withdrawal keeps).
    list(Nomination.objects.select_for_update(no_key=True).filter(pk=assignment.nomination_id))
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.is_occupying:
        raise RuleViolation(_("A cancelled assignment cannot be changed."))
    if assignment.accommodation_id not in places:  # moved meanwhile: its place is not locked
        raise RuleViolation(
            _("This bed was moved to another place a moment ago; reload the page and try again.")
        )
    fields = {name: value for name, value in fields.items() if getattr(assignment, name) != value}
    if not fields:
        return assignment  # nothing new: no new version, no e-mail
    told = (assignment.accommodation, assignment.check_in, assignment.check_out)
    for name, value in fields.items():
        setattr(assignment, name, value)
    _check_student(
        assignment.nomination, assignment.check_in, assignment.check_out, exclude_pk=assignment.pk
    )
    _check_bed(
        assignment.accommodation,
        assignment.check_in,
        assignment.check_out,
        exclude_pk=assignment.pk,
    )
    assignment.version += 1
    assignment.save()
    HousingChange.record(assignment, "change", assignment.status, actor=actor)
    assignment.warnings = _refresh_warnings({assignment.nomination_id})[assignment.pk]
    if assignment.is_confirmed:
        mail.tell_assigned(assignment)
        old_place, old_in, old_out = told
        if old_place.pk != assignment.accommodation_id:  # the old host no longer expects them
            mail.tell_host_cancelled(
                assignment, place=old_place, check_in=old_in, check_out=old_out
            )
    return assignment


@transaction.atomic
def confirm(assignment: HousingAssignment, *, actor: User) -> HousingAssignment:
    ensure_organiser(actor)
    assignment = _confirmed(assignment, actor)
    mail.tell_assigned(assignment)
    return assignment


def _confirmed(assignment: HousingAssignment, actor: User) -> HousingAssignment:
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    from_status = WORKFLOW.move(assignment, "confirm")
    assignment.confirmed_at = timezone.now()
    assignment.save(update_fields=["status", "confirmed_at"])
    HousingChange.record(assignment, "confirm", from_status, actor=actor)
    return assignment


@dataclass(frozen=True)
class ConfirmResult:
    """How many proposals were confirmed, and what telling the students and hosts wrote."""

    confirmed: int
    told: mail.Told


@transaction.atomic
def confirm_all(season: Season, *, actor: User) -> ConfirmResult:
    """Confirm every proposed assignment of the season in one action; their e-mails are stored
    together."""
    ensure_organiser(actor)
    proposed = HousingAssignment.objects.filter(
        nomination__season=season, status=Status.PROPOSED
    ).order_by("pk")
    confirmed = [_confirmed(assignment, actor) for assignment in proposed]
    if not confirmed:
        return ConfirmResult(0, mail.Told())
    return ConfirmResult(len(confirmed), mail.tell_all_assigned(confirmed))


@transaction.atomic
def cancel(
    assignment: HousingAssignment, *, actor: User | None, comment: str = "", reason: str = ""
) -> None:
    """Free the bed. A confirmed one was promised: the student and the host are told (with the
    office's comment, if any); a proposal was never sent, so nobody is. `actor=None` is the
    system, which gives a `reason` code rather than a comment."""
    if actor is not None:
        ensure_organiser(actor)
    # The student first, whose other beds' warnings follow, then the bed (as in change()).
    list(Nomination.objects.select_for_update(no_key=True).filter(pk=assignment.nomination_id))
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status == Status.CANCELLED:
        return
    from_status = WORKFLOW.move(assignment, "cancel")
    if from_status == Status.CONFIRMED:
        assignment.version += 1  # a change the student and the host must hear about
    assignment.save(update_fields=["status", "version"])
    HousingChange.record(
        assignment, "cancel", from_status, actor=actor, comment=comment, reason=reason
    )
    _refresh_warnings({assignment.nomination_id})
    if from_status == Status.CONFIRMED:  # the system's own reason stays in the history
        mail.tell_student_cancelled(assignment, comment)
        mail.tell_host_cancelled(assignment, comment=comment)


def refresh_warnings(nomination: Nomination) -> None:
    """The student's details changed (through their link): their beds' warnings follow, from
    their allergies to the nights between their new arrival and departure without a bed."""
    _refresh_warnings({nomination.pk})


def _refresh_warnings(
    nomination_ids: set[int], only_at: Accommodation | None = None
) -> dict[int, list[dict]]:
    """Give the students' proposed and confirmed beds (or only those at `only_at`) the warnings
    of their place and of the nights all the student's beds leave uncovered; returns them by
    assignment id."""
    stays = list(
        HousingAssignment.objects.filter(
            nomination_id__in=nomination_ids, status__in=HousingAssignment.OCCUPYING
        )
        .select_related("nomination__season", "accommodation")
        .order_by("check_in", "pk")
    )
    per_student = defaultdict(list)
    for stay in stays:
        per_student[stay.nomination_id].append(stay)
    changed = []
    for beds in per_student.values():
        student = beds[0].nomination
        stays = [(bed.check_in, bed.check_out) for bed in beds]
        uncovered = coverage_warnings(nights_without_bed(student, stays))
        for bed in beds:
            if only_at is None or bed.accommodation_id == only_at.pk:
                bed.warnings = warnings_for(student, bed.accommodation) + uncovered
                changed.append(bed)
    HousingAssignment.objects.bulk_update(changed, ["warnings"])
    return {bed.pk: bed.warnings for bed in changed}


def cancel_for_withdrawal(nomination: Nomination) -> None:
    """A withdrawn student's beds go back to the pool (the student's lifecycle calls it); the
    hosts of confirmed ones, and the student, are told."""
    for assignment in nomination.housing.filter(status__in=HousingAssignment.OCCUPYING):
        cancel(assignment, actor=None, reason="nomination_withdrawn")
