"""The office's NYSF pages: the list of applications, the review page (documents, scores,
interview, decisions, history) and the pre-departure tracking of the selected candidates. Views
parse input and call the services; every read goes through the selectors. The pages without an
account are in `public_views`, the call and the schools in `call_views`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.exchange import checklist, personal_data, services
from ish.exchange.bulk_views import item_choices
from ish.exchange.filters import ApplicationListFilter
from ish.exchange.forms import InterviewForm, ScoreForm, TravelForm
from ish.exchange.models import NYSF, Application, OutboundProgramme
from ish.exchange.selectors import (
    application_review,
    applications_visible_to,
    documents_visible_to,
    programmes_visible_to,
    reserve_to_move_up,
    travelling_candidates,
)
from ish.list_pages import render_list
from ish.pagination import page_of
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_url
from ish.seasons.selectors import current_season, seasons_visible_to
from ish.sorting import Sorting
from ish.uploads import document_response, owned_document_or_404
from ish.workflow import ActionForm

Status = Application.Status
PAGE_SIZE = 50
# The column headers' sorts; the best score first unless asked otherwise.
SORTING = Sorting(
    {
        "name": ("family_name", "given_name"),
        "school": ("school__name", "family_name", "given_name"),
        "gender": ("gender", "family_name", "given_name"),
        "age": ("-date_of_birth", "family_name", "given_name"),
        "confirmed": ("nominator_confirmed_at", "family_name", "given_name"),
        "score": ("score", "family_name", "given_name"),
        "status": ("status", "family_name", "given_name"),
        "applied": ("created_at",),
    },
    default="-score",
)
REFUSALS = (RuleViolation, PermissionDenied)


# --- the list --------------------------------------------------------------------------------


@organiser_required
def application_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "season" not in data and (season := current_season()):
        data["season"] = str(season.pk)
    visible = applications_visible_to(request.user)
    programmes = list(programmes_visible_to(request.user))
    application_filter = ApplicationListFilter(
        data, queryset=visible, request=request, programmes=programmes
    )
    applications, sorted_ = SORTING.apply(application_filter.qs, data)
    page = page_of(applications, PAGE_SIZE, data)

    # Counts per status within the other filters, so each links to its share of the list.
    without_status = data.copy()
    for name in ("status", "page"):
        without_status.pop(name, None)
    counted = ApplicationListFilter(
        without_status, queryset=visible, request=request, programmes=programmes
    ).qs
    counted = counted.prefetch_related(None)
    counts = dict(counted.order_by().values_list("status").annotate(count=Count("pk")))
    season = application_filter.form.cleaned_data.get("season")
    shown = _programme_among(programmes, application_filter.form.cleaned_data.get("programme"))
    places_left = services.places_left(season, shown) if season else None
    return render_list(
        request,
        "exchange/list.html",
        "exchange/_results.html",
        {
            "filter": application_filter,
            "season": season,
            "page": page,
            "sorted": sorted_,
            "status_query": without_status.urlencode(),
            "chosen_status": data.getlist("status"),
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Status.choices
            ],
            "total": sum(counts.values()),
            "programme": shown,
            "deadline": shown.deadline_in(season) if season else None,
            "places_left": places_left,
            "move_up": reserve_to_move_up(season, shown, places_left=places_left),
        },
    )


# --- the review page -------------------------------------------------------------------------


@organiser_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    return render(request, "exchange/detail.html", _review(request, application))


def _review(
    request: HttpRequest,
    application: Application,
    *,
    score_form: ScoreForm | None = None,
    interview_form: InterviewForm | None = None,
) -> dict:
    review = application_review(request.user, application)
    own = review.own_score
    return {
        "review": review,
        "score_form": score_form
        or ScoreForm(initial={"points": own.points, "comment": own.comment} if own else None),
        "interview_form": interview_form or InterviewForm(instance=application),
    }


def _detail_url(application: Application, anchor: str = "") -> str:
    url = reverse("exchange:detail", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


@require_POST
@organiser_required
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            services.score(application, reviewer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your score is saved."))
            return redirect(_detail_url(application, "scores"))
    return render(request, "exchange/detail.html", _review(request, application, score_form=form))


@require_POST
@organiser_required
def application_interview(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = InterviewForm(request.POST, instance=application)
    if form.is_valid():
        try:
            checklist.update_travel(application, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The interview is saved."))
            return redirect(_detail_url(application, "interview"))
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)  # unchanged
    return render(
        request, "exchange/detail.html", _review(request, application, interview_form=form)
    )


@require_POST
@organiser_required
def application_action(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = ActionForm(request.POST, workflow=services.WORKFLOW)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_detail_url(application))
    try:
        application = services.perform(
            application,
            form.cleaned_data["action"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except REFUSALS as refused:
        messages.error(request, str(refused) or _("You may not do this."))
    else:
        messages.success(
            request,
            _("%(applicant)s is now %(status)s.")
            % {
                "applicant": isolated(application.full_name),
                "status": application.get_status_display(),
            },
        )
    return redirect(_detail_url(application))


@organiser_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = owned_document_or_404(documents_visible_to(request.user), pk, document_pk)
    return document_response(document, request.user)


@organiser_required
def application_personal_data(request: HttpRequest, pk: int) -> FileResponse:
    """Everything stored about the applicant, and their documents, as one ZIP (audited)."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    return personal_data.download(application, request.user)


# --- pre-departure ---------------------------------------------------------------------------


@organiser_required
def departures(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    programmes = list(programmes_visible_to(request.user))
    programme = _programme_among(programmes, request.GET.get("programme"))
    context = _departures(request, season, seasons, programme, programmes)
    return render(request, "exchange/departures.html", context)


def _programme_among(programmes: list[OutboundProgramme], slug: str | None) -> OutboundProgramme:
    """The programme of `programmes` that `slug` names; the NYSF without one."""
    wanted = slug or NYSF
    found = next((programme for programme in programmes if programme.slug == wanted), None)
    if found is None and slug:
        raise Http404
    return found or OutboundProgramme.nysf()


def _departures(
    request: HttpRequest,
    season: Season | None,
    seasons: list[Season],
    programme: OutboundProgramme,
    programmes: list[OutboundProgramme],
    bound: TravelForm | None = None,
) -> dict:
    """The page's candidates of a programme, each with the form for their travel and checklist
    (`bound`, with its errors, for the one just posted)."""
    travelling = (
        travelling_candidates(request.user, season, programme) if season is not None else []
    )
    candidates = []
    for departure in travelling:
        application = departure.application
        form = (
            bound
            if bound is not None and bound.instance.pk == application.pk
            else TravelForm(instance=application, prefix=f"a{application.pk}")
        )
        checklist_fields = [
            {
                "field": form[item.key],
                "missing": departure.open_items.get(item.key),
                "tickable": item.key in form.tickable,
            }
            for item in checklist.items_of(application)
        ]
        candidates.append({"departure": departure, "form": form, "checklist": checklist_fields})
    return {
        "season": season,
        "seasons": seasons,
        "programme": programme,
        "programmes": programmes,
        "candidates": candidates,
        "incomplete": [departure for departure in travelling if departure.open_items],
        "tick_items": item_choices(programme),
        "move_up": reserve_to_move_up(season, programme),
    }


@require_POST
@organiser_required
def travel_update(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        applications_visible_to(request.user).filter(status__in=Application.TRAVELLING), pk=pk
    )
    form = TravelForm(request.POST, instance=application, prefix=f"a{application.pk}")
    if form.is_valid():
        try:
            checklist.update_travel(application, actor=request.user, **form.travel())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Saved for %(applicant)s.") % {"applicant": isolated(application.full_name)},
            )
            url = season_url("exchange:departures", application.season)
            if not application.programme.is_nysf:
                url += f"&programme={application.programme.slug}"
            return redirect(f"{url}#candidate-{application.pk}")
    season = application.season
    seasons = list(seasons_visible_to(request.user))
    messages.error(request, _("Not saved: see the marked fields."))
    programmes = list(programmes_visible_to(request.user))
    context = _departures(request, season, seasons, application.programme, programmes, bound=form)
    return render(request, "exchange/departures.html", context)
