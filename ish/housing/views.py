"""Portal pages of housing: the office's occupancy calendar with its assignments, suggestions,
beds assigned by hand and changed, and a coordinator's read-only view of their city's beds (the
accommodations and the arrivals have modules of their own). Views parse input and call the
services; every read goes through the selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required, role_required
from ish.accounts.models import Role, User
from ish.errors import RuleViolation
from ish.housing import mail, services, suggestions
from ish.housing.forms import (
    AssignForm,
    AssignmentChangeForm,
    first_nights_needed,
)
from ish.housing.models import HousingAssignment
from ish.housing.pages import calendar_page
from ish.housing.selectors import (
    accommodations_visible_to,
    assignments_visible_to,
    nights_without_bed,
    places_with_free_beds,
    students_to_house,
    students_without_bed,
)
from ish.notifications.summary import mails_written
from ish.pagination import page_of
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_required, season_url
from ish.seasons.selectors import seasons_visible_to
from ish.workflow import ActionForm

Status = HousingAssignment.Status
coordinator_required = role_required(Role.COORDINATOR)
# The last suggestion run's reasons, kept in the session so the calendar can show them beside
# each student who is still without a bed.
UNPLACED_SESSION_KEY = "housing_unplaced"
LIST_PAGE_SIZE = 50
# The hand assignment offers this many places, those with the most free beds for the nights.
PLACES_OFFERED = 20


def _assign_form(user: User, season: Season, data=None, chosen=None) -> AssignForm:
    """A bed for one student who needs one (`data["nomination"]` when posted, else `chosen`),
    the first nights of their stay without a bed as the dates, among the places with the most
    free beds for those nights (and the place posted, so that its refusal names the night)."""
    wanted = (data or {}).get("nomination", chosen)
    students = students_to_house(user, season).select_related("season", "city")
    students = students.filter(pk=wanted) if str(wanted or "").isdigit() else students.none()
    gaps = nights_without_bed(user, list(students))  # empty for one who needs no bed
    students = students.filter(pk__in=list(gaps))
    needing = [(student, gaps[student.pk]) for student in students]
    places = accommodations_visible_to(user).none()
    if needing:
        student, stretches = needing[0]
        check_in, check_out = first_nights_needed(student, {student.pk: stretches})
        best = places_with_free_beds(user, check_in, check_out, PLACES_OFFERED)
        places = accommodations_visible_to(user).filter(pk__in=[place.pk for place in best])
    posted_place = (data or {}).get("accommodation", "")
    if str(posted_place).isdigit():
        places = places | accommodations_visible_to(user).filter(pk=posted_place)
    return AssignForm(
        data,
        needing=needing,
        students=students,
        places=places.order_by("kind", "name", "pk"),
    )


# --- the organiser's calendar ----------------------------------------------------------------


def _render_calendar(
    request: HttpRequest,
    season: Season | None,
    seasons: list[Season] | None = None,
    form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The calendar page; `seasons` for its picker (read here when the caller has none), `form`
    shown with its errors."""
    if seasons is None:
        seasons = list(seasons_visible_to(request.user))
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        form = form or _assign_form(request.user, season, chosen=request.GET.get("student"))
        stored = request.session.get(UNPLACED_SESSION_KEY) or {}
        reasons = stored.get("reasons", {}) if stored.get("season") == season.pk else {}
        reasons = {int(pk): reason for pk, reason in reasons.items()}
        context |= {
            "page": calendar_page(request.user, season, reasons, request.GET),
            "form": form,
        }
    return render(request, "housing/calendar.html", context, status=status)


@organiser_required
def calendar(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    return _render_calendar(request, season, seasons)


@require_POST
@organiser_required
@season_required("housing:calendar")
def assign(request: HttpRequest, season: Season) -> HttpResponse:
    form = _assign_form(request.user, season, request.POST)
    if not form.is_valid():
        return _render_calendar(request, season, form=form, status=400)
    try:
        assignment = services.assign(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_service_errors(error)
        return _render_calendar(request, season, form=form, status=400)
    except RuleViolation as refused:
        form.add_error(None, refused.message)
        return _render_calendar(request, season, form=form, status=409)
    messages.success(
        request,
        _("%(student)s is proposed for %(place)s, %(check_in)s to %(check_out)s.")
        % {
            "student": assignment.nomination.full_name,
            "place": assignment.accommodation.name,
            "check_in": date_format(assignment.check_in),
            "check_out": date_format(assignment.check_out),
        },
    )
    return redirect(season_url("housing:calendar", season, "assignments"))


@require_POST
@organiser_required
@season_required("housing:calendar")
def suggest(request: HttpRequest, season: Season) -> HttpResponse:
    result = suggestions.suggest(season, actor=request.user)
    request.session[UNPLACED_SESSION_KEY] = {
        "season": season.pk,
        "reasons": {str(pk): reason for pk, reason in result.unplaced.items()},
    }
    messages.success(
        request,
        ngettext(
            "A bed is proposed for %(count)d student.",
            "Beds are proposed for %(count)d students.",
            result.proposed,
        )
        % {"count": result.proposed},
    )
    if result.unplaced:
        messages.warning(
            request,
            ngettext(
                "%(count)d student could not be placed; the reason is shown below.",
                "%(count)d students could not be placed; the reasons are shown below.",
                len(result.unplaced),
            )
            % {"count": len(result.unplaced)},
        )
    return redirect(season_url("housing:calendar", season, "assignments"))


@require_POST
@organiser_required
@season_required("housing:calendar")
def confirm_all(request: HttpRequest, season: Season) -> HttpResponse:
    result = services.confirm_all(season, actor=request.user)
    if not result.confirmed:
        messages.info(request, _("There were no proposals to confirm."))
        return redirect(season_url("housing:calendar", season, "assignments"))
    confirmed = ngettext(
        "%(count)d proposal is confirmed.", "%(count)d proposals are confirmed.", result.confirmed
    ) % {"count": result.confirmed}
    messages.success(request, f"{confirmed} {mails_written(result.told.emails)}")
    _warn_not_told(request, result.told.not_told)
    return redirect(season_url("housing:calendar", season, "assignments"))


@require_POST
@organiser_required
def assignment_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or cancel one assignment, then back to the calendar of its season."""
    assignment = get_object_or_404(assignments_visible_to(request.user), pk=pk)
    back = season_url("housing:calendar", assignment.nomination.season, "assignments")
    form = ActionForm(request.POST, workflow=services.WORKFLOW)
    if not form.is_valid():
        messages.error(request, _("The request was incomplete; nothing was changed."))
        return redirect(back)
    student, place = assignment.nomination.full_name, assignment.accommodation.name
    # Confirming, and cancelling a confirmed bed, e-mail the student and the host: the message
    # says so only when both can be reached, else names who cannot.
    not_told = mail.not_told([assignment])
    try:
        if form.cleaned_data["action"] == "confirm":
            services.confirm(assignment, actor=request.user)
            message = (
                _("%(student)s at %(place)s is confirmed.")
                if not_told
                else _(
                    "%(student)s at %(place)s is confirmed; the student and the host are e-mailed."
                )
            )
        elif assignment.status == Status.CONFIRMED:
            services.cancel(assignment, actor=request.user)
            message = (
                _("%(student)s's bed at %(place)s is cancelled.")
                if not_told
                else _(
                    "%(student)s's bed at %(place)s is cancelled; the student and the host are "
                    "e-mailed."
                )
            )
        else:
            services.cancel(assignment, actor=request.user)
            message, not_told = _("%(student)s's bed at %(place)s is cancelled."), ()
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, message % {"student": student, "place": place})
        _warn_not_told(request, not_told)
    return redirect(back)


def _warn_not_told(request: HttpRequest, not_told: tuple[str, ...]) -> None:
    if not_told:
        messages.warning(request, _("Not e-mailed: %(people)s.") % {"people": "; ".join(not_told)})


@organiser_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Another place or other dates for one bed, checked like every bed."""
    assignment = get_object_or_404(assignments_visible_to(request.user), pk=pk)
    season = assignment.nomination.season
    form = AssignmentChangeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "accommodation": assignment.accommodation,
            "check_in": assignment.check_in,
            "check_out": assignment.check_out,
        },
        places=accommodations_visible_to(request.user).order_by("kind", "name"),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = services.change(assignment, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            except RuleViolation as refused:
                form.add_error(None, refused.message)
                status = 409
            else:
                _tell_changed(request, assignment, changed)
                return redirect(season_url("housing:calendar", season, f"assignment-{pk}"))
    return render(
        request,
        "housing/assignment_form.html",
        {"assignment": assignment, "form": form, "season": season},
        status=status,
    )


def _tell_changed(
    request: HttpRequest, before: HousingAssignment, after: HousingAssignment
) -> None:
    """What changed, and who was e-mailed: a confirmed bed's student and hosts (the one left
    too), unless one of them has no address, who is then named."""
    not_told: tuple[str, ...] = ()
    if after.status == Status.CONFIRMED and after.version != before.version:
        moved = [before.accommodation] if after.accommodation_id != before.accommodation_id else []
        not_told = mail.not_told([after], places=moved)
    messages.success(request, _changed_message(before, after, mailed=not not_told))
    _warn_not_told(request, not_told)


def _changed_message(
    before: HousingAssignment, after: HousingAssignment, *, mailed: bool = True
) -> str:
    if after.version == before.version:
        return _("Nothing was changed.")
    details = {
        "student": after.nomination.full_name,
        "place": after.accommodation.name,
        "check_in": date_format(after.check_in),
        "check_out": date_format(after.check_out),
    }
    mailing = mailed and after.status == Status.CONFIRMED
    if mailing and after.accommodation_id != before.accommodation_id:
        message = _(
            "%(student)s now stays at %(place)s, %(check_in)s to %(check_out)s; the student, the "
            "new host and the previous host are e-mailed."
        )
        return message % details
    if mailing:
        message = _(
            "%(student)s now stays at %(place)s, %(check_in)s to %(check_out)s; the student and "
            "the host are e-mailed."
        )
        return message % details
    return _("%(student)s now stays at %(place)s, %(check_in)s to %(check_out)s.") % details


# --- the coordinator's view ------------------------------------------------------------------


@coordinator_required
def city_housing(request: HttpRequest) -> HttpResponse:
    """Read-only: where a coordinator's city's students stay (organisers: every city's)."""
    user = request.user
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons, "city": user.city}
    if season is not None:
        context |= {
            "assignments": page_of(
                assignments_visible_to(user)
                .filter(nomination__season=season, status__in=HousingAssignment.OCCUPYING)
                .order_by("nomination__family_name", "nomination__given_name", "check_in", "pk"),
                LIST_PAGE_SIZE,
                request.GET,
            ),
            "without_bed": page_of(
                students_without_bed(user, season), LIST_PAGE_SIZE, request.GET, "without"
            ),
        }
    return render(request, "housing/city.html", context)
