"""Files the Excel import gets that are no filled-in template: other columns, other formats, damaged
files, zip bombs and oversized uploads."""

import datetime as dt
import io
import os
import struct
import time
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations import spreadsheet
from ish.nominations.models import Nomination
from tests.nominations.workbooks import (
    IMPORT_URL,
    errors_of,
    filled_template,
    student,
    the_only_message,
    upload,
)

pytestmark = pytest.mark.django_db


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_part_rewritten(content: bytes, name: str, rewrite) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {part: source.read(part) for part in source.namelist()}
    return zip_of(parts | {name: rewrite(parts[name])})


def zip_bomb(megabytes: int) -> bytes:
    """A workbook-looking zip whose sheet unpacks to `megabytes` MB of spaces, built in a blink:
    after a full flush deflate starts afresh, so every megabyte packs to the same bytes."""
    megabyte = b" " * 2**20
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = deflate.compress(megabyte) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _megabyte in range(megabytes):
        crc = zlib.crc32(megabyte, crc)
    entries = [
        (b"[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], zlib.crc32(b"<Types/>"), 8),
        (b"xl/worksheets/sheet1.xml", packed * megabytes + deflate.flush(), crc, megabytes << 20),
    ]
    body, directory = b"", b""
    for name, data, checksum, size in entries:
        sizes = (checksum, len(data), size, len(name))
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, *sizes,
                                 0, 0, 0, 0, 0, len(body)) + name  # fmt: skip
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, *sizes, 0) + name + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 2, 2, len(directory), len(body), 0)
    return body + directory + end


# --- files that are not the template ---------------------------------------------------------


def test_an_unknown_column_or_a_missing_name_column_is_refused(api_as, season):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Given name", "Shoe size", "E-mail"])
    workbook.active.append(["Aiko", 38, "aiko@example.jp"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    errors = errors_of(upload(api_as("coordinator"), season, buffer.getvalue()))

    assert errors[0] == {
        "row": 1,
        "column": "Shoe size",
        "message": "This column is not in the template. Remove it or download the template again.",
    }
    assert errors[1]["row"] == 1
    assert "“Family name” is missing" in errors[1]["message"]


def test_columns_may_come_in_any_order_and_be_named_by_their_field(api_as, season):
    workbook = openpyxl.Workbook()
    workbook.active.append(["family_name", "E-MAIL", "Given name *", "date of birth"])
    workbook.active.append(["Tanaka", "aiko@example.jp", "Aiko", "2008-05-14"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(api_as("coordinator"), season, buffer.getvalue())

    assert response.status_code == 201, response.content
    nomination = Nomination.objects.get()
    assert (nomination.given_name, nomination.family_name) == ("Aiko", "Tanaka")
    assert nomination.date_of_birth == dt.date(2008, 5, 14)


def test_rows_beyond_a_wrong_size_recorded_in_the_file_are_still_read(api_as, season):
    content = filled_template(season, [student(1), student(2), student(3)])
    lying = with_part_rewritten(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:V4"', b'<dimension ref="A1:V2"'),
    )
    assert lying != content

    response = upload(api_as("coordinator"), season, lying)

    assert response.json() == {"created": 3}


def test_the_season_must_exist(api_as, season):
    content = filled_template(season, [student(1)])
    file = SimpleUploadedFile("n.xlsx", content)

    response = api_as("coordinator").post(
        IMPORT_URL, {"season": 999999, "file": file}, format="multipart"
    )

    assert response.status_code == 400
    assert "season" in response.json()


def test_a_template_without_rows_is_refused(api_as, season):
    message = the_only_message(upload(api_as("coordinator"), season, filled_template(season, [])))

    assert "no nominations" in message


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("nominations.csv", b"Given name,Family name\nAiko,Tanaka\n", "not an Excel workbook"),
        ("nominations.xlsx", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "not an Excel workbook"),
        ("nominations.xlsx", os.urandom(4096), "not an Excel workbook"),
        ("nominations.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088), "old Excel file"),
        ("nominations.xlsx", zip_of({"notes.txt": b"hello"}), "not an Excel workbook"),
        ("nominations.docx", zip_of({"[Content_Types].xml": b"<Types/>"}), "damaged"),
    ],
    ids=["csv", "pdf-renamed", "random-bytes", "xls", "zip-of-text", "zip-not-a-workbook"],
)
def test_files_that_are_not_xlsx_get_a_clear_400(api_as, season, name, content, says):
    message = the_only_message(upload(api_as("coordinator"), season, content, name=name))

    assert says in message
    assert not Nomination.objects.exists()


def test_a_truncated_workbook_is_refused_as_damaged(api_as, season):
    content = filled_template(season, [student(1)])

    message = the_only_message(upload(api_as("coordinator"), season, content[:-200]))

    assert "damaged" in message


def test_a_zip_bomb_is_refused_at_once_without_unpacking_it(coordinator, season, kumamoto):
    bomb = zip_bomb(300)
    assert len(bomb) < 2**20  # 300 MB packed into less than one

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(spreadsheet.ImportRejected) as rejected:
        spreadsheet.import_nominations(
            SimpleUploadedFile("bomb.xlsx", bomb), actor=coordinator, season=season, city=kumamoto
        )
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert "zip bomb" in rejected.value.errors[0]["message"]
    assert seconds < 1
    assert peak < 10 * 2**20


@pytest.mark.parametrize(
    "parts",
    [
        {"xl/sharedStrings.xml": bytes(5 * 2**20)},
        {f"xl/media/image{n}.xml": bytes(2**20) for n in range(21)},
        {f"xl/part{n}.xml": b"<x/>" for n in range(201)},
    ],
    ids=["one-part-packed-too-tightly", "small-parts-adding-up", "too-many-parts"],
)
def test_a_small_file_that_unpacks_to_too_much_is_refused_as_a_zip_bomb(api_as, season, parts):
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", **parts})

    assert "zip bomb" in the_only_message(upload(api_as("coordinator"), season, bomb))


def test_an_oversized_upload_is_refused(api_as, season):
    content = filled_template(season, [student(1)])
    too_big = content + bytes(spreadsheet.MAX_UPLOAD_BYTES - len(content) + 1)

    message = the_only_message(upload(api_as("coordinator"), season, too_big))

    assert "larger than 5 MB" in message
    assert not Nomination.objects.exists()


def test_more_rows_than_allowed_are_refused_before_anything_is_saved(api_as, season):
    rows = [{"Given name": "A", "Family name": f"B{n}"} for n in range(spreadsheet.MAX_ROWS + 1)]

    message = the_only_message(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert "more than 500 nominations" in message
    assert not Nomination.objects.exists()
