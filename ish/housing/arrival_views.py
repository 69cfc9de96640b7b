"""The office's arrivals and departures per day, with the students who have not answered their
self-service link yet (a new link for them is sent by ish.participants.views)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ish.accounts.decorators import organiser_required
from ish.housing.pages import arrivals_page
from ish.seasons.pages import chosen_season


@organiser_required
def arrivals(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        context["page"] = arrivals_page(request.user, season)
    return render(request, "housing/arrivals.html", context)
