"""Opening an uploaded workbook safely: size, zip and zip-bomb checks before anything unpacks it,
then the plain cell values of the nominations sheet."""

import io
import zipfile
import zlib

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from ish.nominations.spreadsheet.columns import MAX_ROWS, SHEET, in_every_language

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Reading cells costs time in proportion to the unpacked XML (~0.4 s per MB of empty cells), so
# the bound is generous for 500 rows (about 2 MB) but keeps a hostile file to seconds.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 200  # a workbook has about a dozen parts
MAX_RATIO = 100  # text XML packs 5–20 : 1; a zip bomb packs 1000 : 1
RATIO_APPLIES_ABOVE = 1024 * 1024
MAX_COLUMNS = 60  # cells read per row; the template has 23 columns

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


def rejected(message: str) -> ImportRejected:
    """A refusal of the whole file, not of a row or column."""
    return ImportRejected([{"row": None, "column": None, "message": message}])


def check_container(data: bytes) -> None:
    """Refuse what is not an xlsx file, or too big, before anything unpacks it."""
    if not data:
        raise rejected(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise rejected(
            _("The file is larger than %(max)s MB. Import at most %(rows)s nominations at a time.")
            % {"max": MAX_UPLOAD_BYTES // 2**20, "rows": MAX_ROWS}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2, as Excel 97–2003 writes
        raise rejected(
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
        raise rejected(_damaged() if data.startswith(b"PK\x03\x04") else not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except UNREADABLE:
        raise rejected(_damaged()) from None
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise rejected(not_xlsx)
    # zipfile never unpacks an entry beyond its declared size (it stops there and fails the
    # checksum), so the declared sizes bound what reading the workbook can cost.
    unpacked = sum(entry.file_size for entry in entries)
    packed_too_tightly = any(
        entry.file_size > RATIO_APPLIES_ABOVE
        and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or packed_too_tightly:
        raise rejected(
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


def read_rows(data: bytes) -> tuple[tuple, list[tuple[int, tuple]]]:
    """Row 1, and the non-empty rows below it with their numbers, as plain values."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UNREADABLE:
        raise rejected(_damaged()) from None
    try:
        # The template's sheet by its name in any language, else the first sheet.
        named = [name for name in in_every_language(SHEET) if name in workbook.sheetnames]
        sheet = workbook[named[0]] if named else workbook.worksheets[0]
        # Some programs record a wrong size in the file; openpyxl would silently stop there.
        sheet.reset_dimensions()
        cells = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        first_row, rows = next(cells, ()), []
        for number, row in enumerate(cells, start=2):
            if all(value is None or str(value).strip() == "" for value in row):
                continue
            if len(rows) == MAX_ROWS:
                raise rejected(
                    _(
                        "The file has more than %(rows)s nominations; import at most %(rows)s at "
                        "a time."
                    )
                    % {"rows": MAX_ROWS}
                )
            rows.append((number, row))
    except UNREADABLE:
        raise rejected(_damaged()) from None
    finally:
        workbook.close()
    return first_row, rows
