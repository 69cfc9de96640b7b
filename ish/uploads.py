"""Checking and serving uploaded documents, the same way everywhere: PDF, PNG or JPEG recognised
by content (never by name or by what the browser claims), at most 10 MB, served as a download."""

from dataclasses import dataclass

import filetype
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

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


def file_response(file, filename: str, content_type: str, *, inline: bool = False) -> FileResponse:
    """Serve a stored document privately. Inline only inside a sandbox (and framed only by our own
    pages), so that a crafted PDF or image can never run script in our origin; downloads
    otherwise."""
    response = FileResponse(
        file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
