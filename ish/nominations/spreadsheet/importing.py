"""The all-or-nothing import of a filled-in template: every row under the same rules as the API
(checked in memory, written in bulk), each problem reported by row and column."""

import functools
import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.nominations import drafts, services
from ish.nominations.models import Nomination
from ish.nominations.spreadsheet.cells import CONVERTERS, CellError, lookup, text
from ish.nominations.spreadsheet.columns import (
    BY_KEY,
    COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_LIMITS,
    in_every_language,
)
from ish.nominations.spreadsheet.upload import (
    MAX_UPLOAD_BYTES,
    ImportRejected,
    check_container,
    read_rows,
    rejected,
)
from ish.seasons.models import City, ResearchField, Season

ERROR_COLUMN = {"research_interests": "research_interest_1"}  # service field → column key


@dataclass
class Row:
    number: int  # as Excel numbers it
    fields: dict
    interests: list
    errors: list  # [(column key, message)]


def import_nominations(
    upload: UploadedFile, *, actor: User, season: Season, city: City
) -> list[Nomination]:
    """Create a draft for every row of the uploaded template, or none; raises ImportRejected."""
    try:
        # The deadline and the coordinator's own city are about the whole file: asked before the
        # file is read, and answered for the file.
        services.ensure_may_edit(actor, season, city)
    except (PermissionDenied, RuleViolation) as error:
        raise rejected(str(error)) from None
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    check_container(data)
    first_row, values = read_rows(data)
    headers = _headers(first_row)
    if not values:
        raise rejected(
            _("The file holds no nominations: enter one student per row, from row 2 on.")
        )
    fields = {field.slug: field for field in ResearchField.objects.all()}
    rows = [_convert(number, row, headers, fields) for number, row in values]
    errors = [
        _error(row.number, key, message, headers) for row in rows for key, message in row.errors
    ]
    duplicates = _duplicate_emails(rows)
    errors += [_error(number, "email", message, headers) for number, message in duplicates.items()]
    with transaction.atomic():
        created = []
        try:
            created = drafts.create_drafts(
                actor=actor,
                season=season,
                city=city,
                drafts=[drafts.Draft(row.fields, row.interests) for row in rows],
            )
        except drafts.DraftsRefused as refused:
            for index, error in refused.errors.items():
                row = rows[index]
                errors += _service_errors(row.number, error, headers, row.number in duplicates)
        except (PermissionDenied, RuleViolation) as error:
            errors.append(_error(None, None, str(error), headers))
        if errors:
            errors.sort(key=lambda error: (error["row"] or 0, error["position"]))
            for error in errors:
                del error["position"]
            raise ImportRejected(errors)  # leaving the block rolls back every row
    return created


def _normal(header: str) -> str:
    return re.sub(r"[\s_*-]+", "", header).lower()


@functools.cache
def known_headers() -> dict[str, str]:
    """Each column's key by its header in every offered language and by the key itself (a row
    1 of keys reads in any language), normalised by `_normal`."""
    known: dict[str, str] = {}
    for column in COLUMNS:
        for header in [column.key, *in_every_language(column.header)]:
            known.setdefault(_normal(header), column.key)
    return known


def _headers(values: tuple) -> dict:
    """Each template column in row 1 with its header text and index; unknown ones refused."""
    headers, errors = {}, []
    for index, value in enumerate(values):
        header = "" if value is None else str(value).strip()
        if not header:
            continue
        key = known_headers().get(_normal(header))
        if key is None:
            message = _(
                "This column is not in the template. Remove it or download the template again."
            )
        elif key in headers:
            message = _("This column appears twice.")
        else:
            headers[key] = (header, index)
            continue
        errors.append({"row": 1, "column": header, "message": message})
    for key in REQUIRED_COLUMNS:
        if key not in headers:
            message = _(
                "The column “%(header)s” is missing from row 1. Download the template and copy "
                "your data into it."
            ) % {"header": BY_KEY[key].header}
            errors.append({"row": 1, "column": None, "message": message})
    if errors:
        raise ImportRejected(errors)
    return headers


def _convert(number: int, values: tuple, headers: dict, fields: dict) -> Row:
    row = Row(number, {}, [], [])
    for key, (_header, index) in headers.items():
        value = values[index] if index < len(values) else None
        if value is None or str(value).strip() == "":
            continue
        column = BY_KEY[key]
        try:
            if column.kind == "field":
                row.interests.append(lookup(text(value).lower(), fields, sorted(fields)))
            elif column.kind == "choice":
                allowed = {choice.lower(): choice for choice in column.choices}
                row.fields[key] = lookup(text(value).lower(), allowed, column.choices)
            else:
                row.fields[key] = CONVERTERS[column.kind](value)
            if key in TEXT_LIMITS:
                MaxLengthValidator(TEXT_LIMITS[key])(row.fields[key])
        except CellError as error:
            row.errors.append((key, str(error)))
        except ValidationError as error:
            row.errors += [(key, message) for message in error.messages]
    return row


def _duplicate_emails(rows: list[Row]) -> dict[int, str]:
    """Rows repeating the e-mail address of an earlier row: {row number: message}."""
    first_row, duplicates = {}, {}
    for row in rows:
        email = row.fields.get("email", "").lower()
        if email in first_row:
            duplicates[row.number] = _("The same e-mail address is in row %(row)s.") % {
                "row": first_row[email]
            }
        elif email:
            first_row[email] = row.number
    return duplicates


def _service_errors(number: int, error: ValidationError, headers: dict, duplicate: bool) -> list:
    """The service's errors for a row, each under its column."""
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    taken = _email_taken()
    found = []
    for field, messages in by_field.items():
        for message in messages:
            if message == taken and duplicate:
                continue  # taken by an earlier row of this file, which is reported as such
            # The constraint compares lower-cased addresses, so Django may name no field for it.
            key = "email" if message == taken else ERROR_COLUMN.get(field, field)
            found.append(_error(number, key, message, headers))
    return found


def _email_taken() -> str:
    constraint = next(
        c for c in Nomination._meta.constraints if c.name == "one_nomination_per_student_and_season"
    )
    return str(constraint.get_violation_error_message())


def _error(row: int | None, key: str | None, message: str, headers: dict) -> dict:
    header, position = headers.get(key, (None, -1))
    return {"row": row, "column": header, "message": str(message), "position": position}
