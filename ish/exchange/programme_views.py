"""The office's programmes page: every outbound programme, and the form that adds or changes
one (organisers only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.exchange import programmes
from ish.exchange.forms import ProgrammeForm
from ish.exchange.selectors import programmes_visible_to
from ish.seasons.selectors import current_season


@organiser_required
def programme_list(request: HttpRequest) -> HttpResponse:
    season = current_season()
    shown = programmes_visible_to(request.user)
    if season is not None:
        shown = shown.annotate(applied=Count("applications", filter=Q(applications__season=season)))
    return render(request, "exchange/programmes.html", {"programmes": shown, "season": season})


@organiser_required
def programme_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    programme = (
        get_object_or_404(programmes_visible_to(request.user), slug=slug)
        if slug is not None
        else None
    )
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = programmes.save_programme(
                programme, actor=request.user, **form.programme_fields()
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request, _("%(programme)s is saved.") % {"programme": isolated(saved.name)}
            )
            return redirect(reverse("exchange:programmes"))
    if programme is not None:
        programme.refresh_from_db()  # the heading shows what is stored
    return render(request, "exchange/programme_form.html", {"form": form, "programme": programme})
