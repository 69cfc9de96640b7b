"""The pages of the student's lifecycle: the office's and coordinators' decisions and
withdrawals on the review page, editing a nomination's details, the arrivals page with a new
self-service link for who has not answered, the student's own self-service page (reached by
their link, no account), and the office's download of everything stored about a student.

They live here, above the areas whose pages show the buttons, because what they do spans those
areas (ish.participants.services, ish.participants.personal_data)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ish.accounts import personal_links
from ish.accounts.decorators import organiser_required
from ish.audit import record_read
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.history import Actor
from ish.nominations import services as nominations
from ish.nominations.forms import DecisionForm, NominationForm
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.nominations.views.common import REFUSALS, nominating_staff, refusal, refuse
from ish.notifications.services import absolute_url
from ish.participants import links, personal_data, services
from ish.participants.arrivals import arrivals_page
from ish.participants.forms import SelfServiceForm
from ish.programme import calendars
from ish.programme.selectors import events_of
from ish.seasons.pages import chosen_season, season_url

# --- the office and the coordinators --------------------------------------------------------


@require_POST
@nominating_staff
def nomination_action(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision, confirmation or withdrawal from the review page."""
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
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
        refuse(request, refused)
    else:
        messages.success(
            request,
            _("%(student)s is now %(status)s.")
            % {
                "student": isolated(nomination.full_name),
                "status": nomination.get_status_display(),
            },
        )
    return redirect("nominations:detail", pk=nomination.pk)


@nominating_staff
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A nomination's data: its coordinator's draft, or anything the office corrects."""
    user = request.user
    nomination = get_object_or_404(nominations_visible_to(user), pk=pk)
    refused = refusal(
        nominations.ensure_may_edit, user, nomination.season, nomination.city, nomination
    )
    if refused:
        refuse(request, refused)
        return redirect("nominations:detail", pk=nomination.pk)
    form = NominationForm(request.POST or None, instance=nomination, actor=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_details(
                nomination, actor=user, interests=form.interests(), **form.nomination_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except REFUSALS as refused:
            refuse(request, refused)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("nominations:detail", pk=nomination.pk)
    return render(
        request,
        "nominations/form.html",
        {"form": form, "nomination": nomination, "season": nomination.season},
    )


@organiser_required
def arrivals(request: HttpRequest) -> HttpResponse:
    """Who arrives and leaves on which day and where they stay, and who has not answered their
    link yet (with a button for a new one)."""
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        context["page"] = arrivals_page(request.user, season, request.GET)
    return render(request, "participants/arrivals.html", context)


@organiser_required
def nomination_personal_data(request: HttpRequest, pk: int) -> FileResponse:
    """Everything stored about the student, and their documents, as one ZIP (audited)."""
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    return personal_data.download(nomination, request.user)


@require_POST
@organiser_required
def resend_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A new self-service link for the student; the one sent before stops working."""
    nomination: Nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    try:
        links.send_link(nomination, resend=True)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("A new link is on its way to %(student)s (%(email)s); the earlier one stops working.")
            % {"student": isolated(nomination.full_name), "email": isolated(nomination.email)},
        )
    return redirect(season_url("participants:arrivals", nomination.season, "unanswered"))


# --- the student, through their link ---------------------------------------------------------


@never_cache
@csrf_protect
def self_service(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.open_link(token)
    except links.LinkInvalid:
        return link_invalid(request)
    nomination = link.nomination
    record_read(nomination, by=Actor.STUDENT)
    language = personal_links.link_language(request, nomination.language)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    form = SelfServiceForm.for_nomination(nomination, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attending = data.pop("attending")
        try:
            services.answer(link, attending=attending, **data)
        except ValidationError as error:
            problems = error.error_dict if hasattr(error, "error_dict") else {None: error}
            for field, problem in problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except RuleViolation as violation:
            form.add_error(None, violation.message)
        else:
            messages.success(request, _("Thank you! Your details are saved."))
            return redirect("participants:self_service", token=token)
    return render(
        request,
        "participants/self_service.html",
        {
            "form": form,
            "nomination": nomination,
            "link": link,
            "office_email": settings.ISH_OFFICE_EMAIL,
            "programme": calendars.coming_days(nomination),
            "calendar_url": absolute_url(reverse("participants:calendar", args=[token])),
        },
    )


@require_GET
def participant_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The student's own programme for their calendar app, by the token of their self-service
    link: it stops with the link (the programme's end, a resent or revoked link)."""
    if not calendars.feed_allowed(request):
        return calendars.too_many_requests()
    try:
        nomination = links.valid_link(token).nomination
    except links.LinkInvalid:
        raise Http404 from None
    return calendars.calendar_response(events_of(nomination), language=nomination.language)


def link_invalid(request: HttpRequest) -> HttpResponse:
    explanation = _(
        "It may have expired or been replaced by a newer one. Please write to the ISH office and "
        "ask for a new link."
    )
    return personal_links.link_invalid(request, explanation)
