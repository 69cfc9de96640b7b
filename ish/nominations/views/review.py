"""The review page of one nomination (data, documents, history) and the decisions taken on it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.nominations import services
from ish.nominations.forms import ActionForm, DocumentUploadForm
from ish.nominations.models import Nomination
from ish.nominations.quotas import QuotaUse
from ish.nominations.selectors import (
    documents_visible_to,
    history_of,
    may_see_sensitive,
    nominations_visible_to,
)
from ish.nominations.views.common import REFUSALS, Status, allowed, nominating_staff, refuse
from ish.notifications.selectors import emails_about
from ish.seasons.selectors import quotas_visible_to


@nominating_staff
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    return render(request, "nominations/detail.html", review_context(request, nomination))


def review_context(
    request: HttpRequest,
    nomination: Nomination,
    upload_form: DocumentUploadForm | None = None,
) -> dict:
    """Everything the review page shows its reader, and the actions it offers them."""
    user = request.user
    files = (
        documents_visible_to(user).filter(nomination=nomination).order_by("kind", "-uploaded_at")
    )
    files = list(files.select_related("uploaded_by"))
    quota = quotas_visible_to(user).filter(season=nomination.season, city=nomination.city).first()
    use = QuotaUse.of(quota) if quota else None
    actions = [
        name
        for name, action in services.ACTIONS.items()
        if nomination.status in action.sources
        and (user.is_organiser or user.effective_role in action.roles)
    ]
    may_edit = nomination.status != Status.WITHDRAWN and allowed(
        services.ensure_may_edit, user, nomination.season, nomination.city, nomination
    )
    return {
        "nomination": nomination,
        "missing": services.missing_items(nomination) if nomination.status == Status.DRAFT else [],
        "show_sensitive": may_see_sensitive(user),
        "current_documents": [document for document in files if document.is_current],
        "earlier_documents": [document for document in files if not document.is_current],
        "history": history_of(nomination),
        "emails": emails_about(nomination, user).order_by("-created_at")
        if user.is_organiser
        else [],
        "actions": actions,
        "over_quota": "accept" in actions and use is not None and use.places_full,
        "quota": quota,
        "use": use,
        "may_edit": may_edit,
        "upload_form": upload_form or DocumentUploadForm(),
    }


@require_POST
@nominating_staff
def nomination_action(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    form = ActionForm(request.POST)
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
            % {"student": nomination.full_name, "status": nomination.get_status_display()},
        )
    return redirect("nominations:detail", pk=nomination.pk)
