"""Portal pages of the programme: the week and the day as each role sees them (the office all
events, a coordinator their city's participants', a lab host their students'), and the office's
pages to add, change, cancel and delete an event, copy a day and copy last season's programme.
Views parse input and call the services; every read goes through the selectors."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required, role_required
from ish.accounts.models import Role
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.programme import services
from ish.programme.clashes import clashes, warning_texts
from ish.programme.forms import CopyDayForm, CopySeasonForm, EventForm
from ish.programme.models import Event
from ish.programme.pages import chosen_day, days_shown, monday_of
from ish.programme.selectors import events_visible_to
from ish.programme.services import local_day
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_required

every_role = role_required(Role.COORDINATOR, Role.LAB_HOST)


def day_url(name: str, season: Season, day: dt.date, anchor: str = "") -> str:
    """The page `name` (week or day) of `season` showing `day`."""
    key = "week" if name == "programme:week" else "day"
    query = urlencode({"season": season.pk, key: day.isoformat()})
    return f"{reverse(name)}?{query}" + (f"#{anchor}" if anchor else "")


@every_role
def week(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        monday = monday_of(chosen_day(season, request.GET, "week"))
        seven = dt.timedelta(days=7)
        context |= {
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "days": days_shown(request.user, season, monday, 7),
            "previous_url": day_url("programme:week", season, monday - seven),
            "next_url": day_url("programme:week", season, monday + seven),
        }
    return render(request, "programme/week.html", context)


@every_role
def day(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        shown = chosen_day(season, request.GET, "day")
        one = dt.timedelta(days=1)
        [today] = days_shown(request.user, season, shown, 1)
        context |= {
            "today": today,
            "week_url": day_url("programme:week", season, shown),
            "previous_url": day_url("programme:day", season, shown - one),
            "next_url": day_url("programme:day", season, shown + one),
        }
    return render(request, "programme/day.html", context)


# --- the office's pages ----------------------------------------------------------------------


def _saved(request: HttpRequest, event: Event, message: str) -> HttpResponse:
    """Back to the event's day, with what was done and the event's clashes (warnings only)."""
    messages.success(request, message % {"event": isolated(event.display_title)})
    for warning in warning_texts(clashes([event])[event.pk]):
        messages.warning(request, warning)
    return redirect(
        day_url("programme:day", event.season, local_day(event.starts_at), f"event-{event.pk}")
    )


def _event_form(request: HttpRequest, season: Season, event: Event | None) -> HttpResponse:
    instance = event or Event(season=season)
    form = EventForm(request.POST or None, instance=instance, season=season)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if event is None:
                    saved = services.create_event(
                        actor=request.user, season=season, **form.event_values()
                    )
                else:
                    saved = services.update_event(event, actor=request.user, **form.event_values())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                message = _("%(event)s is saved.")
                return _saved(request, saved, message)
    if event is not None:
        event.refresh_from_db()  # the form changed it in memory; the heading shows what is stored
    context = {"form": form, "event": event, "season": season}
    return render(request, "programme/event_form.html", context, status=status)


@organiser_required
@season_required("programme:week")
def event_add(request: HttpRequest, season: Season) -> HttpResponse:
    return _event_form(request, season, None)


@organiser_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(events_visible_to(request.user), pk=pk)
    return _event_form(request, event.season, event)


@require_POST
@organiser_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = services.cancel_event(
        get_object_or_404(events_visible_to(request.user), pk=pk), actor=request.user
    )
    return _saved(request, event, _("%(event)s is cancelled; it stays in the programme, marked."))


@require_POST
@organiser_required
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(events_visible_to(request.user), pk=pk)
    back = day_url("programme:day", event.season, local_day(event.starts_at))
    try:
        services.delete_event(event, actor=request.user)
    except RuleViolation as refused:
        messages.error(request, refused.message)
        return redirect("programme:event_edit", pk=pk)
    messages.success(request, _("%(event)s is deleted.") % {"event": isolated(event.title)})
    return redirect(back)


@organiser_required
@season_required("programme:week")
def copy_day(request: HttpRequest, season: Season) -> HttpResponse:
    form = CopyDayForm(request.POST or None, initial={"day": request.GET.get("day")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                copies = services.copy_day(season, data["day"], data["to"], actor=request.user)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d event copied to %(day)s.",
                        "%(count)d events copied to %(day)s.",
                        len(copies),
                    )
                    % {"count": len(copies), "day": date_format(data["to"])},
                )
                return redirect(day_url("programme:day", season, data["to"]))
    context = {"form": form, "season": season}
    return render(request, "programme/copy_day.html", context, status=status)


@organiser_required
@season_required("programme:week")
def copy_season(request: HttpRequest, season: Season) -> HttpResponse:
    form = CopySeasonForm(request.POST or None, target=season)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.copy_season(
                    form.cleaned_data["source"], season, actor=request.user
                )
            except RuleViolation as refused:
                form.add_error(None, refused.message)
                status = 409
            else:
                _say_copied(request, result)
                return redirect(day_url("programme:week", season, season.starts_on))
    context = {"form": form, "season": season, "has_events": season.events.exists()}
    return render(request, "programme/copy_season.html", context, status=status)


def _say_copied(request: HttpRequest, result: services.SeasonCopy) -> None:
    count = len(result.copied)
    messages.success(
        request,
        ngettext("%(count)d event copied.", "%(count)d events copied.", count) % {"count": count},
    )
    if result.without_participants:
        titles = ", ".join(isolated(event.title) for event in result.without_participants)
        messages.warning(
            request,
            _(
                "Listed participants are last season's students and were not copied; choose "
                "the participants of these events again: %(events)s."
            )
            % {"events": titles},
        )
    if result.left_out:
        titles = ", ".join(isolated(event.title) for event in result.left_out)
        messages.info(
            request, _("Cancelled events were not copied: %(events)s.") % {"events": titles}
        )
