"""Offering a season's proposals to the labs in one action, and reminding the labs of offers
they have not answered."""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.labs.models import Lab
from ish.notifications.models import OutboundEmail
from ish.notifications.services import notify_all
from ish.placements.models import Placement, PlacementChange
from ish.placements.services import mail
from ish.seasons.models import Season

Status = Placement.Status


@dataclass(frozen=True)
class OfferResult:
    """What offering the proposals did: how many were offered, the e-mails written (one to each
    active host of each lab), and the labs offered to that have no active host account, whose
    offers nobody was told of and nobody can answer yet."""

    offered: int = 0
    emails: tuple[OutboundEmail, ...] = ()
    labs_without_host: tuple[Lab, ...] = ()  # by name


@transaction.atomic
def offer_all(season: Season, *, actor: User) -> OfferResult:
    """Offer every proposed placement of the season to its lab, with one e-mail to each lab's
    hosts. A fixed number of queries for any number of proposals and labs."""
    ensure_organiser(actor)
    # The lock a matching run and a proposal by hand take: no run can replace these proposals
    # (and delete their history) while they are being offered, and no new one appears.
    Season.objects.select_for_update(no_key=True).get(pk=season.pk)
    proposed = Placement.objects.filter(nomination__season=season, status=Status.PROPOSED)
    # Then the labs and the proposals, in the order every transition takes them (perform()).
    list(
        Lab.objects.select_for_update(no_key=True)
        .filter(pk__in=proposed.values("lab_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    placements = list(
        proposed.select_for_update(of=("self",))
        .select_related("nomination__season", "nomination__city", "lab")
        .prefetch_related(mail.OFFER_PREFETCH)
        .order_by("lab_id", "pk")
    )
    if not placements:
        return OfferResult()
    now = timezone.now()
    proposed.update(status=Status.OFFERED, offered_at=now)  # exactly the rows locked above
    for placement in placements:
        placement.status, placement.offered_at = Status.OFFERED, now
    PlacementChange.objects.bulk_create(
        PlacementChange.entry(placement, "offer", Status.PROPOSED, actor=actor)
        for placement in placements
    )
    hosts = mail.lab_hosts({placement.lab_id for placement in placements})
    by_lab = [list(group) for _lab, group in groupby(placements, key=lambda p: p.lab_id)]
    emails = notify_all(
        mail.offer_message(offered[0].lab, offered, hosts[offered[0].lab_id])
        for offered in by_lab
        if hosts[offered[0].lab_id]
    )
    without_host = sorted(
        (offered[0].lab for offered in by_lab if not hosts[offered[0].lab_id]),
        key=lambda lab: (lab.name, lab.pk),
    )
    return OfferResult(len(placements), tuple(emails), tuple(without_host))


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
        if _still_unanswered(placement, reminded_at=now):
            reminded += 1
    for placement in pending.filter(
        reminded_at__lte=reminded_before, escalated_at__isnull=True, offered_at__lte=escalate_before
    ):
        if _still_unanswered(placement, escalated_at=now):
            escalated += 1
    return reminded, escalated


def _still_unanswered(placement: Placement, **mark: dt.datetime) -> bool:
    """Mail the reminder (or the escalation: `escalated_at`) and mark it sent, unless the lab
    answered since the offers were read or another beat run holds the offer."""
    with transaction.atomic():
        locked = (
            Placement.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                pk=placement.pk, status=Status.OFFERED, **{f"{name}__isnull": True for name in mark}
            )
            .exists()
        )
        if not locked:
            return False
        mail.reminder(placement, escalate="escalated_at" in mark)
        Placement.objects.filter(pk=placement.pk).update(**mark)
    return True
