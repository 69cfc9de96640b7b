"""The phone-first attendance page: whoever runs an event (the office; a lab host at their own
students' lab events) marks who came, one tap per person. Each button is a real form (POST, then
back to the page); with htmx the answer is only the changed line and the counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.programme import attendance
from ish.programme.models import Attendance, Event

Status = Attendance.Status


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(attendance.events_run_by(request.user), pk=pk)


def _line(row: Nomination, event: Event) -> Nomination:
    """What the page shows of a participant beside their name: their status as a badge, and
    whether they are a minor who is absent (highlighted, their contact one tap away)."""
    row.status = Status(row.attendance_status)
    row.minor = attendance.is_minor_on(row, event)
    row.minor_absent = row.minor and row.status == Status.ABSENT
    return row


def _context(event: Event, user: User) -> dict:
    return {
        "event": event,
        "counts": attendance.attendance_counts(event, user),
        "sees_contacts": user.is_organiser,
        "statuses": Status,
    }


@login_required
def attendance_page(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    rows = [_line(row, event) for row in attendance.attendance_of(event, request.user)]
    return render(
        request, "programme/attendance.html", {**_context(event, request.user), "rows": rows}
    )


@login_required
@require_POST
def attendance_mark(request: HttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    event = _event(request, pk)
    error = ""
    try:
        attendance.mark(
            event,
            nomination_pk,
            request.POST.get("status", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as invalid:
        if "nomination" in invalid.message_dict:
            raise Http404 from None
        error = " ".join(message for found in invalid.message_dict.values() for message in found)
    except RuleViolation as violation:
        error = violation.message
    if request.htmx:
        row = _line(attendance.row_of(event, request.user, nomination_pk), event)
        context = {**_context(event, request.user), "row": row, "error": error}
        return render(request, "programme/_attendance_marked.html", context)
    if error:
        messages.error(request, error)
    return redirect(
        reverse("programme:attendance", args=[event.pk]) + f"#participant-{nomination_pk}"
    )


@login_required
def attendance_contact(request: HttpRequest, pk: int, nomination_pk: int) -> HttpResponse:
    """A participant's emergency contact, for the office (each read audited)."""
    event = _event(request, pk)
    if not request.user.is_organiser:
        raise Http404
    try:
        nomination = attendance.emergency_contact(event, nomination_pk, request.user)
    except Nomination.DoesNotExist:
        raise Http404 from None
    template = (
        "programme/_attendance_contact.html"
        if request.htmx
        else "programme/attendance_contact.html"
    )
    return render(request, template, {"event": event, "nomination": nomination})
