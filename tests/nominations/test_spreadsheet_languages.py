"""The nominations template in its requester's language (sheet names, headers, the research
fields' names), and the import reading a template downloaded in any language."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ish.nominations import spreadsheet
from ish.nominations.models import Nomination
from ish.nominations.spreadsheet import columns
from tests.nominations.workbooks import IMPORT_URL, errors_of, student

pytestmark = pytest.mark.django_db

GERMAN_HEADERS = {
    "Given name": "Vorname",
    "Family name": "Nachname",
    "Date of birth": "Geburtsdatum",
    "Gender": "Geschlecht",
    "E-mail": "E-Mail",
    "Phone": "Telefon",
    "Nationality": "Staatsangehörigkeit",
    "School": "Schule",
    "Graduation year": "Jahr des Schulabschlusses",
    "English level": "Englischniveau",
    "German level": "Deutschniveau",
    "Research interest 1": "Forschungsinteresse 1",
    "Research interest 2": "Forschungsinteresse 2",
    "Research interest 3": "Forschungsinteresse 3",
    "Motivation": "Motivation",
    "Language": "Sprache",
    "Rank": "Rang",
    "Passport number": "Reisepassnummer",
    "Dietary requirements": "Ernährungswünsche",
    "Allergies": "Allergien",
    "Medical notes": "Medizinische Hinweise",
    "Emergency contact": "Notfallkontakt",
    "Emergency contact phone": "Telefon des Notfallkontakts",
}


def template_in(language: str, season) -> openpyxl.Workbook:
    with translation.override(language):
        return openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))


def filled_in(workbook: openpyxl.Workbook, row: dict) -> bytes:
    sheet = workbook.worksheets[0]
    positions = {cell.value: cell.column for cell in sheet[1]}
    for header, value in row.items():
        sheet.cell(row=2, column=positions[header], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_in(language: str, client, season, content: bytes):
    file = SimpleUploadedFile("nominations.xlsx", content, content_type=spreadsheet.XLSX)
    return client.post(
        IMPORT_URL,
        {"season": season.pk, "file": file},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_a_german_template_has_german_sheet_names_and_headers(season):
    workbook = template_in("de", season)

    assert workbook.sheetnames == ["Nominierungen", "Listen"]
    assert [cell.value for cell in workbook["Nominierungen"][1]] == list(GERMAN_HEADERS.values())


def test_a_german_templates_list_names_the_research_fields_in_german(season):
    lists = template_in("de", season)["Listen"]

    names = {
        code.value: name.value
        for code, name in lists.iter_rows(min_row=2, min_col=4, max_col=5)
        if code.value
    }
    assert names["biology"] == "Biologie"
    assert names["computer-science"] == "Informatik"


def test_the_german_templates_drop_downs_read_from_its_german_list_sheet(season):
    sheet = template_in("de", season)["Nominierungen"]

    fields = next(rule for rule in sheet.data_validations.dataValidation if "L2" in str(rule.sqref))

    assert fields.formula1.startswith("'Listen'!$D$2:$D$")


def test_an_english_template_stays_english(season):
    workbook = template_in("en", season)

    assert workbook.sheetnames == ["Nominations", "Lists"]
    assert [cell.value for cell in workbook["Nominations"][1]] == list(GERMAN_HEADERS)


def test_a_filled_in_german_template_is_imported_from_an_english_request(api_as, season):
    row = {GERMAN_HEADERS[header]: value for header, value in student(1).items()}
    content = filled_in(template_in("de", season), row)

    response = upload_in("en", api_as("coordinator"), season, content)

    assert response.status_code == 201, response.content
    aiko = Nomination.objects.get(season=season)
    assert (aiko.given_name, aiko.family_name) == ("Aiko", "Tanaka 1")
    assert [interest.field.slug for interest in aiko.interests.all()] == ["biology", "chemistry"]


def test_a_filled_in_english_template_is_imported_from_a_german_request(api_as, season):
    content = filled_in(template_in("en", season), student(1))

    response = upload_in("de", api_as("coordinator"), season, content)

    assert response.status_code == 201, response.content


def test_an_error_in_a_german_template_names_its_german_column(api_as, season):
    row = {GERMAN_HEADERS[header]: value for header, value in student(1).items()}
    row["Geburtsdatum"] = "someday"

    response = upload_in(
        "de", api_as("coordinator"), season, filled_in(template_in("de", season), row)
    )

    assert [error["column"] for error in errors_of(response)] == ["Geburtsdatum"]


def test_no_header_names_two_columns_in_any_offered_language():
    keys_by_header: dict[str, set[str]] = {}
    for column in columns.COLUMNS:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                header = str(column.header).lower()
            keys_by_header.setdefault(header, set()).add(column.key)

    assert {header: keys for header, keys in keys_by_header.items() if len(keys) > 1} == {}
