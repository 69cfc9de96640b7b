"""Creating and deleting a draft nomination (before the deadline, for coordinators). Editing a
nomination is the student's lifecycle (its details feed housing's warnings): ish.participants."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.bidi import isolated
from ish.nominations import services
from ish.nominations.forms import NominationForm
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.nominations.views.common import (
    REFUSALS,
    nominating_staff,
    refusal,
    refuse,
)
from ish.seasons.models import Season
from ish.seasons.pages import season_required, season_url


@nominating_staff
@season_required("nominations:list")
def nomination_create(request: HttpRequest, season: Season) -> HttpResponse:
    user = request.user
    if user.is_coordinator and (
        refused := refusal(services.ensure_may_edit, user, season, user.city)
    ):
        refuse(request, refused)
        return redirect(season_url("nominations:list", season))
    form = NominationForm(
        request.POST or None,
        # The rules that read the season (the age on its first day) are checked with the rest.
        instance=Nomination(season=season, city=user.city),
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
            refuse(request, refused)
        else:
            messages.success(
                request,
                _("%(student)s is nominated as a draft.") % {"student": isolated(nomination)},
            )
            return redirect("nominations:detail", pk=nomination.pk)
    return render(request, "nominations/form.html", {"form": form, "season": season})


@require_POST
@nominating_staff
def nomination_delete(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    try:
        services.delete_nomination(nomination, actor=request.user)
    except REFUSALS as refused:
        refuse(request, refused)
        return redirect("nominations:detail", pk=nomination.pk)
    messages.success(
        request, _("The draft of %(student)s is deleted.") % {"student": isolated(nomination)}
    )
    return redirect(season_url("nominations:list", nomination.season))
