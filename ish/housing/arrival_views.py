"""The office's arrivals and departures per day, with the students who have not answered their
self-service link yet and a new link for them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.errors import RuleViolation
from ish.housing.models import HousingAssignment
from ish.housing.rules import describe_nights
from ish.housing.selectors import (
    arrivals_and_departures,
    assignments_visible_to,
    nights_without_bed,
    unanswered,
)
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.participants import services as participants
from ish.seasons.pages import chosen_season, season_url


@organiser_required
def arrivals(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        beds = {
            assignment.nomination_id: assignment.accommodation
            for assignment in assignments_visible_to(request.user)
            .filter(nomination__season=season, status__in=HousingAssignment.OCCUPYING)
            .order_by("check_in")
        }
        days = arrivals_and_departures(season)
        travellers = [
            student
            for moves in days.values()
            for student in [*moves["arrivals"], *moves["departures"]]
        ]
        needed = nights_without_bed(request.user, travellers)
        for student in travellers:
            student.place = beds.get(student.pk)
            # Housed, but the beds do not cover every night from arrival to departure.
            if student.place and student.pk in needed:
                student.nights_without_bed = describe_nights(needed[student.pk])
        waiting = list(unanswered(season))
        context |= {
            "days": days,
            "unanswered": waiting,
            "arriving": sum(len(moves["arrivals"]) for moves in days.values()),
            "departing": sum(len(moves["departures"]) for moves in days.values()),
        }
    return render(request, "housing/arrivals.html", context)


@require_POST
@organiser_required
def resend_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A new self-service link for the student; the one sent before stops working."""
    nomination: Nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    try:
        participants.send_link(nomination, resend=True)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("A new link is on its way to %(student)s (%(email)s); the earlier one stops working.")
            % {"student": nomination.full_name, "email": nomination.email},
        )
    return redirect(season_url("housing:arrivals", nomination.season, "unanswered"))
