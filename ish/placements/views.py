"""Portal pages of the lab placements: the office's board (matching, offers, proposals by hand),
the lab hosts' offers and answers, each placement's page and the coordinators' list. Views parse
input and call the services; every read goes through the selectors, so a lab host's page can
only ever hold what the allow-list lets them see."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required, role_required
from ish.accounts.models import Role
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.nominations.selectors import (
    LAB_HOST_DOCUMENT_KINDS,
    documents_visible_to,
    trail_card,
)
from ish.notifications.summary import mails_written
from ish.placements import services
from ish.placements.forms import ProposeForm
from ish.placements.models import Placement
from ish.placements.selectors import (
    NO_LAB,
    city_placements,
    has_host_account,
    lab_offers,
    lab_use,
    labs_without_host_account,
    placement_board,
    placements_visible_to,
    shared_documents,
)
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_required, season_url
from ish.uploads import document_response
from ish.workflow import ActionForm

Status = Placement.Status
placement_readers = role_required(Role.COORDINATOR, Role.LAB_HOST)
lab_host_required = role_required(Role.LAB_HOST)
coordinator_required = role_required(Role.COORDINATOR)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (`next`), if it is one of ours."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(fallback)


# --- the organiser's board -------------------------------------------------------------------


@organiser_required
def board(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        board = placement_board(request.user, season, request.GET)
        without_status = request.GET.copy()
        for name in ("status", "page"):
            without_status.pop(name, None)
        context |= {
            "board": board,
            "status_counts": [
                (state, label, board.counts[state])
                for state, label in [(NO_LAB, _("without a lab")), *Status.choices]
                if state in board.counts
            ],
            "status_query": without_status.urlencode(),
            "chosen_status": request.GET.getlist("status"),
            "labs_without_host": labs_without_host_account(season),
        }
    return render(request, "placements/board.html", context)


@require_POST
@organiser_required
@season_required("placements:board")
def match(request: HttpRequest, season: Season) -> HttpResponse:
    result = services.run_matching(season, actor=request.user)
    messages.success(
        request,
        ngettext(
            "The matching proposed a lab for %(count)d student.",
            "The matching proposed a lab for %(count)d students.",
            result.proposed,
        )
        % {"count": result.proposed},
    )
    if result.unmatched:
        messages.warning(
            request,
            ngettext(
                "%(count)d student is left without a lab; the reason is shown beside them.",
                "%(count)d students are left without a lab; the reasons are shown beside them.",
                len(result.unmatched),
            )
            % {"count": len(result.unmatched)},
        )
    return redirect(season_url("placements:board", season))


@require_POST
@organiser_required
@season_required("placements:board")
def offer_all(request: HttpRequest, season: Season) -> HttpResponse:
    result = services.offer_all(season, actor=request.user)
    if not result.offered:
        messages.info(request, _("There were no proposals to offer."))
        return redirect(season_url("placements:board", season))
    offered = ngettext(
        "%(count)d proposal is offered to its lab.",
        "%(count)d proposals are offered to their labs.",
        result.offered,
    ) % {"count": result.offered}
    messages.success(request, f"{offered} {mails_written(result.emails)}")
    if result.labs_without_host:
        _warn_without_host(request, result.labs_without_host)
    return redirect(season_url("placements:board", season))


def _warn_without_host(request: HttpRequest, labs) -> None:
    messages.warning(
        request,
        ngettext(
            "%(labs)s has no lab host account: nobody was e-mailed about its offers and nobody "
            "can answer them until the office adds a host.",
            "%(labs)s have no lab host account: nobody was e-mailed about their offers and "
            "nobody can answer them until the office adds a host.",
            len(labs),
        )
        % {"labs": ", ".join(lab.name for lab in labs)},
    )


@require_POST
@organiser_required
def propose(request: HttpRequest) -> HttpResponse:
    season, _seasons = chosen_season(request)
    form = ProposeForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a student and a lab to propose."))
        return redirect(season_url("placements:board", season, "students"))
    nomination = form.cleaned_data["nomination"]
    lab = form.cleaned_data["lab"]
    try:
        services.create_placement(actor=request.user, nomination=nomination, lab=lab)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except RuleViolation as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(student)s is proposed for %(lab)s.")
            % {"student": isolated(nomination.full_name), "lab": isolated(lab.name)},
        )
    return redirect(season_url("placements:board", nomination.season, f"student-{nomination.pk}"))


# --- a placement and its transitions ---------------------------------------------------------


@require_POST
@lab_host_required
def placement_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer, accept, decline or cancel; the service decides who may (403 otherwise)."""
    placement = get_object_or_404(placements_visible_to(request.user), pk=pk)
    detail = reverse("placements:detail", args=[placement.pk])
    form = ActionForm(request.POST, workflow=services.WORKFLOW)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return _back(request, detail)
    try:
        result = services.transition(
            placement,
            form.cleaned_data["action"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except RuleViolation as refused:
        messages.error(request, str(refused))
    else:
        placement = result.placement
        done = _("%(student)s in %(lab)s: %(status)s.") % {
            "student": isolated(placement.nomination.full_name),
            "lab": isolated(placement.lab.name),
            "status": placement.get_status_display(),
        }
        messages.success(request, f"{done} {mails_written(result.emails)}")
        if form.cleaned_data["action"] == "offer" and not has_host_account(placement.lab):
            _warn_without_host(request, [placement.lab])
    return _back(request, detail)


@placement_readers
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = get_object_or_404(placements_visible_to(user), pk=pk)
    season = placement.nomination.season
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "nomination": placement.nomination,
            "documents": shared_documents(placement.nomination),
            "history": placement.changes.all(),
            "trail": trail_card(user, placement),
            "actions": services.WORKFLOW.names_available(placement, user),
            "use": lab_use(placement.lab, season) if not user.is_coordinator else None,
            "respond_by": services.respond_by(placement)
            if placement.status == Status.OFFERED
            else None,
        },
    )


@placement_readers
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The CV or motivation letter of the student of a placement the reader may see."""
    placement = get_object_or_404(placements_visible_to(request.user), pk=pk)
    document = get_object_or_404(
        documents_visible_to(request.user).filter(kind__in=LAB_HOST_DOCUMENT_KINDS),
        pk=document_pk,
        nomination_id=placement.nomination_id,
    )
    return document_response(document, request.user)


# --- the lab host's offers and the coordinator's list ---------------------------------------


@lab_host_required
def offers(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_organiser:
        return redirect("placements:board")
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons, "lab": user.lab}
    if season is not None:
        context |= {"offers": lab_offers(user, season), "use": lab_use(user.lab, season)}
    return render(request, "placements/offers.html", context)


@coordinator_required
def placement_list(request: HttpRequest) -> HttpResponse:
    """Read-only: a coordinator's city's placements (organisers: every city's)."""
    user = request.user
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons, "city": user.city}
    if season is not None:
        context["city_placements"] = city_placements(user, season, request.GET)
    return render(request, "placements/list.html", context)
