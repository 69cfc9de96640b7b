"""Uploading a nomination's documents (checked and stored as every upload is, see ish.uploads); a
new upload of a kind keeps the old one as history."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.nominations.models import Document, Nomination
from ish.nominations.services import ensure_may_edit
from ish.uploads import check_upload


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
        # Saved one by one (there is at most one), so that the audit trail keeps the change.
        for replaced in nomination.documents.filter(kind=kind, replaced_at__isnull=True):
            replaced.replaced_at = timezone.now()
            replaced.save(update_fields=["replaced_at"])
    return Document.store(upload, checked, nomination=nomination, kind=kind, uploaded_by=actor)
