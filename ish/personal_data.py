"""A person's data on request: one ZIP with `data.json`, everything stored about them, and the
documents they uploaded (current and replaced). Each area collects what it holds about its kind
of person (ish.participants for a nomination, ish.exchange for an application); this module
writes the archive, serves it and keeps the download in the audit trail."""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import FileResponse
from django.utils import timezone

from ish.audit import readable, record_read
from ish.history import StatusChange
from ish.uploads import StoredDocument

# Archives stay in memory up to this size, then spill to a temporary file.
IN_MEMORY_BYTES = 20 * 1024 * 1024


class _Encoder(DjangoJSONEncoder):
    """Dates and times as ISO 8601; phone numbers and countries as their text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def record(obj: models.Model) -> dict:
    """Every stored field of `obj` (a related row by its id; files are in the archive)."""
    return {
        field.name: field.value_from_object(obj)
        for field in obj._meta.concrete_fields
        if not isinstance(field, models.FileField)
    }


def history(changes: Iterable[StatusChange]) -> list[dict]:
    return [
        {
            "at": change.created_at,
            "event": change.action,
            "from_status": change.from_status,
            "to_status": change.to_status,
            "by": change.actor_name,
            "comment": change.note,
        }
        for change in changes
    ]


def document_path(document: StoredDocument) -> str:
    """Where a document lies in the archive: its id keeps two uploads of one name apart."""
    return f"documents/{document.pk}-{document.filename}"


def _documents(stored: Iterable[StoredDocument]) -> list[dict]:
    """The documents' records, each with its place in the archive."""
    return [{**record(document), "path": document_path(document)} for document in stored]


def _emails(messages: Iterable[models.Model]) -> list[dict]:
    """The outbox's messages (ish.notifications.OutboundEmail), as they were written."""
    fields = ("to", "subject", "body_text", "event", "language", "status", "created_at", "sent_at")
    return [{name: getattr(message, name) for name in fields} for message in messages]


def download(
    person: models.Model,
    reader,
    data: dict,
    *,
    stored: Iterable[StoredDocument],
    mails: Iterable[models.Model],
    trail: Iterable[LogEntry],
) -> FileResponse:
    """The archive about `person` as a download to `reader` (who may read all of it): `data`,
    what their area holds, with the `stored` documents, the outbox's `mails` about them and
    their audit `trail`. The audit trail keeps who took it."""
    stored = list(stored)
    filename = f"personal-data-{person._meta.model_name}-{person.pk}.zip"
    # Not closed here: the response streams it and closes it when it is sent.
    archive = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    content = {
        "subject": f"{person._meta.model_name}:{person.pk}",
        "generated_at": timezone.now(),
        **data,
        "documents": _documents(stored),
        "emails": _emails(mails),
        "audit": [entry.as_data() for entry in readable(trail, reader)],
    }
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as target:
        for document in stored:
            path = document_path(document)
            with document.file.open("rb") as source, target.open(path, "w") as copy:
                shutil.copyfileobj(source, copy)
        text = json.dumps(content, cls=_Encoder, indent=2, ensure_ascii=False)
        target.writestr("data.json", text)
    archive.seek(0)
    record_read(person, reader, download=filename)
    response = FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
