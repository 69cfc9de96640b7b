"""The portal's shell: the dashboard per role, the organiser's season in charts, the badges'
colours, the health check and the error pages."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt

from ish.accounts.decorators import organiser_required
from ish.celery import broker_status
from ish.labs.selectors import labs_visible_to
from ish.nominations.quotas import QuotaUse
from ish.placements.selectors import lab_use
from ish.portal.attention import coordinator_attention, lab_host_attention, office_attention
from ish.portal.charts import season_charts
from ish.portal.selectors import WorkerStatus, beat_status, office_dashboard, worker_status
from ish.portal.status_colours import stylesheet
from ish.programme.attendance import todays_attendance
from ish.retention.selectors import season_retention
from ish.seasons.pages import chosen_season
from ish.seasons.selectors import current_season, quotas_visible_to


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    season = current_season()
    context = {"season": season, "role": user.effective_role}
    if user.is_organiser:
        context["dashboard"] = office_dashboard(user, season)
        context["attention"] = office_attention(user, season)
        context["todays_events"] = todays_attendance(user)
    elif user.is_coordinator:
        quota = quotas_visible_to(user).filter(season=season).first()
        context |= {"city": user.city, "quota": quota, "use": QuotaUse.of(quota) if quota else None}
        context["attention"] = coordinator_attention(user, season)
    elif user.is_lab_host:
        lab = labs_visible_to(user).get(pk=user.lab_id)
        context |= {"lab": lab, "lab_use": lab_use(lab, season) if season else None}
        context["attention"] = lab_host_attention(user, season)
        context["todays_events"] = todays_attendance(user)
    return render(request, "portal/dashboard.html", context)


@organiser_required
def season_figures(request: HttpRequest) -> HttpResponse:
    """The season in charts: nominations, lab places, beds, arrivals and the NYSF pipeline; and
    when its personal data goes (or went), with the counts of each retention run."""
    season, seasons = chosen_season(request)
    context = {"season": season, "seasons": seasons}
    if season is not None:
        context["charts"] = season_charts(season)
        context["retention"] = season_retention(season)
    return render(request, "portal/season.html", context)


# Its address carries the stylesheet's version (see status_colours_url): a new one has a new URL.
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def status_colours(request: HttpRequest) -> HttpResponse:
    """The class of each status colour, for the badges (see ish.portal.status_colours)."""
    return HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and docker-compose: 503 names the dependency that is down.

    Besides the database and the broker, where tasks go to a worker (not inline: "eager"), the
    worker and beat each count as down once their last heartbeat is older than
    HEARTBEAT_MAX_AGE_MINUTES: the worker's proves a task sent by beat through the broker was
    run, beat's that beat has sent a task (ish.portal.beat)."""
    status, code = {}, 200
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as error:  # any failure to reach the database means "down"
        status["database"], code = f"down: {error.__class__.__name__}", 503
    try:
        status["broker"] = broker_status()
    except Exception as error:  # any failure to reach the broker means "down"
        status["broker"], code = f"down: {error.__class__.__name__}", 503
    if status["broker"] != "eager":
        if status["database"] == "ok":
            status["worker"] = _heartbeat(worker_status())
            status["beat"] = _heartbeat(beat_status())
        else:
            status["worker"] = status["beat"] = "unknown: the database is down"
        if status["worker"] != "ok" or status["beat"] != "ok":
            code = 503
    return JsonResponse(status, status=code)


def _heartbeat(process: WorkerStatus) -> str:
    if process.alive:
        return "ok"
    if process.seen_at is None:
        return "down: no heartbeat yet"
    return f"down: last heartbeat at {process.seen_at.isoformat()} from {process.name}"


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refuses before any view runs (a body over DATA_UPLOAD_MAX_MEMORY_SIZE,
    a bad Host header, …)."""
    if _wants_json(request):
        if isinstance(exception, RequestDataTooBig):
            detail = _("The request body is too large.")
        else:
            detail = _("Bad request.")
        return JsonResponse({"detail": detail}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return defaults.permission_denied(request, exception)


# Exempt because it also answers every unknown /api/ path: a POST there is a 404 in JSON, not
# Django's HTML page about a missing CSRF token (API clients send none). It changes nothing.
@csrf_exempt
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return render(request, "500.html", status=500)
