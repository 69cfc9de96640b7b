"""Uploading a nomination's documents and downloading them through a permission check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.bidi import isolated
from ish.nominations import documents
from ish.nominations.forms import DocumentUploadForm
from ish.nominations.selectors import documents_visible_to, nominations_visible_to
from ish.nominations.views.common import REFUSALS, nominating_staff, refuse
from ish.nominations.views.review import review_context
from ish.uploads import document_response, owned_document_or_404


@require_POST
@nominating_staff
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = documents.upload_document(
                nomination,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except REFUSALS as refused:
            refuse(request, refused)
            return redirect("nominations:detail", pk=nomination.pk)
        else:
            messages.success(
                request,
                _("%(kind)s uploaded: %(file)s")
                % {"kind": document.get_kind_display(), "file": isolated(document.filename)},
            )
            return redirect(reverse("nominations:detail", args=[nomination.pk]) + "#documents")
    messages.error(request, _("The document was not uploaded; see the upload form."))
    return render(request, "nominations/detail.html", review_context(request, nomination, form))


@nominating_staff
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A download by default; `?inline=1` shows it in the review page, sandboxed."""
    document = owned_document_or_404(documents_visible_to(request.user), pk, document_pk)
    return document_response(document, request.user, inline=request.GET.get("inline") == "1")
