"""The exports page: start a workbook, watch its progress, download it when it is ready."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.audit import record_read
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.rosters import services
from ish.rosters.forms import ExportForm
from ish.rosters.models import ExportJob
from ish.rosters.selectors import exports_visible_to
from ish.seasons.selectors import current_season
from ish.uploads import file_response


def _ensure_may_export(request: HttpRequest) -> list[str]:
    kinds = services.kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    return kinds


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    kinds = _ensure_may_export(request)
    form = ExportForm(request.POST or None, kinds=kinds, initial={"season": current_season()})
    if request.method == "POST" and form.is_valid():
        job = services.request_export(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "Export of %(export)s started: its progress is shown below. You also get an "
                "e-mail when it is ready."
            )
            % {"export": isolated(_export_name(job))},
        )
        return redirect("rosters:list")
    jobs = exports_visible_to(request.user).filter(requested_by=request.user)[:30]
    return render(request, "rosters/list.html", {"form": form, "jobs": jobs})


def _export_name(job: ExportJob) -> str:
    return f"{capfirst(job.get_kind_display())} {job.season.year}"


@login_required
def export_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One job's row, polled by htmx while the worker writes the workbook; the poll that finds
    it finished also says so in the page's live region, for those who cannot see the bar."""
    job = get_object_or_404(exports_visible_to(request.user), pk=pk)
    context = {"job": job, "announce": not job.in_progress, "export_name": _export_name(job)}
    return render(request, "rosters/_job.html", context)


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(exports_visible_to(request.user), pk=pk)
    if not job.is_downloadable:
        raise Http404
    record_read(job, request.user, download=job.filename)
    return file_response(job.file, job.filename, job.content_type)


@require_POST
@login_required
def export_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(exports_visible_to(request.user), pk=pk)
    try:
        services.retry(job, user=request.user)
    except RuleViolation as violation:
        messages.error(request, violation.message)
    return redirect("rosters:list")
