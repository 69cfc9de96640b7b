"""The NYSF pages without an account: the pupils' application and the principal's confirmation."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ish.addresses import client_address
from ish.errors import RuleViolation
from ish.exchange import services
from ish.exchange.forms import ApplicationForm, NominatorForm
from ish.exchange.selectors import season_open_for_applications


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    season = season_open_for_applications()
    if season is None:
        return render(request, "exchange/closed.html")
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        season=season,
        full_schools=services.schools_full(season),
    )
    context = {
        "form": form,
        "season": season,
        "limit": settings.EXCHANGE_CANDIDATES_PER_SCHOOL_AND_GENDER,
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
            services.apply(season=season, documents=form.documents(), **data)
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
            return redirect("exchange:applied")
    return render(request, "exchange/apply.html", context)


def applied(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/applied.html")


@never_cache
def confirm_nomination(request: HttpRequest, token: str) -> HttpResponse:
    try:
        application = services.application_for_nominator(token)
    except PermissionDenied:
        return render(request, "exchange/link_invalid.html", status=404)
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
