"""Attendance at the programme's events: who marks whom, marking one participant, the counts, and
an event's attendance list as each role may see it."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ish import audit
from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.programme import selectors
from ish.programme.models import Attendance, Event
from ish.programme.selectors import (
    attended_by,
    events_visible_to,
    expected_at,
    placed_in,
    students_of_lab,
)

Status = Attendance.Status
REASON_MAX_LENGTH = Attendance._meta.get_field("reason").max_length
# What the attendance list reads of a participant: names and city, and the date of birth for
# "minor" (no contact, diet or medical field: those are read one by one, audited).
LISTED_FIELDS = ("id", "given_name", "family_name", "date_of_birth", "city__name", "city__slug")


# --- who marks and who sees ----------------------------------------------------------------


def events_run_by(user: User) -> QuerySet[Event]:
    """The events whose attendance `user` marks: the office every event; a lab host the lab
    events (kind `lab`) that expect some of their lab's students. Coordinators mark none."""
    if user.is_organiser:
        return Event.objects.select_related("season")
    if user.is_lab_host:
        return events_visible_to(user).filter(kind=Event.Kind.LAB)
    return Event.objects.none()


def attendance_events_visible_to(user: User) -> QuerySet[Event]:
    """The events whose attendance list `user` reads: those they run, and for a coordinator
    the events their city's participants attend (their city's rows only)."""
    if not user.is_organiser and user.is_coordinator:
        return events_visible_to(user)
    return events_run_by(user)


def may_mark(user: User, event: Event) -> bool:
    return events_run_by(user).filter(pk=event.pk).exists()


def expected_seen_by(event: Event, user: User) -> QuerySet[Nomination]:
    """The participants expected at `event` whom `user` may see there: the office all, a
    coordinator their city's, a lab host their lab's students."""
    expected = expected_at(event)
    if user.is_organiser:
        return expected
    if user.is_coordinator:
        return expected.filter(city_id=user.city_id)
    if user.is_lab_host:
        return expected.filter(pk__in=placed_in([user.lab_id]).values("nomination_id"))
    return expected.none()


def _marked(event: Event, field: str) -> Subquery:
    rows = Attendance.objects.filter(event=event, nomination=OuterRef("pk"))
    return Subquery(rows.values(field)[:1])


def attendance_of(event: Event, user: User) -> QuerySet[Nomination]:
    """The attendance list of `event` as `user` sees it: every participant expected there whom
    they may see, by name, with `attendance_status` (`expected` until someone marks them) and
    `attendance_reason`; in one query."""
    return (
        expected_seen_by(event, user)
        .select_related("city")
        .only(*LISTED_FIELDS)
        .annotate(
            attendance_status=Coalesce(_marked(event, "status"), Value(Status.EXPECTED.value)),
            attendance_reason=Coalesce(_marked(event, "reason"), Value("")),
        )
        .order_by("family_name", "given_name", "pk")
    )


@dataclass(frozen=True)
class Counts:
    expected: int
    present: int
    excused: int
    absent: int
    unmarked: int


def attendance_counts(event: Event, user: User) -> Counts:
    """How many of the participants `user` sees at `event` are expected, present, excused,
    absent and not yet marked; in one query."""
    marked = {
        status: Count("pk", filter=Q(attendance_status=status))
        for status in (Status.PRESENT, Status.EXCUSED, Status.ABSENT)
    }
    figures = (
        attendance_of(event, user)
        .order_by()
        .aggregate(expected=Count("pk"), **{str(status): n for status, n in marked.items()})
    )
    present, excused, absent = (figures[str(s)] for s in marked)
    return Counts(
        expected=figures["expected"],
        present=present,
        excused=excused,
        absent=absent,
        unmarked=figures["expected"] - present - excused - absent,
    )


def is_minor_on(nomination: Nomination, event: Event) -> bool:
    age = nomination.age_on(timezone.localtime(event.starts_at).date())
    return age is not None and age < 18


# --- marking -------------------------------------------------------------------------------


def mark(
    event: Event, nomination_id: int, status: str, *, by: User, reason: str = ""
) -> Attendance:
    """Mark one participant at one event (`expected` takes a mark back). A reason is required
    for `excused` and kept for it only. Refused (PermissionDenied) for whoever does not run the
    event; a participant the marker may not mark there is a validation error on `nomination`."""
    if not may_mark(by, event):
        raise PermissionDenied(_("You do not mark attendance at this event."))
    if event.is_cancelled:
        raise RuleViolation(_("The event is cancelled: nobody's attendance is marked."))
    if status not in Status.values:
        raise ValidationError({"status": _("Choose expected, present, excused or absent.")})
    reason = reason.strip() if status == Status.EXCUSED else ""
    if status == Status.EXCUSED and not reason:
        raise ValidationError({"reason": _("Give the reason for an excused absence.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to %(limit)d characters.") % {"limit": REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        nomination = expected_seen_by(event, by).only("pk").filter(pk=nomination_id).first()
        if nomination is None:
            raise ValidationError(
                {"nomination": _("This participant is not expected at this event.")}
            )
        attendance, _created = Attendance.objects.update_or_create(
            event=event,
            nomination=nomination,
            defaults={"status": status, "reason": reason, "marked_by": by},
        )
    return attendance


def row_of(event: Event, user: User, nomination_id: int) -> Nomination:
    """One participant's line of the attendance list (after marking them)."""
    return attendance_of(event, user).get(pk=nomination_id)


# --- a minor's emergency contact -----------------------------------------------------------


def emergency_contact(event: Event, nomination_id: int, reader: User) -> Nomination:
    """The emergency contact of a participant expected at `event`, for the office only (a
    sensitive field): each read is written to the audit trail."""
    if not reader.is_organiser:
        raise PermissionDenied
    nomination = (
        expected_at(event)
        .only(
            "id", "given_name", "family_name", "emergency_contact_name", "emergency_contact_phone"
        )
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        raise Nomination.DoesNotExist
    audit.record_read(nomination, reader)
    return nomination


# --- the dashboard -------------------------------------------------------------------------


def events_on(day: dt.date, user: User) -> QuerySet[Event]:
    """The events (not cancelled) on `day` whose attendance `user` marks, by start."""
    return selectors.events_on(events_run_by(user), day).order_by("starts_at", "title", "pk")


@dataclass(frozen=True)
class EventAttendance:
    event: Event
    counts: Counts


def todays_attendance(user: User, day: dt.date | None = None) -> list[EventAttendance]:
    """The events of the day that `user` runs, each with its counts (a query per event: a day
    has a handful)."""
    day = day or timezone.localdate()
    return [
        EventAttendance(event, attendance_counts(event, user)) for event in events_on(day, user)
    ]


def missing_attendance(user: User, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Events that have ended (and were not cancelled) where some participant `user` marks is
    still not marked, the latest first; in one query."""
    now = now or timezone.now()
    marked = Attendance.objects.filter(
        nomination=OuterRef("pk"), event=OuterRef(OuterRef("pk"))
    ).exclude(status=Status.EXPECTED)
    # attended_by nests its nominations directly under the event: OuterRef(OuterRef) is it.
    unmarked = Nomination.objects.filter(~Exists(marked))
    if not user.is_organiser:
        unmarked = unmarked.filter(pk__in=students_of_lab(user.lab_id).values("pk"))
    return (
        events_run_by(user)
        .filter(ends_at__lte=now, cancelled_at__isnull=True)
        .filter(attended_by(unmarked))
        .order_by("-starts_at", "pk")
    )
