"""The placement e-mails: offers to the lab's hosts, the lab's answer to the student, their
coordinators and the office, a cancelled acceptance to the lab, and the reminders of unanswered
offers."""

import datetime as dt
import hashlib
from collections.abc import Collection, Sequence

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from ish.accounts.models import Role, User
from ish.labs.models import Lab
from ish.nominations.models import ResearchInterest
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Message, Recipient, absolute_url, notify, notify_all
from ish.placements.models import Placement
from ish.seasons.names import field_names_lazy


def lab_host_accounts() -> QuerySet[User]:
    """The accounts a lab's offers are mailed to and answered by: its active lab hosts."""
    return User.objects.filter(role=Role.LAB_HOST, is_active=True)


def lab_hosts(lab_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """The active hosts of each lab, in one query."""
    hosts: dict[int, list[Recipient]] = {lab_id: [] for lab_id in lab_ids}
    for user in lab_host_accounts().filter(lab_id__in=lab_ids):
        hosts[user.lab_id].append(Recipient.for_user(user))
    return hosts


def _coordinators(city_id: int) -> list[Recipient]:
    return [
        Recipient.for_user(user)
        for user in User.objects.filter(role=Role.COORDINATOR, city_id=city_id, is_active=True)
    ]


def portal_url(placement: Placement) -> str:
    return absolute_url(reverse("placements:detail", args=[placement.pk]))


def respond_by(placement: Placement) -> dt.date:
    offered = timezone.localdate(placement.offered_at or timezone.now())
    return offered + dt.timedelta(days=settings.PLACEMENT_REMINDER_DAYS)


# What an offer needs of the students, for prefetch_related(): their interests, by rank.
OFFER_PREFETCH = Prefetch(
    "nomination__interests", queryset=ResearchInterest.objects.select_related("field")
)


def _offer_context(placement: Placement) -> dict:
    nomination = placement.nomination
    return {
        "lab": placement.lab.name,
        "student": nomination.full_name,
        "city": nomination.city,
        "season": nomination.season.year,
        # prefetched with OFFER_PREFETCH, strongest first
        "interests": field_names_lazy(
            [interest.field.name for interest in nomination.interests.all()]
        ),
        "url": portal_url(placement),
        "respond_by": respond_by(placement),
    }


def offers(
    lab: Lab, placements: Sequence[Placement], hosts: list[Recipient]
) -> list[OutboundEmail]:
    """One e-mail to each host of the lab about the students just offered to it."""
    return notify_all([offer_message(lab, placements, hosts)])


def offer_message(lab: Lab, placements: Sequence[Placement], hosts: list[Recipient]) -> Message:
    """The offer of the students just offered to a lab, for its hosts: the usual offer for one
    student, else a list of them with a link to each."""
    students = [_offer_context(placement) for placement in placements]
    if len(students) == 1:
        return Message("placement_offered", placements[0], hosts, students[0])
    # These offers are mailed once, however often the sending is retried; a later batch of
    # offers to the same lab is another occasion.
    ids = ",".join(str(placement.pk) for placement in placements)
    return Message(
        "placement_offers",
        about=lab,
        occasion="offers:" + hashlib.sha256(ids.encode()).hexdigest()[:16],
        recipients=hosts,
        context={
            "lab": lab.name,
            "season": students[0]["season"],
            "count": len(students),
            # names, cities and fields only: nothing to translate per recipient
            "students": "\n".join(
                f"- {s['student']} ({s['city']}): {s['interests'] or '—'}\n  {s['url']}"
                for s in students
            ),
            "url": absolute_url(reverse("placements:offers")),
            "respond_by": students[0]["respond_by"],
        },
    )


def transition(
    placement: Placement, action: str, from_status: str, comment: str
) -> list[OutboundEmail]:
    """The e-mails of one transition, returned as written: an offer to the lab's hosts; an answer
    to the student, their coordinators and the office; a cancelled acceptance to the lab's
    hosts."""
    nomination = placement.nomination
    if action == "offer":
        prefetch_related_objects([placement], OFFER_PREFETCH)
        return offers(placement.lab, [placement], lab_hosts([placement.lab_id])[placement.lab_id])
    if action == "cancel" and from_status == Placement.Status.ACCEPTED:
        return notify(
            "placement_cancelled",
            about=placement,
            recipients=lab_hosts([placement.lab_id])[placement.lab_id],
            context={
                "lab": placement.lab.name,
                "student": nomination.full_name,
                "season": nomination.season.year,
                "comment": comment,
            },
        )
    if action in {"accept", "decline"}:
        return _answer(placement, action, comment)
    return []


def _answer(placement: Placement, action: str, comment: str) -> list[OutboundEmail]:
    nomination = placement.nomination
    context = {
        "lab": placement.lab.name,
        "student": nomination.full_name,
        "season": nomination.season.year,
        "url": portal_url(placement),
        "comment": comment,
    }
    if action == "accept":
        context |= {
            "institute": placement.lab.institute.name,
            "starts_on": placement.starts_on,
            "ends_on": placement.ends_on,
        }
    event = "placement_accepted" if action == "accept" else "placement_declined"
    staff = [*_coordinators(nomination.city_id), Recipient.office()]
    written = notify(event, about=placement, recipients=staff, context=context)
    if not nomination.email:
        return written
    # The student hears the answer in their language, without the portal link or the lab's
    # comment, which was written for the office and the coordinator; a decline kindly, with the
    # office already looking for another lab.
    student = [Recipient(nomination.email, nomination.language, nomination.full_name)]
    if action == "accept":
        return written + notify(
            event, about=placement, recipients=student, context=context | {"url": "", "comment": ""}
        )
    return written + notify(
        "placement_declined_student", about=placement, recipients=student, context=context
    )


def reminder(placement: Placement, *, escalate: bool) -> None:
    """Remind the lab's hosts of an unanswered offer, or (escalate) tell the office."""
    occasion = "escalation" if escalate else "reminder"
    recipients = (
        [Recipient.office()] if escalate else lab_hosts([placement.lab_id])[placement.lab_id]
    )
    notify(
        f"placement_{occasion}",
        about=placement,
        occasion=occasion,
        recipients=recipients,
        context={
            "lab": placement.lab.name,
            "student": placement.nomination.full_name,
            "season": placement.nomination.season.year,
            "offered_on": timezone.localdate(placement.offered_at),
            "url": portal_url(placement),
        },
    )
