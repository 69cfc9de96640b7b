"""Filled-in Excel templates, their upload through the API and readers of the errors, shared by
the nominations import tests."""

import datetime as dt
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations import spreadsheet

IMPORT_URL = "/api/v1/nominations/import/"


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
