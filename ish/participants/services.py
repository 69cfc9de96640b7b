"""The student's lifecycle across areas, in one place: what accepting, withdrawing and confirming
a student means for their lab placement, their bed and their self-service link, and the details
that housing's warnings read. Views and the API take a nomination's transitions through
`perform`, and change a nomination's data through `update_details`.

Nominations knows only its own transitions; the effects elsewhere are called here, explicitly,
in the transaction of the change that causes them. Locks are taken in one order everywhere, so
that no two operations wait for each other: the city's quota → the nomination → a lab → its
placement → the student's beds → the link.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.housing import rules as housing_rules
from ish.housing import services as housing
from ish.nominations import services as nominations
from ish.nominations.models import Nomination
from ish.participants import links
from ish.participants.models import ParticipantLink
from ish.placements import services as placements
from ish.seasons.models import Quota

# What the student may change through their link; nothing else of the nomination.
EDITABLE = [
    "arrival_at",
    "departure_at",
    "arrival_details",
    "dietary_requirements",
    "allergies",
    "emergency_contact_name",
    "emergency_contact_phone",
]
# What the office needs before the student comes: confirming asks for these.
NEEDED_TO_CONFIRM = (
    "arrival_at",
    "departure_at",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def perform(
    nomination: Nomination,
    action_name: str,
    *,
    actor: User,
    comment: str = "",
    over_quota: bool = False,
) -> Nomination:
    """A nomination's transition as the portal and the API take it, with what it means for the
    student elsewhere (see `accept` and `withdraw`)."""
    if action_name == "accept":
        return accept(nomination, actor=actor, comment=comment, over_quota=over_quota)
    if action_name == "withdraw":
        return withdraw(nomination, actor=actor, comment=comment)
    return nominations.perform(
        nomination, action_name, actor=actor, comment=comment, over_quota=over_quota
    )


@transaction.atomic
def accept(
    nomination: Nomination, *, actor: User, comment: str = "", over_quota: bool = False
) -> Nomination:
    """The office accepts the student, who is mailed their self-service link (if we have their
    address) to confirm and enter their travel."""
    nomination = nominations.perform(
        nomination, "accept", actor=actor, comment=comment, over_quota=over_quota
    )
    if nomination.email:
        links.send_link(nomination)
    return nomination


@transaction.atomic
def withdraw(nomination: Nomination, *, actor: User, comment: str = "") -> Nomination:
    """The student leaves: their lab placement and beds go back to the pool (the lab, the hosts
    and the student are told of what was promised) and their link stops working."""
    nomination = nominations.perform(nomination, "withdraw", actor=actor, comment=comment)
    placements.cancel_for_withdrawal(nomination)
    housing.cancel_for_withdrawal(nomination)
    links.revoke(nomination)
    return nomination


@transaction.atomic
def update_details(nomination: Nomination, *, actor: User, interests=None, **fields) -> Nomination:
    """Change a nomination's data (the office or, for drafts, its coordinator); the warnings of
    the student's beds follow the details they are made of (a later arrival, a new allergy)."""
    nomination = nominations.update_nomination(
        nomination, actor=actor, interests=interests, **fields
    )
    if housing_rules.WARNINGS_READ & set(fields):
        housing.refresh_warnings(nomination)
    return nomination


@transaction.atomic
def answer(link: ParticipantLink, *, attending: bool, **fields) -> Nomination:
    """Save what the student entered through their link; confirming attendance confirms the
    nomination, and their beds' warnings follow what they reported."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable through the link: {sorted(unknown)}")
    # The lock order: the city's quota (confirming below takes it), then the student.
    list(
        Quota.objects.select_for_update(no_key=True).filter(
            season_id=link.nomination.season_id, city_id=link.nomination.city_id
        )
    )
    nomination = Nomination.objects.select_for_update(no_key=True).get(pk=link.nomination_id)
    for name, value in fields.items():
        setattr(nomination, name, value)
    _validate_answer(nomination, attending)
    nomination.full_clean(exclude=["created_by"])
    nomination.save()
    housing.refresh_warnings(nomination)  # e.g. a newly reported allergy to the host's cat
    ParticipantLink.objects.filter(pk=link.pk).update(answered_at=timezone.now())
    if attending and nomination.status == Nomination.Status.ACCEPTED:
        nomination = nominations.perform(
            nomination, "confirm", actor=None, reason="confirmed_by_student"
        )
    return nomination


def _validate_answer(nomination: Nomination, attending: bool) -> None:
    errors = answer_errors(nomination, attending)
    if errors:
        raise ValidationError(errors)


def answer_errors(nomination: Nomination, attending: bool) -> dict[str, str]:
    """What is wrong with a student's answer beyond the model's rules: travel within the
    programme's window; what the office needs before the student comes."""
    errors = {}
    season = nomination.season
    window_start = season.starts_on - dt.timedelta(days=settings.ARRIVAL_WINDOW_DAYS)
    window_end = season.ends_on + dt.timedelta(days=settings.ARRIVAL_WINDOW_DAYS)
    for name in ("arrival_at", "departure_at"):
        value = getattr(nomination, name)
        if value and not window_start <= timezone.localdate(value) <= window_end:
            errors[name] = _("Please choose a date between %(start)s and %(end)s.") % {
                "start": date_format(window_start),
                "end": date_format(window_end),
            }
    if attending:
        for name in NEEDED_TO_CONFIRM:
            if not getattr(nomination, name):
                errors.setdefault(name, _("Please fill this in to confirm your participation."))
    return errors
