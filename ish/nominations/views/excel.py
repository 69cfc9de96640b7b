"""The Excel template download and the all-or-nothing import page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ish.nominations import services, spreadsheet
from ish.nominations.forms import ImportForm
from ish.nominations.views.common import (
    REFUSALS,
    nominating_staff,
    refuse,
)
from ish.seasons.models import Season
from ish.seasons.pages import season_required, season_url


@nominating_staff
@season_required("nominations:list")
def nomination_import(request: HttpRequest, season: Season) -> HttpResponse:
    user = request.user
    form = ImportForm(request.POST or None, request.FILES or None, ask_for_city=user.is_organiser)
    errors: list[dict] = []
    if request.method == "POST" and form.is_valid():
        city = services.city_for(user, form.cleaned_data.get("city"))
        try:
            created = spreadsheet.import_nominations(
                form.cleaned_data["file"], actor=user, season=season, city=city
            )
        except spreadsheet.ImportRejected as rejected:
            # The corrected file has to be chosen again; only the city is kept.
            form = ImportForm(ask_for_city=user.is_organiser, initial={"city": city})
            if any(error["row"] is not None for error in rejected.errors):
                errors = rejected.errors
                messages.error(
                    request, _("Nothing was imported: correct the rows below and upload again.")
                )
            else:
                # Refused as a whole (not a workbook, too large, after the deadline): there are
                # no rows to correct, so the refusal is the message.
                messages.error(
                    request,
                    _("Nothing was imported: %(reason)s")
                    % {"reason": " ".join(error["message"] for error in rejected.errors)},
                )
        except ValidationError as error:
            form.add_error("file", error)
        except REFUSALS as refused:
            refuse(request, refused)
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
            return redirect(season_url("nominations:list", season))
    return render(
        request, "nominations/import.html", {"form": form, "season": season, "errors": errors}
    )


@nominating_staff
@season_required("nominations:list")
def import_template(request: HttpRequest, season: Season) -> HttpResponse:
    return spreadsheet.template_response(season)
