"""The office's pages that open the calls: the season's application deadline (the NYSF's, and
that of every programme without its own), each active programme's deadline and limit, and the
schools whose pupils may apply. The other office pages are in `views`, the public ones in
`public_views`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.exchange import opening
from ish.exchange.forms import CallForm, SchoolForm
from ish.exchange.models import OutboundProgramme
from ish.exchange.selectors import (
    programme_calls,
    schools_visible_to,
    season_open_for_applications,
)
from ish.seasons.models import Season
from ish.seasons.pages import chosen_season, season_url
from ish.seasons.selectors import seasons_visible_to


def _show_errors(form: Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@organiser_required
def call(request: HttpRequest) -> HttpResponse:
    season, seasons = chosen_season(request)
    form = CallForm(initial={"exchange_deadline": season.exchange_deadline} if season else None)
    return render(request, "exchange/call.html", _call(request, season, seasons, form))


def _call(request: HttpRequest, season: Season | None, seasons: list[Season], form: Form) -> dict:
    schools = schools_visible_to(request.user).order_by("-is_active", "name")
    if season is not None:
        schools = schools.annotate(
            applied=Count("applications", filter=Q(applications__season=season))
        )
    return {
        "season": season,
        "seasons": seasons,
        "form": form,
        "schools": schools,
        "open_season": season_open_for_applications(),
        "now": timezone.now(),
        "apply_url": request.build_absolute_uri(reverse("exchange:apply")),
        "limit": OutboundProgramme.nysf().candidates_per_school_and_gender,
        "programme_calls": programme_calls(request.user, season) if season else [],
    }


@require_POST
@organiser_required
def call_deadline(request: HttpRequest, season_pk: int) -> HttpResponse:
    season = get_object_or_404(seasons_visible_to(request.user), pk=season_pk)
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            season = opening.set_exchange_deadline(
                season, deadline=form.cleaned_data["exchange_deadline"], actor=request.user
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if season.exchange_deadline:
                messages.success(
                    request,
                    _("NYSF %(year)s: applications are open until %(deadline)s.")
                    % {
                        "year": season.year,
                        "deadline": date_format(
                            timezone.localtime(season.exchange_deadline), "DATETIME_FORMAT"
                        ),
                    },
                )
            else:
                messages.success(
                    request, _("NYSF %(year)s: the call is closed.") % {"year": season.year}
                )
            return redirect(season_url("exchange:call", season))
    seasons = list(seasons_visible_to(request.user))
    return render(request, "exchange/call.html", _call(request, season, seasons, form))


@organiser_required
def school_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    school = get_object_or_404(schools_visible_to(request.user), pk=pk) if pk is not None else None
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SchoolForm.Meta.fields}
        try:
            saved = opening.save_school(school, actor=request.user, **fields)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(school)s is saved.") % {"school": isolated(saved.name)})
            return redirect(f"{reverse('exchange:call')}#schools")
    if school is not None:
        school.refresh_from_db()  # the form changed it in memory; the heading shows what is stored
    return render(request, "exchange/school_form.html", {"form": form, "school": school})
