"""The nominations list's "Export the selection": the selected students the reader may see, as
one workbook with the list's columns and their contact, each read written to the audit log."""

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ish import bulk
from ish.audit import record_read
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.nominations.views.common import nominating_staff
from ish.spreadsheets import Column, Sheet, choice_labels, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def selection_sheet(nominations) -> Sheet:
    statuses = choice_labels(Nomination.Status.choices)
    return Sheet(
        gettext_lazy("Nominations"),
        [
            Column(gettext_lazy("Family name"), 20, lambda n: n.family_name),
            Column(gettext_lazy("Given name"), 18, lambda n: n.given_name),
            Column(gettext_lazy("City"), 16, lambda n: str(n.city)),
            Column(gettext_lazy("Season"), 8, lambda n: n.season.year),
            Column(gettext_lazy("Rank"), 6, lambda n: n.rank),
            Column(gettext_lazy("Status"), 12, lambda n: statuses[n.status]),
            Column(gettext_lazy("E-mail"), 28, lambda n: n.email),
            Column(gettext_lazy("School"), 28, lambda n: n.school),
        ],
        nominations,
    )


@require_POST
@nominating_staff
def export_selection(request: HttpRequest) -> HttpResponse:
    """Only rows the reader may see are written: another city's id is left out as one that does
    not exist."""
    ids = bulk.selected_ids(request.POST)
    if not ids:
        messages.error(request, _("Select at least one row, then an action."))
        return redirect(bulk.back_url(request, reverse("nominations:list")))
    chosen = (
        nominations_visible_to(request.user)
        .prefetch_related(None)
        .filter(pk__in=ids)
        .order_by("city__name", "family_name", "given_name", "pk")
    )
    # The file is named by Heidelberg time, as every time on the pages is shown.
    filename = f"nominations-{timezone.localtime():%Y-%m-%d-%H%M}.xlsx"
    target = io.BytesIO()
    write_workbook([selection_sheet(chosen)], target, title=_("Nominations"))
    for nomination in chosen:
        record_read(nomination, request.user, download=filename)
    response = HttpResponse(target.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
