"""Excel template and all-or-nothing import of nominations (openpyxl).

The template has one sheet, "Nominations", with a header row (row 1) naming the columns in
English, a comment per header saying what to enter, and drop-downs; a protected sheet, "Lists",
holds the nationality codes and research fields the drop-downs offer. Columns are recognised by
their header text (case, spaces, hyphens and underscores ignored; the field key, e.g.
`date_of_birth`, works too), so they may be reordered.

An import is checked as a container first (size, zip, zip bomb), then read cell by cell, then
every row goes through `services.create_nomination` in one transaction: either every row is
created as a draft, or nothing is and `ImportRejected.errors` lists every problem as
`{"row", "column", "message"}`: `row` as Excel numbers it (header = 1, first data row = 2) and
`column` the header text of the column as it stands in row 1 of the uploaded file (e.g. "Date
of birth"); both are None for a problem with the whole file.
"""

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ish.accounts.models import Language, User
from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import CEFR, Gender, GermanLevel, Nomination
from ish.seasons.models import City, ResearchField, Season

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Reading cells costs time in proportion to the unpacked XML (~0.4 s per MB of empty cells), so
# the bound is generous for 500 rows (about 2 MB) but keeps a hostile file to seconds.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 200  # a workbook has about a dozen parts
MAX_RATIO = 100  # text XML packs 5–20 : 1; a zip bomb packs 1000 : 1
RATIO_APPLIES_ABOVE = 1024 * 1024
MAX_ROWS = 500
MAX_COLUMNS = 60  # cells read per row; the template has 22 columns
SHEET = "Nominations"
LISTS = "Lists"

# Whatever a damaged or hostile file makes zipfile or openpyxl raise while reading it.
UNREADABLE = (
    zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, IndexError, ValueError,
    TypeError, OverflowError, OSError, EOFError, SyntaxError, NotImplementedError,
)  # fmt: skip


class ImportRejected(Exception):
    """The file or some rows are invalid; nothing was imported."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors  # [{"row": int | None, "column": str | None, "message": str}]


@dataclass(frozen=True)
class Column:
    key: str  # the nomination field, or research_interest_<rank>
    header: str  # fixed English text: it identifies the column in an upload
    kind: str  # text, date, integer, choice, country, field
    width: int

    @property
    def hint(self) -> str:
        return str(HINTS.get(self.key, HINTS["research_interest"]))

    @property
    def choices(self) -> list[str]:
        return [value for value, _label in CHOICES.get(self.key, [])]


COLUMNS = [Column(*spec) for spec in [
    ("given_name", "Given name", "text", 18),
    ("family_name", "Family name", "text", 18),
    ("date_of_birth", "Date of birth", "date", 14),
    ("gender", "Gender", "choice", 10),
    ("email", "E-mail", "text", 28),
    ("phone", "Phone", "text", 18),
    ("nationality", "Nationality", "country", 12),
    ("school", "School", "text", 28),
    ("graduation_year", "Graduation year", "integer", 12),
    ("english_level", "English level", "choice", 12),
    ("german_level", "German level", "choice", 12),
    ("research_interest_1", "Research interest 1", "field", 18),
    ("research_interest_2", "Research interest 2", "field", 18),
    ("research_interest_3", "Research interest 3", "field", 18),
    ("motivation", "Motivation", "text", 40),
    ("language", "Language", "choice", 10),
    ("rank", "Rank", "integer", 8),
    ("passport_number", "Passport number", "text", 18),
    ("dietary_requirements", "Dietary requirements", "text", 24),
    ("medical_notes", "Medical notes", "text", 24),
    ("emergency_contact_name", "Emergency contact", "text", 24),
    ("emergency_contact_phone", "Emergency contact phone", "text", 22),
]]  # fmt: skip
CHOICES = {
    "gender": Gender.choices, "english_level": CEFR.choices,
    "german_level": GermanLevel.choices, "language": Language.choices,
}  # fmt: skip
HINTS = {
    "given_name": gettext_lazy("Required. As in the passport."),
    "family_name": gettext_lazy("Required. As in the passport."),
    "date_of_birth": gettext_lazy("A date: YYYY-MM-DD, e.g. 2008-05-14."),
    "gender": gettext_lazy("One of: female, male, diverse."),
    "email": gettext_lazy("The student's own e-mail address; one nomination per address and "
                          "season."),
    "phone": gettext_lazy("International format, e.g. +81 96 123 4567."),
    "nationality": gettext_lazy("ISO country code of two letters, e.g. JP (see the sheet Lists)."),
    "school": gettext_lazy("Name and town of the school."),
    "graduation_year": gettext_lazy("A year, e.g. 2027."),
    "english_level": gettext_lazy("CEFR level: one of A1, A2, B1, B2, C1, C2."),
    "german_level": gettext_lazy("CEFR level: none, or one of A1, A2, B1, B2, C1, C2."),
    "research_interest": gettext_lazy("Optional: a research field from the drop-down, e.g. "
                                      "biology. Interest 1 is the strongest."),
    "motivation": gettext_lazy("Why the student applies; at most 5000 characters."),
    "language": gettext_lazy("Language of the student's e-mails: en or de. Empty means en."),
    "rank": gettext_lazy("Optional: your ranking, 1 is first. Empty ranks the student after "
                         "the others."),
    "passport_number": gettext_lazy("Optional. Confidential."),
    "dietary_requirements": gettext_lazy("Optional, e.g. vegetarian."),
    "medical_notes": gettext_lazy("Optional. Confidential."),
    "emergency_contact_name": gettext_lazy("Optional: name of a parent or guardian."),
    "emergency_contact_phone": gettext_lazy("Optional. International format, e.g. +81 96 123 "
                                            "4567."),
}  # fmt: skip
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_COLUMNS = ["given_name", "family_name"]
TEXT_FORMAT_COLUMNS = {"phone", "emergency_contact_phone", "passport_number"}  # keep leading 0/+
ERROR_COLUMN = {"research_interests": "research_interest_1"}  # service field → column key
# Django checks a TextField's max_length in forms and serializers only, not in full_clean; the
# API's serializer enforces it, so the import does too.
TEXT_LIMITS = {
    field.name: field.max_length
    for field in Nomination._meta.get_fields()
    if isinstance(field, models.TextField) and field.max_length
}


# --- the template ----------------------------------------------------------------------------


def build_template(season: Season) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    lists = workbook.create_sheet(LISTS)
    workbook.properties.title = _("%(season)s: nominations") % {"season": season}
    workbook.properties.subject = f"ISH {season.year}"
    workbook.properties.creator = "ISH Manager"
    workbook.properties.keywords = f"ish-nominations season={season.year}"

    country_range = _write_list(lists, 1, _("Nationality"), [(c, n) for c, n in countries])
    fields = list(ResearchField.objects.order_by("slug").values_list("slug", "name"))
    field_range = _write_list(lists, 4, _("Research field"), fields)
    lists.protection.sheet = True

    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.comment = Comment(column.hint, "ISH Manager", height=90, width=260)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "date":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.key in TEXT_FORMAT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        validation = _validation(column, country_range, field_range)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_list(lists, column: int, title: str, rows: list[tuple[str, str]]) -> str | None:
    """Codes in `column`, names beside them; the range of the codes, for a drop-down."""
    lists.cell(row=1, column=column, value=title).font = Font(bold=True)
    for row, (code, name) in enumerate(rows, start=2):
        lists.cell(row=row, column=column, value=code)
        lists.cell(row=row, column=column + 1, value=str(name))
    letter = get_column_letter(column)
    lists.column_dimensions[letter].width = 16
    lists.column_dimensions[get_column_letter(column + 1)].width = 40
    return f"{LISTS}!${letter}$2:${letter}${len(rows) + 1}" if rows else None


def _validation(column: Column, country_range, field_range) -> DataValidation | None:
    message = column.hint
    if column.kind == "choice":
        rule = DataValidation("list", formula1='"{}"'.format(",".join(column.choices)))
    elif column.kind == "country" and country_range:
        rule = DataValidation("list", formula1=country_range)
    elif column.kind == "field" and field_range:
        rule = DataValidation("list", formula1=field_range)
    elif column.kind == "date":
        rule = DataValidation("date", operator="greaterThan", formula1="DATE(1900,1,1)")
    elif column.key == "graduation_year":
        rule = DataValidation("whole", operator="between", formula1="2000", formula2="2100")
    elif column.key == "rank":
        rule = DataValidation("whole", operator="greaterThanOrEqual", formula1="1")
    else:
        return None
    rule.allow_blank = True
    rule.showErrorMessage = rule.showInputMessage = True
    rule.error, rule.errorTitle = message, column.header
    rule.prompt, rule.promptTitle = message, column.header
    return rule


def template_response(season: Season) -> HttpResponse:
    response = HttpResponse(build_template(season), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ish-{season.year}-nominations.xlsx"'
    return response


# --- the import ------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as Excel numbers it
    fields: dict
    interests: list
    errors: list  # [(column key, message)]


class CellError(Exception):
    pass


def import_nominations(
    upload: UploadedFile, *, actor: User, season: Season, city: City
) -> list[Nomination]:
    """Create a draft for every row of the uploaded template, or none; raises ImportRejected."""
    try:
        # create_nomination checks this for every row; the deadline and the coordinator's own
        # city are about the whole file, so they are asked once and answered for the file.
        services.ensure_may_edit(actor, season, city)
    except (PermissionDenied, RuleViolation) as error:
        raise _rejected(str(error)) from None
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    _check_container(data)
    first_row, values = _read(data)
    headers = _headers(first_row)
    if not values:
        raise _rejected(
            _("The file holds no nominations: enter one student per row, from row 2 on.")
        )
    fields = {field.slug: field for field in ResearchField.objects.all()}
    rows = [_convert(number, row, headers, fields) for number, row in values]
    errors = [_error(row.number, key, text, headers) for row in rows for key, text in row.errors]
    duplicates = _duplicate_emails(rows)
    errors += [_error(number, "email", text, headers) for number, text in duplicates.items()]
    with transaction.atomic():
        created = []
        for row in rows:
            try:
                # Atomic itself: a failing row rolls back to its own savepoint only.
                nomination = services.create_nomination(
                    actor=actor, season=season, city=city, interests=row.interests, **row.fields
                )
            except ValidationError as error:
                errors += _service_errors(row.number, error, headers, row.number in duplicates)
            except (PermissionDenied, RuleViolation) as error:
                errors.append(_error(None, None, str(error), headers))
                break
            else:
                created.append(nomination)
        if errors:
            errors.sort(key=lambda error: (error["row"] or 0, error["position"]))
            for error in errors:
                del error["position"]
            raise ImportRejected(errors)  # leaving the block rolls back every row
    return created


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([{"row": None, "column": None, "message": message}])


def _check_container(data: bytes) -> None:
    """Refuse what is not an xlsx file, or too big, before anything unpacks it."""
    if not data:
        raise _rejected(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _rejected(
            _("The file is larger than %(max)s MB. Import at most %(rows)s nominations at a time.")
            % {"max": MAX_UPLOAD_BYTES // 2**20, "rows": MAX_ROWS}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2, as Excel 97–2003 writes
        raise _rejected(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. Save it as "
                "“Excel Workbook (.xlsx)” without a password and upload it again."
            )
        )
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx); CSV, PDF and other formats cannot be "
        "imported. Download the template, fill it in and upload it."
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        # A zip's first bytes without its directory at the end: cut off, e.g. a broken download.
        raise _rejected(_damaged() if data.startswith(b"PK\x03\x04") else not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except UNREADABLE:
        raise _rejected(_damaged()) from None
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise _rejected(not_xlsx)
    # zipfile never unpacks an entry beyond its declared size (it stops there and fails the
    # checksum), so the declared sizes bound what reading the workbook can cost.
    unpacked = sum(entry.file_size for entry in entries)
    packed_too_tightly = any(
        entry.file_size > RATIO_APPLIES_ABOVE
        and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or packed_too_tightly:
        raise _rejected(
            _(
                "The file unpacks to far more than %(rows)s nominations can fill (a “zip bomb”), "
                "so it is not read. Copy only the values into the template and upload that."
            )
            % {"rows": MAX_ROWS}
        )


def _damaged() -> str:
    return _(
        "The file is damaged or not a workbook Excel can open. Download the template and fill "
        "it in."
    )


def _read(data: bytes) -> tuple[tuple, list[tuple[int, tuple]]]:
    """Row 1, and the non-empty rows below it with their numbers, as plain values."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE:
        raise _rejected(_damaged()) from None
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        # Some programs record a wrong size in the file; openpyxl would silently stop there.
        sheet.reset_dimensions()
        cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        first_row, rows = next(cells, ()), []
        for number, row in enumerate(cells, start=2):
            if all(value is None or str(value).strip() == "" for value in row):
                continue
            if len(rows) == MAX_ROWS:
                raise _rejected(
                    _(
                        "The file has more than %(rows)s nominations; import at most %(rows)s at "
                        "a time."
                    )
                    % {"rows": MAX_ROWS}
                )
            rows.append((number, row))
    except UNREADABLE:
        raise _rejected(_damaged()) from None
    finally:
        workbook.close()
    return first_row, rows


def _normal(text: str) -> str:
    return re.sub(r"[\s_*-]+", "", text).lower()


KNOWN_HEADERS = {_normal(c.header): c.key for c in COLUMNS} | {
    _normal(c.key): c.key for c in COLUMNS
}


def _headers(values: tuple) -> dict:
    """Each template column in row 1 with its header text and index; unknown ones refused."""
    headers, errors = {}, []
    for index, value in enumerate(values):
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        key = KNOWN_HEADERS.get(_normal(text))
        if key is None:
            message = _(
                "This column is not in the template. Remove it or download the template again."
            )
        elif key in headers:
            message = _("This column appears twice.")
        else:
            headers[key] = (text, index)
            continue
        errors.append({"row": 1, "column": text, "message": message})
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
                row.interests.append(_lookup(_text(value).lower(), fields, sorted(fields)))
            elif column.kind == "choice":
                allowed = {choice.lower(): choice for choice in column.choices}
                row.fields[key] = _lookup(_text(value).lower(), allowed, column.choices)
            else:
                row.fields[key] = CONVERTERS[column.kind](value)
            if key in TEXT_LIMITS:
                MaxLengthValidator(TEXT_LIMITS[key])(row.fields[key])
        except CellError as error:
            row.errors.append((key, str(error)))
        except ValidationError as error:
            row.errors += [(key, message) for message in error.messages]
    return row


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell not formatted as text
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    return str(value).strip()


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(_text(value), "%Y-%m-%d").date()
    except ValueError:
        raise CellError(
            _("Enter a date as YYYY-MM-DD, e.g. 2008-05-14, not “%(value)s”.")
            % {"value": _text(value)}
        ) from None


def _integer(value) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise CellError(_("Enter a whole number, not “%(value)s”.") % {"value": _text(value)})


def _country(value) -> str:
    code = _text(value).upper()
    if len(code) == 2 and countries.alpha2(code) == code:
        return code
    raise CellError(
        _(
            "“%(value)s” is not an ISO country code: enter two letters such as DE or JP (see the "
            "sheet Lists)."
        )
        % {"value": _text(value)}
    )


CONVERTERS = {"text": _text, "date": _date, "integer": _integer, "country": _country}


def _lookup(value: str, allowed: dict, names: list[str]):
    if value in allowed:
        return allowed[value]
    raise CellError(
        _("“%(value)s” is not allowed; choose one of: %(allowed)s.")
        % {"value": value, "allowed": ", ".join(names)}
    )


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
