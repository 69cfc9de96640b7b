"""Nominations read as values and written as NominationSerializer writes them for the caller's
role (the whole nomination, or a list's summary): the rows of /nominations/, and the students
the placements and housing lists embed."""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.db.models import QuerySet

from api.nomination_serializers import (
    DocumentSerializer,
    NominationSerializer,
    NominationSummarySerializer,
    fields_shown_to,
)
from api.rows import Formats, as_stored
from ish.nominations import services
from ish.nominations.models import needs_guardian_consent
from ish.nominations.selectors import ProfileParts, profile_parts

# Stored as typed or as E.164, written as stored (api.rows.as_stored).
PHONE_FIELDS = ("phone", "emergency_contact_phone")
DATETIME_FIELDS = ("arrival_at", "departure_at", "submitted_at", "decided_at", "created_at",
                   "updated_at")  # fmt: skip
# A foreign key's id is read by its column's name: selected as `season`, it would be what
# `order_by("season")` sorts by, the id, not the season's own ordering (the newest first).
COLUMNS = {"season": "season_id"}
# Written by the serializer from other data than the nomination's own column.
COMPUTED_FIELDS = ("city", "research_interests", "missing", "documents", "actions")


class _Scope(NamedTuple):
    """What the workflow reads of a nomination to say which actions a user may take on it."""

    status: str
    city_id: int


class NominationRows:
    """Nominations as `NominationSerializer` (`whole`) or `NominationSummarySerializer` writes
    them for the user of `formats`. `through` is the path from the rows read to the nomination
    (`"nomination__"` for a housing assignment's student)."""

    def __init__(self, formats: Formats, *, whole: bool = False, through: str = ""):
        serializer = NominationSerializer if whole else NominationSummarySerializer
        self.formats = formats
        self.fields = fields_shown_to(formats.user, serializer.Meta.fields)
        self.through = through
        self._actions = formats.memoised(
            lambda status, city_id: services.WORKFLOW.names_available(
                _Scope(status, city_id), formats.user
            )
        )

    def _key(self, name: str) -> str:
        """Where a column's value is in a row read by `read` or with `columns`."""
        if name in PHONE_FIELDS:
            return f"{self.through.replace('__', '_')}{name}_as_stored"
        return self.through + COLUMNS.get(name, name)

    def columns(self) -> tuple[list[str], dict]:
        """The lookups and expressions for `.values()` that the shown fields need."""
        shown = set(self.fields)
        names = [
            name
            for name in NominationSerializer.Meta.fields
            if name in shown and name not in COMPUTED_FIELDS and name not in PHONE_FIELDS
        ]
        names += ["city_id", "city__slug"]  # the scope of the actions; the slug written
        if "missing" in shown:
            names += [*services.REQUIRED_TO_SUBMIT, "date_of_birth", "season__starts_on"]
        lookups = list(dict.fromkeys(self.through + COLUMNS.get(name, name) for name in names))
        phones = [name for name in PHONE_FIELDS if name in shown]
        stored = {self._key(name): as_stored(self.through + name) for name in phones}
        return lookups, stored

    def read(self, queryset: QuerySet) -> QuerySet:
        lookups, stored = self.columns()
        return queryset.values(*lookups, **stored)

    def write(self, rows: Iterable[dict]) -> list[dict]:
        """Each row as the serializer writes it; the interests and documents of all of them
        are read in one query each."""
        rows = list(rows)
        id_key = self._key("id")
        parts = profile_parts(self.formats.user, [row[id_key] for row in rows])
        writers = [(name, self._writer(name, parts)) for name in self.fields]
        return [{name: write(row) for name, write in writers} for row in rows]

    def _writer(self, name: str, parts: ProfileParts) -> Callable[[dict], Any]:
        """How the serializer's field `name` writes a row's value."""
        formats, key = self.formats, self._key
        column, id_key = key(name), key("id")
        if name in DATETIME_FIELDS:
            return lambda row: formats.datetime(row[column])
        if name == "date_of_birth":
            return lambda row: formats.date(row[column])
        if name == "nationality":
            return lambda row: formats.country(row[column])
        if name == "city":
            slug = key("city__slug")
            return lambda row: row[slug]
        if name == "research_interests":
            return lambda row: list(parts.interests.get(row[id_key], ()))
        if name == "documents":
            return lambda row: self._documents(parts, row[id_key])
        if name == "missing":
            return lambda row: self._missing(parts, row)
        if name == "actions":
            status, city = key("status"), key("city_id")
            return lambda row: self._actions(row[status], row[city])
        return lambda row: row[column]

    def _documents(self, parts: ProfileParts, nomination_id: int) -> list[dict]:
        formats = self.formats
        route = DocumentSerializer.download_route
        return [
            {
                "id": document["id"],
                "kind": document["kind"],
                "filename": document["filename"],
                "size": document["size"],
                "content_type": document["content_type"],
                "uploaded_at": formats.datetime(document["uploaded_at"]),
                "replaced_at": formats.datetime(document["replaced_at"]),
                "download_url": formats.download_url(route, nomination_id, document["id"]),
            }
            for document in parts.documents.get(nomination_id, ())
        ]

    def _missing(self, parts: ProfileParts, row: dict) -> list[str]:
        key = self._key
        nomination_id = row[key("id")]
        return services.missing_from(
            {name: row[key(name)] for name in services.REQUIRED_TO_SUBMIT},
            has_interest=bool(parts.interests.get(nomination_id)),
            current_kinds={document["kind"] for document in parts.documents.get(nomination_id, ())},
            needs_consent=needs_guardian_consent(
                row[key("date_of_birth")], row[key("season__starts_on")]
            ),
        )
