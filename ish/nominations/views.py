"""Portal pages of the nominations workflow: coordinators nominate, rank, upload and submit;
organisers filter, review and decide. Each view parses its input and calls the services; every
read goes through the selectors, so a page can only ever show what its reader may see."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish.accounts.decorators import role_required
from ish.accounts.models import Role
from ish.errors import RuleViolation
from ish.nominations import documents, services, spreadsheet
from ish.nominations.filters import NominationFilter
from ish.nominations.forms import (
    ActionForm,
    DocumentUploadForm,
    ImportForm,
    NominationForm,
    RankForm,
)
from ish.nominations.models import Nomination
from ish.nominations.quotas import QuotaUse
from ish.nominations.selectors import (
    documents_visible_to,
    history_of,
    may_see_sensitive,
    nominations_visible_to,
)
from ish.notifications.selectors import emails_about
from ish.seasons.models import City, Season
from ish.seasons.selectors import (
    cities_visible_to,
    current_season,
    quotas_visible_to,
    seasons_visible_to,
)

Status = Nomination.Status
# Organisers always pass; lab hosts will see the students offered to them on pages of their own.
nominating_staff = role_required(Role.COORDINATOR)
REFUSALS = (RuleViolation, PermissionDenied)
ORGANISER_PAGE_SIZE = 50


def _chosen_season(request: HttpRequest) -> tuple[Season | None, list[Season]]:
    """The season asked for by `?season=` (or a form's `season`), else the current one."""
    seasons = list(seasons_visible_to(request.user))
    wanted = request.POST.get("season") or request.GET.get("season")
    by_pk = {str(season.pk): season for season in seasons}
    return by_pk.get(wanted) or current_season(), seasons


def _list_url(season: Season | None) -> str:
    url = reverse("nominations:list")
    return f"{url}?season={season.pk}" if season else url


def _with_missing(nominations) -> list[Nomination]:
    """Each draft learns what it still lacks, read from the selector's prefetched rows."""
    nominations = list(nominations)
    for nomination in nominations:
        is_draft = nomination.status == Status.DRAFT
        nomination.missing = services.missing_items(nomination) if is_draft else []
    return nominations


def _refuse(request: HttpRequest, refused: Exception) -> None:
    messages.error(request, str(refused) or _("You may not do this."))


# --- the list --------------------------------------------------------------------------------


@nominating_staff
def nomination_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_organiser:
        return _organiser_list(request)
    return _coordinator_list(request)


def _coordinator_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    season, seasons = _chosen_season(request)
    context = {"season": season, "seasons": seasons, "city": user.city}
    if season is not None:
        nominations = (
            nominations_visible_to(user)
            .filter(season=season)
            .order_by(F("rank").asc(nulls_last=True), "family_name", "given_name")
        )
        quota = quotas_visible_to(user).filter(season=season).first()
        deadline = services.deadline_for(season, user.city)
        context |= {
            "nominations": _with_missing(nominations),
            "quota": quota,
            "use": QuotaUse.of(quota) if quota else None,
            "deadline": deadline,
            "may_edit": _allowed(services.ensure_may_edit, user, season, user.city),
        }
    return render(request, "nominations/list.html", context)


def _organiser_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "season" not in data and (season := current_season()):
        data["season"] = str(season.pk)
    visible = nominations_visible_to(request.user)
    nomination_filter = NominationFilter(data, queryset=visible)
    page = Paginator(nomination_filter.qs, ORGANISER_PAGE_SIZE).get_page(data.get("page"))
    page.object_list = _with_missing(page.object_list)

    # Counts per status within the other filters, so each links to its share of the list.
    without_status = data.copy()
    without_status.pop("status", None)
    without_status.pop("page", None)
    counted = NominationFilter(without_status, queryset=visible).qs.prefetch_related(None)
    counts = dict(counted.order_by().values_list("status").annotate(count=Count("pk")))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "nominations/list.html",
        {
            "filter": nomination_filter,
            "season": nomination_filter.form.cleaned_data.get("season"),
            "page": page,
            "query": query.urlencode(),
            "status_query": without_status.urlencode(),
            "chosen_status": data.getlist("status"),
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Status.choices
            ],
            "total": sum(counts.values()),
        },
    )


def _refusal(rule, *args) -> Exception | None:
    """What a service's check refuses, if anything: pages offer only what would succeed."""
    try:
        rule(*args)
    except REFUSALS as refused:
        return refused
    return None


def _allowed(rule, *args) -> bool:
    return _refusal(rule, *args) is None


@require_POST
@nominating_staff
def nomination_rank(request: HttpRequest) -> HttpResponse:
    """Up/down buttons move one nomination; dragging posts the whole order."""
    user = request.user
    season, _seasons = _chosen_season(request)
    city = user.city or cities_visible_to(user).filter(slug=request.POST.get("city")).first()
    form = RankForm(request.POST)
    if season is None or city is None or not form.is_valid():
        messages.error(request, _("The ranking could not be changed: the request was incomplete."))
        return redirect(_list_url(season))
    current = list(
        nominations_visible_to(user)
        .filter(season=season, city=city)
        .order_by(F("rank").asc(nulls_last=True), "family_name", "given_name")
        .values_list("pk", flat=True)
    )
    try:
        services.rank_nominations(
            actor=user, season=season, city=city, order=form.new_order(current)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except REFUSALS as refused:
        _refuse(request, refused)
    else:
        messages.success(request, _("The ranking is saved."))
    return redirect(_list_url(season))


# --- creating and editing --------------------------------------------------------------------


@nominating_staff
def nomination_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    season, _seasons = _chosen_season(request)
    if season is None:
        messages.error(request, _("No season has been set up yet."))
        return redirect("nominations:list")
    if user.is_coordinator and (
        refused := _refusal(services.ensure_may_edit, user, season, user.city)
    ):
        _refuse(request, refused)
        return redirect(_list_url(season))
    form = NominationForm(
        request.POST or None,
        actor=user,
        ask_for_city=user.is_organiser,
        initial={"season": season, "city": request.GET.get("city")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            nomination = form.save(season=season, city=user.city)
        except ValidationError as error:
            form.add_service_errors(error)
        except REFUSALS as refused:
            _refuse(request, refused)
        else:
            messages.success(
                request, _("%(student)s is nominated as a draft.") % {"student": nomination}
            )
            return redirect("nominations:detail", pk=nomination.pk)
    return render(request, "nominations/form.html", {"form": form, "season": season})


@nominating_staff
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    nomination = get_object_or_404(nominations_visible_to(user), pk=pk)
    refused = _refusal(
        services.ensure_may_edit, user, nomination.season, nomination.city, nomination
    )
    if refused:
        _refuse(request, refused)
        return redirect("nominations:detail", pk=nomination.pk)
    form = NominationForm(request.POST or None, instance=nomination, actor=user)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as error:
            form.add_service_errors(error)
        except REFUSALS as refused:
            _refuse(request, refused)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/form.html",
        {"form": form, "nomination": nomination, "season": nomination.season},
    )


@require_POST
@nominating_staff
def nomination_delete(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    try:
        services.delete_nomination(nomination, actor=request.user)
    except REFUSALS as refused:
        _refuse(request, refused)
        return redirect("nominations:detail", pk=nomination.pk)
    messages.success(request, _("The draft of %(student)s is deleted.") % {"student": nomination})
    return redirect(_list_url(nomination.season))


# --- the detail and review page --------------------------------------------------------------


@nominating_staff
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    return render(request, "nominations/detail.html", _review(request, nomination))


def _review(
    request: HttpRequest,
    nomination: Nomination,
    upload_form: DocumentUploadForm | None = None,
) -> dict:
    user = request.user
    files = (
        documents_visible_to(user).filter(nomination=nomination).order_by("kind", "-uploaded_at")
    )
    files = list(files.select_related("uploaded_by"))
    quota = quotas_visible_to(user).filter(season=nomination.season, city=nomination.city).first()
    use = QuotaUse.of(quota) if quota else None
    actions = [
        name
        for name, action in services.ACTIONS.items()
        if nomination.status in action.sources
        and (user.is_organiser or user.effective_role in action.roles)
    ]
    may_edit = nomination.status != Status.WITHDRAWN and _allowed(
        services.ensure_may_edit, user, nomination.season, nomination.city, nomination
    )
    return {
        "nomination": nomination,
        "missing": services.missing_items(nomination) if nomination.status == Status.DRAFT else [],
        "show_sensitive": may_see_sensitive(user),
        "current_documents": [document for document in files if document.is_current],
        "earlier_documents": [document for document in files if not document.is_current],
        "history": history_of(nomination),
        "emails": emails_about(nomination, user).order_by("-created_at")
        if user.is_organiser
        else [],
        "actions": actions,
        "over_quota": "accept" in actions and use is not None and use.places_full,
        "quota": quota,
        "use": use,
        "may_edit": may_edit,
        "upload_form": upload_form or DocumentUploadForm(),
    }


@require_POST
@nominating_staff
def nomination_action(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("nominations:detail", pk=nomination.pk)
    try:
        nomination = services.perform(
            nomination,
            form.cleaned_data["action"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
            over_quota=form.cleaned_data["over_quota"],
        )
    except REFUSALS as refused:
        _refuse(request, refused)
    else:
        messages.success(
            request,
            _("%(student)s is now %(status)s.")
            % {"student": nomination.full_name, "status": nomination.get_status_display()},
        )
    return redirect("nominations:detail", pk=nomination.pk)


@require_POST
@nominating_staff
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = documents.upload_document(
                nomination,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except REFUSALS as refused:
            _refuse(request, refused)
            return redirect("nominations:detail", pk=nomination.pk)
        else:
            messages.success(
                request,
                _("%(kind)s uploaded: %(file)s")
                % {"kind": document.get_kind_display(), "file": document.filename},
            )
            return redirect(reverse("nominations:detail", args=[nomination.pk]) + "#documents")
    messages.error(request, _("The document was not uploaded; see the upload form."))
    return render(request, "nominations/detail.html", _review(request, nomination, form))


@nominating_staff
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A download by default; `?inline=1` shows it in the review page, sandboxed."""
    document = get_object_or_404(
        documents_visible_to(request.user), pk=document_pk, nomination_id=pk
    )
    return documents.document_response(document, inline=request.GET.get("inline") == "1")


# --- Excel import ----------------------------------------------------------------------------


@nominating_staff
def nomination_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    season, _seasons = _chosen_season(request)
    if season is None:
        messages.error(request, _("No season has been set up yet."))
        return redirect("nominations:list")
    form = ImportForm(request.POST or None, request.FILES or None, ask_for_city=user.is_organiser)
    errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        city: City = form.cleaned_data.get("city") or user.city
        try:
            created = spreadsheet.import_nominations(
                form.cleaned_data["file"], actor=user, season=season, city=city
            )
        except spreadsheet.ImportRejected as rejected:
            errors = rejected.errors
            # The corrected file has to be chosen again; only the city is kept.
            form = ImportForm(ask_for_city=user.is_organiser, initial={"city": city})
            messages.error(
                request, _("Nothing was imported: correct the rows below and upload again.")
            )
        except ValidationError as error:
            form.add_error("file", error)
        except REFUSALS as refused:
            _refuse(request, refused)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d nomination imported as a draft.",
                    "%(count)d nominations imported as drafts.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(_list_url(season))
    return render(
        request, "nominations/import.html", {"form": form, "season": season, "errors": errors}
    )


@nominating_staff
def import_template(request: HttpRequest) -> HttpResponse:
    season, _seasons = _chosen_season(request)
    if season is None:
        messages.error(request, _("No season has been set up yet."))
        return redirect("nominations:list")
    return spreadsheet.template_response(season)
