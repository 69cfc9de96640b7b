"""Checking, storing and serving uploaded documents, the same way everywhere: PDF, PNG or JPEG
recognised by content (never by name or by what the browser claims), at most 10 MB, kept under a
private path (in the folder or the bucket, ish.settings), served as a download."""

import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar, Self

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from storages.backends.s3 import S3File, S3Storage

from ish.audit import record_read

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    filename: str  # safe, with the extension of the real type


def check_upload(upload: UploadedFile, field: str = "file") -> CheckedUpload:
    """Refuse what is empty, too big or not a PDF, PNG or JPEG; errors name `field`."""
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {field: _("The file is %(size)s MB; at most 10 MB are allowed.")
                    % {"size": round(upload.size / 1024 / 1024, 1)}}
        )  # fmt: skip
    upload.seek(0)
    kind = filetype.guess(upload.read(2048))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            {field: _("Upload a PDF, PNG or JPEG file; this file is %(type)s.")
                    % {"type": kind.mime if kind else _("of an unknown type")}}
        )  # fmt: skip
    return CheckedUpload(kind.mime, safe_filename(upload.name, kind.mime))


def safe_filename(name: str, content_type: str) -> str:
    """The upload's own name, made safe, with the extension of its real type."""
    try:
        base = get_valid_filename(name.rsplit("/", 1)[-1])
    except SuspiciousFileOperation:  # nothing usable is left of a name like "???"
        base = ""
    stem = base.rsplit(".", 1)[0][:150] or "document"
    return f"{stem}{ALLOWED_TYPES[content_type]}"


def file_response(
    file: FieldFile, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """Serve a stored document or export privately, to a reader the caller has checked. Inline
    only inside a sandbox (and framed only by our own pages), so that a crafted PDF or image can
    never run script in our origin; downloads otherwise. From object storage the object streams
    through this response as it arrives, or, with STORAGE_SIGNED_DOWNLOADS, a download is a
    redirect to a signed URL that expires within seconds (never for inline: the sandbox and the
    frame rule are headers the bucket cannot send)."""
    if settings.STORAGE_SIGNED_DOWNLOADS and not inline and isinstance(file.storage, S3Storage):
        response = HttpResponseRedirect(signed_download_url(file, filename, content_type))
    else:
        response = _streamed(
            file, as_attachment=not inline, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _streamed(file: FieldFile, **options) -> FileResponse:
    """The file's content as a streamed response: from object storage the object's body as it
    arrives (opening it whole would first copy it into the web process), from a folder the file
    itself."""
    stored = file.storage.open(file.name, "rb")
    if not isinstance(stored, S3File):
        return FileResponse(stored, **options)
    answer = stored.obj.get()
    response = FileResponse(answer["Body"], **options)
    # FileResponse measures only a file it can seek in; the bucket knows the length.
    response["Content-Length"] = answer["ContentLength"]
    return response


def signed_download_url(file: FieldFile, filename: str, content_type: str) -> str:
    """A URL of the object in the bucket that anyone holding it may GET, for the next
    STORAGE_SIGNED_URL_SECONDS only; the bucket answers with the download's name and type and
    asks browsers and proxies to keep no copy."""
    return file.storage.url(
        file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        },
    )


def private_path(document: "StoredDocument", filename: str) -> str:
    """A private, unguessable path in the area's folder and its owner's season: nothing about the
    person or the file name leaks."""
    suffix = PurePath(filename).suffix.lower()
    return f"{document.upload_folder}/{document.owner.season.year}/{uuid.uuid4().hex}{suffix}"


class StoredDocument(models.Model):
    """A checked upload kept for its owner. Each area's model adds the foreign key to the owner
    (which has a season) and names it in `owner_field`, declares `kind` with its own choices and
    names the folder its files go to in `upload_folder`."""

    upload_folder: ClassVar[str]
    owner_field: ClassVar[str]

    file = models.FileField(gettext_lazy("file"), upload_to=private_path, max_length=200)
    filename = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("content type"), max_length=50)
    size = models.PositiveIntegerField(gettext_lazy("size"))
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def owner(self) -> models.Model:
        return getattr(self, self.owner_field)

    @property
    def owner_id(self) -> int:
        return getattr(self, f"{self.owner_field}_id")

    def get_additional_data(self) -> dict:
        """Whose document this is, kept with each of its audit entries (auditlog's hook)."""
        return {self.owner_field: self.owner_id}

    @classmethod
    def store(cls, upload: UploadedFile, checked: CheckedUpload, **fields) -> Self:
        """Keep an upload that check_upload() accepted; `fields` name the owner and the kind."""
        document = cls(
            filename=checked.filename, content_type=checked.content_type, size=upload.size, **fields
        )
        document.file.save(checked.filename, upload, save=True)
        return document


def owned_document_or_404(documents: models.QuerySet, owner_pk: int, document_pk: int):
    """The document `document_pk` of the owner `owner_pk` among `documents` (the caller's
    selector), or a 404. The owner is matched by its primary key, whose lookup answers an id
    beyond the database's integers with no row; the foreign key's column (`nomination_id=`)
    would raise an OverflowError instead, a server error."""
    return get_object_or_404(
        documents, pk=document_pk, **{f"{documents.model.owner_field}__pk": owner_pk}
    )


def document_response(document: StoredDocument, reader, *, inline: bool = False) -> HttpResponse:
    """Serve a stored document to `reader` under the name it was uploaded with (see
    file_response); the audit trail keeps who downloaded it."""
    record_read(document, reader, download=document.filename)
    return file_response(document.file, document.filename, document.content_type, inline=inline)
