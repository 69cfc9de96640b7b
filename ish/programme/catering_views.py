"""The office's catering and logistics pages: an event's catering, the meals of a day for the
caterer, who is where on a day, and asking for an event's bus and room list."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.programme import catering
from ish.programme.selectors import events_visible_to
from ish.rosters import services as exports
from ish.rosters.models import ExportJob
from ish.seasons.models import Season
from ish.seasons.selectors import current_season


class DayForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _day(request: HttpRequest, season: Season | None) -> tuple[DayForm, dt.date]:
    """The day asked for (`?date=`), else today while the season runs, else its first day."""
    form = DayForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["date"]
    today = timezone.localdate()
    if season and not season.starts_on <= today <= season.ends_on:
        today = season.starts_on
    if form.is_bound:
        return form, today  # the errors shown, the default day below them
    return DayForm(initial={"date": today}), today


def _neighbours(day: dt.date) -> dict:
    return {"previous_day": day - dt.timedelta(days=1), "next_day": day + dt.timedelta(days=1)}


@organiser_required
def event_catering(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(events_visible_to(request.user), pk=pk)
    return render(
        request,
        "programme/catering_event.html",
        {
            "event": event,
            "event_day": timezone.localtime(event.starts_at).date(),
            "catering": catering.catering_for(event),
        },
    )


@organiser_required
def day_catering(request: HttpRequest) -> HttpResponse:
    """Every meal of a day with its numbers, printable or copied into the caterer's e-mail."""
    season = current_season()
    form, day = _day(request, season)
    meals = catering.meals_on(events_visible_to(request.user), day)
    context = {"form": form, "day": day, "meals": meals, "season": season, **_neighbours(day)}
    return render(request, "programme/catering_day.html", context)


@organiser_required
def day_whereabouts(request: HttpRequest) -> HttpResponse:
    """Who is where on a day: each event with the participants it expects, then those expected
    at none (in their lab, or free)."""
    season = current_season()
    form, day = _day(request, season)
    where = []
    if season:
        where = catering.who_is_where(season, events_visible_to(request.user), day)
    context = {
        "form": form,
        "day": day,
        "season": season,
        "at_events": where[:-1],
        "elsewhere": where[-1] if where else None,
        **_neighbours(day),
    }
    return render(request, "programme/whereabouts_day.html", context)


@require_POST
@login_required
def event_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the event's bus and room list; the exports page then shows its progress. Every
    role that sees the event may (the list holds only the participants in its scope)."""
    event = get_object_or_404(events_visible_to(request.user), pk=pk)
    if ExportJob.Kind.EVENT not in exports.kinds_for(request.user):
        raise PermissionDenied
    exports.request_export(
        user=request.user,
        kind=ExportJob.Kind.EVENT,
        season=event.season,
        parameters={"event": event.pk},
    )
    messages.success(
        request,
        _(
            "Export of the bus and room list of %(event)s started: its progress is shown below. "
            "You also get an e-mail when it is ready."
        )
        % {"event": isolated(event.display_title)},
    )
    return redirect("rosters:list")
