"""Uploading a nomination's documents: PDF, PNG or JPEG by content, at most 10 MB, stored under
a private, unguessable path; a new upload of a kind keeps the old one as history."""

import filetype
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.nominations.models import Document, Nomination
from ish.nominations.services import ensure_may_edit

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def sniff(upload: UploadedFile) -> str:
    """The file's real type, read from its first bytes (never from its name or the browser)."""
    upload.seek(0)
    kind = filetype.guess(upload.read(2048))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            {"file": _("Upload a PDF, PNG or JPEG file; this file is %(type)s.")
                     % {"type": kind.mime if kind else _("of an unknown type")}}
        )  # fmt: skip
    return kind.mime


@transaction.atomic
def upload_document(
    nomination: Nomination, *, actor: User, kind: str, upload: UploadedFile
) -> Document:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    ensure_may_edit(actor, nomination.season, nomination.city, nomination)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose one of: %(kinds)s.")
                                       % {"kinds": ", ".join(Document.Kind.values)}})  # fmt: skip
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"file": _("The file is %(size)s MB; at most 10 MB are allowed.")
                     % {"size": round(upload.size / 1024 / 1024, 1)}}
        )  # fmt: skip
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    content_type = sniff(upload)
    if kind != Document.Kind.OTHER:
        nomination.documents.filter(kind=kind, replaced_at__isnull=True).update(
            replaced_at=timezone.now()
        )
    document = Document(
        nomination=nomination,
        kind=kind,
        filename=download_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.filename, upload, save=True)
    return document


def download_name(name: str, content_type: str) -> str:
    """The upload's own name, made safe, with the extension of its real type."""
    try:
        base = get_valid_filename(name.rsplit("/", 1)[-1])
    except SuspiciousFileOperation:  # nothing usable is left of a name like "???"
        base = ""
    stem = base.rsplit(".", 1)[0][:150] or "document"
    return f"{stem}{ALLOWED_TYPES[content_type]}"


def document_response(document: Document) -> FileResponse:
    """Serve a document as a download, never inline: a PDF cannot run in our origin."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
