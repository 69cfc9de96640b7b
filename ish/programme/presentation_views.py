"""Portal pages of the final presentations: the schedule (a grid of rooms by times for the office,
editable by drag or by its buttons; a list on a phone), a slot's form, the proposal with its
preview, moves, and the workbook. Views parse input and call the services; reads go through
the scoped selectors."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required, role_required
from ish.accounts.models import Role
from ish.programme import presentation_proposals as proposals
from ish.programme import presentations as services
from ish.programme.models import Presentation
from ish.programme.presentation_forms import MoveForm, ProposalForm, SlotForm, TitleForm
from ish.programme.presentation_schedule import grid, rooms_of, slots_of, write_schedule
from ish.programme.selectors import participants_of
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_required, season_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
reader_required = role_required(Role.COORDINATOR, Role.LAB_HOST)


def _schedule_url(season: Season, slot: Presentation | None = None) -> str:
    return season_url("programme:presentations", season, f"slot-{slot.pk}" if slot else "")


@reader_required
def schedule(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        slots = slots_of(request.user, season)
        context |= {
            "slots": slots,
            "days": grid(slots),
            "rooms": rooms_of(slots),
            "editor": services.may_edit_everything(request.user),
            "titles": request.user.is_lab_host,
        }
    return render(request, "programme/presentations.html", context)


def _participants(season: Season):
    return participants_of(season).select_related("city").order_by("family_name", "given_name")


def _render_slot_form(request, season, form, slot=None, status=200) -> HttpResponse:
    context = {"season": season, "form": form, "slot": slot}
    return render(request, "programme/presentation_form.html", context, status=status)


@organiser_required
@season_required("programme:presentations")
def slot_add(request: HttpRequest, season: Season) -> HttpResponse:
    form = SlotForm(request.POST or None, participants=_participants(season))
    if request.method == "POST" and form.is_valid():
        try:
            slot = services.create_slot(season=season, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The slot is added to the schedule."))
            return redirect(_schedule_url(season, slot))
    status = 400 if request.method == "POST" else 200
    return _render_slot_form(request, season, form, status=status)


@reader_required
def slot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits every field; a lab host the title of their students' slot."""
    slot = get_object_or_404(
        services.presentations_visible_to(request.user).select_related("season"), pk=pk
    )
    season = slot.season
    if services.may_edit_everything(request.user):
        form = SlotForm(
            request.POST or None,
            initial=SlotForm.initial_of(slot),
            participants=_participants(season),
        )
        save = services.update_slot
    elif services.may_edit_title(request.user, slot):
        form = TitleForm(request.POST or None, initial={"title": slot.title})
        save = _retitle
    else:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            save(slot, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The slot is saved."))
            return redirect(_schedule_url(season, slot))
    status = 400 if request.method == "POST" else 200
    return _render_slot_form(request, season, form, slot, status)


def _retitle(slot: Presentation, *, actor, title: str) -> Presentation:
    return services.retitle(slot, title, actor=actor)


@require_POST
@organiser_required
def slot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(services.presentations_visible_to(request.user), pk=pk)
    season = slot.season
    services.delete_slot(slot, actor=request.user)
    messages.success(request, _("The slot is deleted."))
    return redirect(_schedule_url(season))


@require_POST
@organiser_required
def slot_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A drop onto a cell of the schedule, or a move button or form: move, or swap with the
    slot starting there; back to the schedule at the slot, with what happened said."""
    slot = get_object_or_404(
        services.presentations_visible_to(request.user).select_related("season"), pk=pk
    )
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect(_schedule_url(slot.season, slot))
    try:
        other = services.move_to(slot, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if other is None:
            messages.success(request, _("The slot is moved."))
        else:
            messages.success(request, _("The two slots have swapped places."))
    return redirect(_schedule_url(slot.season, slot))


@organiser_required
@season_required("programme:presentations")
def propose(request: HttpRequest, season: Season) -> HttpResponse:
    """The proposal's form; its answer (GET) previews the schedule, and confirming it (POST with
    the same values) replaces the season's slots."""
    data = request.POST if request.method == "POST" else request.GET
    form = ProposalForm(data if "rooms" in data else None)
    proposal = None
    if form.is_bound and form.is_valid():
        values = form.cleaned_data
        proposal = proposals.propose(
            season,
            rooms=values["rooms"],
            starts_at=values["starts_at"],
            minutes=values["minutes"],
            breaks=values["breaks"],
            grouping=values["grouping"],
        )
        if request.method == "POST":
            made = proposals.accept_proposal(proposal, actor=request.user)
            messages.success(
                request,
                ngettext(
                    "The proposed schedule is saved: %(count)d slot.",
                    "The proposed schedule is saved: %(count)d slots.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect(_schedule_url(season))
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"season": season, "form": form, "proposal": proposal, "query": request.GET}
    return render(request, "programme/presentations_propose.html", context, status=status)


@reader_required
def export(request: HttpRequest) -> HttpResponse:
    """The schedule the reader sees, as a workbook."""
    season, _seasons = chosen_season(request)
    if season is None:
        raise Http404
    target = io.BytesIO()
    write_schedule(request.user, season, target)
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    filename = f"presentations-{season.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
