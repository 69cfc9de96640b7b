"""Uploading a nomination's documents (checked as every upload is, see ish.uploads), stored under
a private, unguessable path; a new upload of a kind keeps the old one as history."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.nominations.models import Document, Nomination
from ish.nominations.services import ensure_may_edit
from ish.uploads import check_upload, file_response


@transaction.atomic
def upload_document(
    nomination: Nomination, *, actor: User, kind: str, upload: UploadedFile
) -> Document:
    nomination = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
    ensure_may_edit(actor, nomination.season, nomination.city, nomination)
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose one of: %(kinds)s.")
                                       % {"kinds": ", ".join(Document.Kind.values)}})  # fmt: skip
    checked = check_upload(upload)
    if kind != Document.Kind.OTHER:
        nomination.documents.filter(kind=kind, replaced_at__isnull=True).update(
            replaced_at=timezone.now()
        )
    document = Document(
        nomination=nomination,
        kind=kind,
        filename=checked.filename,
        content_type=checked.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.filename, upload, save=True)
    return document


def document_response(document: Document, *, inline: bool = False) -> FileResponse:
    return file_response(document.file, document.filename, document.content_type, inline=inline)
