"""The Excel import through the pages: the template, a valid workbook imported as drafts, and errors
shown against row and column."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ish.nominations import spreadsheet
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.nominations.page_requests import IMPORT, messages_of
from tests.nominations.workbooks import filled_template
from tests.portal.page_reader import page as parse

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]


# --- the Excel import ------------------------------------------------------------------------


def test_the_import_page_offers_the_template_and_an_upload(client_for, season, quota):
    coordinator_page = client_for("coordinator").get(IMPORT).content.decode()
    organiser_page = client_for("organiser").get(IMPORT).content.decode()

    assert f"{reverse('nominations:import_template')}?season={season.pk}" in coordinator_page
    assert 'type="file" name="file"' in coordinator_page
    assert 'name="city"' not in coordinator_page
    assert 'name="city"' in organiser_page


def test_the_template_downloads_as_an_excel_workbook(client_for, season, quota):
    response = client_for("coordinator").get(
        reverse("nominations:import_template"), {"season": season.pk}
    )

    assert response["Content-Type"] == spreadsheet.XLSX
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Nominations"


def test_a_rejected_import_shows_each_error_against_its_row_and_column(
    client_for, season, quota, monkeypatch
):
    def reject(upload, *, actor, season, city):
        raise spreadsheet.ImportRejected(
            [
                {"row": 3, "column": "Date of birth", "message": "Enter a valid date."},
                {"row": None, "column": None, "message": "The sheet is empty."},
            ]
        )

    monkeypatch.setattr(spreadsheet, "import_nominations", reject)
    xlsx = SimpleUploadedFile("n.xlsx", b"PK\x03\x04", content_type=spreadsheet.XLSX)

    response = client_for("coordinator").post(IMPORT, {"season": season.pk, "file": xlsx})

    assert response.status_code == 200
    assert parse(response).table("import-errors") == [
        ["3", "Date of birth", "Enter a valid date."],
        ["—", "—", "The sheet is empty."],
    ]
    assert "Nothing was imported" in " ".join(messages_of(response))


def workbook_with(season, rows: list[dict]) -> SimpleUploadedFile:
    return SimpleUploadedFile("nominations.xlsx", filled_template(season, rows))


def test_a_valid_workbook_is_imported_as_drafts_of_the_coordinators_city(client_for, season, quota):
    rows = [
        {"Given name": "Yui", "Family name": "Nakamura", "E-mail": "yui@example.jp"},
        {"Given name": "Ren", "Family name": "Ito", "Research interest 1": "physics"},
    ]

    response = client_for("coordinator").post(
        IMPORT, {"season": season.pk, "file": workbook_with(season, rows)}
    )

    assert response.status_code == 302
    assert "2 nominations imported as drafts." in messages_of(response)
    assert sorted(Nomination.objects.values_list("family_name", "city__slug", "status")) == [
        ("Ito", "kumamoto", "draft"),
        ("Nakamura", "kumamoto", "draft"),
    ]


def test_a_workbook_with_a_bad_row_imports_nothing_and_names_the_cell(client_for, season, quota):
    rows = [
        {"Given name": "Yui", "Family name": "Nakamura"},
        {"Given name": "Ren", "Family name": "Ito", "Date of birth": "next summer"},
    ]

    response = client_for("coordinator").post(
        IMPORT, {"season": season.pk, "file": workbook_with(season, rows)}
    )

    errors = parse(response).table("import-errors")
    assert [error[:2] for error in errors] == [["3", "Date of birth"]]
    assert not Nomination.objects.exists()


def test_the_organiser_imports_for_the_city_they_choose(client_for, season, quota):
    montpellier = City.objects.get(slug="montpellier")
    rows = [{"Given name": "Camille", "Family name": "Laurent"}]

    client_for("organiser").post(
        IMPORT,
        {"season": season.pk, "city": montpellier.pk, "file": workbook_with(season, rows)},
    )

    assert Nomination.objects.get().city == montpellier


def test_a_file_that_is_no_workbook_gets_a_message_about_the_file_and_no_table_of_rows(
    client_for, season, quota
):
    csv = SimpleUploadedFile("nominations.csv", b"Given name,Family name\nAiko,Tanaka\n")

    response = client_for("coordinator").post(IMPORT, {"season": season.pk, "file": csv})

    assert response.status_code == 200
    (message,) = messages_of(response)
    assert message.startswith("Nothing was imported: This file is not an Excel workbook (.xlsx)")
    assert "correct the rows below" not in response.content.decode()
    assert 'data-testid="import-errors"' not in response.content.decode()
    assert not Nomination.objects.exists()
