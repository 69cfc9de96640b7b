"""The office's arrivals and departures per day, with the students who have not answered their
self-service link yet (a new link for them is sent by ish.participants.views)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ish.accounts.decorators import organiser_required
from ish.housing.models import HousingAssignment
from ish.housing.rules import describe_nights
from ish.housing.selectors import (
    arrivals_and_departures,
    assignments_visible_to,
    nights_without_bed,
    unanswered,
)
from ish.seasons.pages import chosen_season


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
