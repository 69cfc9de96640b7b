"""The e-mails of housing: a confirmed bed (and every change to it) told to the student and the
host, a cancelled one told to both, each once per version of the assignment."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.rules import student_languages
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Message, Recipient, notify, notify_all


@dataclass(frozen=True)
class Told:
    """What telling confirmed beds wrote: the e-mails, and who could not be told and why."""

    emails: tuple[OutboundEmail, ...] = ()
    not_told: tuple[str, ...] = ()  # "Aiko Tanaka (no e-mail address)", each once


def tell_assigned(assignment: HousingAssignment) -> Told:
    """Tell the student where they stay and the host whom they host; once per version."""
    return _tell([_loaded(assignment)])


def tell_all_assigned(assignments: Sequence[HousingAssignment]) -> Told:
    """`tell_assigned` for many assignments, stored together (queries do not grow with them)."""
    loaded = HousingAssignment.objects.select_related(*LOADED).filter(
        pk__in=[assignment.pk for assignment in assignments]
    )
    return _tell(list(loaded))


def _tell(assignments: list[HousingAssignment]) -> Told:
    emails = notify_all(message for assignment in assignments for message in _assigned(assignment))
    return Told(tuple(emails), not_told(assignments))


def not_told(
    assignments: Sequence[HousingAssignment], places: Sequence[Accommodation] = ()
) -> tuple[str, ...]:
    """Whom the e-mails about these beds (and these other `places`, a host a student left)
    cannot reach, and why: a student without an address, a place without a contact e-mail."""
    missing: list[str] = []
    for assignment in assignments:
        student = assignment.nomination
        if not student.email:
            missing.append(_("%(name)s (no e-mail address)") % {"name": student.full_name})
    for place in [*(assignment.accommodation for assignment in assignments), *places]:
        if not place.contact_email:
            missing.append(_("%(name)s (no contact e-mail)") % {"name": place.name})
    return tuple(dict.fromkeys(missing))


def _assigned(assignment: HousingAssignment) -> list[Message]:
    student, place = assignment.nomination, assignment.accommodation
    occasion = f"v{assignment.version}"
    season = student.season.year
    host_contact = ", ".join(
        str(part) for part in (place.contact_name, place.contact_phone, place.contact_email) if part
    )
    messages = []
    if student.email:
        messages.append(
            Message(
                "housing_assigned_participant",
                about=assignment,
                occasion=occasion,
                recipients=[Recipient(student.email, student.language, student.full_name)],
                context={
                    "season": season,
                    "accommodation": place.name,
                    "address": place.address,
                    "host_contact": host_contact,
                    "check_in": assignment.check_in,
                    "check_out": assignment.check_out,
                },
            )
        )
    if place.contact_email:
        messages.append(
            Message(
                "housing_assigned_host",
                about=assignment,
                occasion=occasion,
                recipients=[Recipient(place.contact_email, place.language, place.contact_name)],
                context={
                    "student": student.full_name,
                    "city": student.city,
                    "season": season,
                    "check_in": assignment.check_in,
                    "check_out": assignment.check_out,
                    "dietary_requirements": ", ".join(
                        part for part in (student.dietary_requirements, student.allergies) if part
                    ),
                    "languages": ", ".join(sorted(student_languages(student))),
                },
            )
        )
    return messages


def tell_student_cancelled(assignment: HousingAssignment, comment: str = "") -> None:
    """The student's bed is gone; once per version."""
    assignment = _loaded(assignment)
    student = assignment.nomination
    if not student.email:
        return
    notify(
        "housing_cancelled_participant",
        about=assignment,
        occasion=f"v{assignment.version}",
        recipients=[Recipient(student.email, student.language, student.full_name)],
        context={
            "season": student.season.year,
            "accommodation": assignment.accommodation.name,
            "check_in": assignment.check_in,
            "check_out": assignment.check_out,
            "comment": comment,
        },
    )


def tell_host_cancelled(
    assignment: HousingAssignment,
    *,
    place: Accommodation | None = None,
    check_in: dt.date | None = None,
    check_out: dt.date | None = None,
    comment: str = "",
) -> None:
    """A host no longer expects the guest: the assignment was cancelled, or moved away from
    `place` (with the dates the host was told before); once per version."""
    assignment = _loaded(assignment)
    student = assignment.nomination
    place = place or assignment.accommodation
    if not place.contact_email:
        return
    notify(
        "housing_cancelled_host",
        about=assignment,
        occasion=f"v{assignment.version}",
        recipients=[Recipient(place.contact_email, place.language, place.contact_name)],
        context={
            "student": student.full_name,
            "city": student.city,
            "season": student.season.year,
            "accommodation": place.name,
            "check_in": check_in or assignment.check_in,
            "check_out": check_out or assignment.check_out,
            "comment": comment,
        },
    )


LOADED = ("nomination__season", "nomination__city", "accommodation")


def _loaded(assignment: HousingAssignment) -> HousingAssignment:
    return HousingAssignment.objects.select_related(*LOADED).get(pk=assignment.pk)
