"""The review page of one nomination: its data, documents, history, e-mails and the actions its
reader may take (the decisions themselves are the student's lifecycle: ish.participants.views)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ish.audit import record_read
from ish.nominations import services
from ish.nominations.forms import DocumentUploadForm
from ish.nominations.models import Nomination
from ish.nominations.quotas import QuotaUse
from ish.nominations.selectors import (
    documents_visible_to,
    history_of,
    may_see_sensitive,
    nominations_visible_to,
    still_missing,
    trail_card,
)
from ish.nominations.views.common import Status, allowed, nominating_staff
from ish.notifications.selectors import emails_about
from ish.seasons.selectors import quotas_visible_to


@nominating_staff
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    context = review_context(request, nomination)
    if context["show_sensitive"]:
        record_read(nomination, request.user)
    return render(request, "nominations/detail.html", context)


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
    actions = services.offered_actions(nomination, user)
    may_edit = nomination.status != Status.WITHDRAWN and allowed(
        services.ensure_may_edit, user, nomination.season, nomination.city, nomination
    )
    return {
        "nomination": nomination,
        "missing": still_missing(nomination),
        "show_sensitive": may_see_sensitive(user),
        "current_documents": [document for document in files if document.is_current],
        "earlier_documents": [document for document in files if not document.is_current],
        "history": history_of(nomination),
        "trail": trail_card(user, nomination, with_belongings=True),
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
