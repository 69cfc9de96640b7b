"""The outbound programmes' pages without an account: the pupils' application (the NYSF's at
/nysf/apply/, another programme's at /nysf/apply/<slug>/) and the principal's confirmation."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ish.accounts.personal_links import link_invalid
from ish.addresses import client_address
from ish.errors import RuleViolation
from ish.exchange import services
from ish.exchange.forms import ApplicationForm, NominatorForm
from ish.exchange.models import Application, OutboundProgramme
from ish.exchange.selectors import programmes_open_for_applications, season_open_for_applications

# The applications this browser sent, so that the thank-you page names the programmes.
APPLIED = "exchange_applied"


@never_cache
def apply(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    programme = (
        OutboundProgramme.objects.filter(slug=slug).first() if slug else OutboundProgramme.nysf()
    )
    if programme is None:
        raise Http404
    season = season_open_for_applications(programme)
    others = [
        (other, other_season)
        for other, other_season in programmes_open_for_applications()
        if other != programme
    ]
    if season is None:
        return render(request, "exchange/closed.html", {"programme": programme, "others": others})
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        season=season,
        programme=programme,
        full_schools=services.schools_full(season, programme),
    )
    context = {
        "form": form,
        "season": season,
        "programme": programme,
        "deadline": programme.deadline_in(season),
        "limit": programme.candidates_per_school_and_gender,
        "others": others,
    }
    if request.method == "POST":
        try:
            # Every attempt counts (a bot need not send a valid form to cost us uploads); a
            # pupil correcting mistakes has four times the room of successful applications.
            services.throttle(
                client_address(request),
                what="attempt",
                per_hour=4 * settings.EXCHANGE_APPLICATIONS_PER_HOUR,
            )
        except services.TooManyRequests as refused:
            return render(
                request, "exchange/apply.html", context | {"throttled": str(refused)}, status=429
            )
    if request.method == "POST" and form.is_valid():
        if form.is_bot:  # look successful, store nothing
            return redirect("exchange:applied")
        try:
            services.throttle(client_address(request))
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            application = services.apply(
                season=season, programme=programme, documents=form.documents(), **data
            )
        except services.TooManyRequests as refused:
            return render(
                request, "exchange/apply.html", context | {"throttled": str(refused)}, status=429
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except RuleViolation as violation:
            form.add_error(None, violation.message)
        else:
            request.session[APPLIED] = [*request.session.get(APPLIED, []), application.pk][-10:]
            return redirect("exchange:applied")
    return render(request, "exchange/apply.html", context)


@never_cache
def applied(request: HttpRequest) -> HttpResponse:
    """Thanks, naming every programme this browser's applicant applied to this season."""
    sent = Application.objects.filter(pk__in=request.session.get(APPLIED, [])).select_related(
        "season"
    )
    latest = sent.order_by("-created_at").first()
    programmes = services.programmes_applied_to(latest) if latest else []
    others = [
        (programme, season)
        for programme, season in programmes_open_for_applications()
        if programme.name not in programmes
    ]
    return render(request, "exchange/applied.html", {"programmes": programmes, "others": others})


@never_cache
def confirm_nomination(request: HttpRequest, token: str) -> HttpResponse:
    try:
        application = services.application_for_nominator(token)
    except PermissionDenied:
        return link_invalid(
            request, _("Please write to the ISH office if you still need to confirm a nomination.")
        )
    form = NominatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_nomination(
                application, confirmed=form.cleaned_data["decision"] == "confirm"
            )
        except RuleViolation as violation:
            messages.error(request, violation.message)
        else:
            messages.success(request, _("Thank you, your answer is saved."))
        return redirect("exchange:confirm_nomination", token=token)
    return render(
        request, "exchange/confirm_nomination.html", {"application": application, "form": form}
    )
