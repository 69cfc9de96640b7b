"""A text that looks like a formula is written as text in every workbook kind: names, schools
and travel details come from forms and public applications, and must not become live formulas
in the office's spreadsheet program."""

import datetime as dt
import io

import pytest

from ish.alumni.models import Alumnus, Answer, Question, Survey
from ish.exchange.models import Application, School
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.rosters import workbooks
from ish.rosters.models import ExportJob
from ish.seasons.models import City
from ish.spreadsheets import registered_export
from tests.alumni.conftest import alumnus
from tests.factories import (
    AccommodationFactory,
    EventFactory,
    HousingAssignmentFactory,
    NominationFactory,
    PlacementFactory,
)
from tests.rosters.conftest import arriving, read_workbook
from tests.workbook_xml import formula_cells, sheets_xml, texts

# What spreadsheet programs read as a formula (or an error value) when a cell holds it as typed.
FORMULA_LIKE = [
    "=1+1",
    "+49 6221 58 0",
    "-1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://x"&A1,"Open CV")',
    "#N/A",
]
KINDS_AND_ROLES = [
    ("roster", "organiser"), ("roster", "coordinator"), ("roster", "lab_host"),
    ("placements", "organiser"), ("placements", "coordinator"), ("placements", "lab_host"),
    ("housing", "organiser"), ("housing", "coordinator"),
    ("arrivals", "organiser"), ("arrivals", "coordinator"),
    ("exchange", "organiser"),
    ("event", "organiser"), ("event", "coordinator"), ("event", "lab_host"),
    ("alumni", "organiser"), ("survey", "organiser"),
]  # fmt: skip


def parameters_of(kind: str, season) -> dict:
    """What a kind needs besides the season: the event of a bus list (everyone's); a survey
    every alumnus answered with their name (for its answers)."""
    if kind == "survey":
        survey = Survey.objects.create(title="=1+1 survey")
        question = Question.objects.create(survey=survey, text="=1+1?")
        Answer.objects.bulk_create(
            Answer(question=question, alumnus=a, text=a.name) for a in Alumnus.objects.all()
        )
        return {"survey": survey.pk}
    return {"event": EventFactory(season=season).pk} if kind == "event" else {}


def as_read(text: str) -> str:
    """The text as any reader gets it back: XML reads a carriage return as a line break."""
    return text.replace("\r", "\n")


@pytest.fixture
def formula_like_people(season, lab_host):
    """Per formula-like text, a Kumamoto student so named, placed at the lab host's lab, housed
    and travelling, with it in every free text; an NYSF application and an alumnus so named."""
    kumamoto = City.objects.get(slug="kumamoto")
    school = School.objects.create(name="=1+1 Gymnasium")
    place = AccommodationFactory(name="=1+1 Residence", beds=len(FORMULA_LIKE))
    for index, text in enumerate(FORMULA_LIKE):
        student = NominationFactory(
            season=season,
            city=kumamoto,
            status=Nomination.Status.ACCEPTED,
            family_name=text,
            given_name=text,
            school=text,
            arrival_at=arriving(16, 9),
            arrival_details=text,
            emergency_contact_name=text,
            allergies=text,
            dietary_requirements=text,
            medical_notes=text,
        )
        PlacementFactory(nomination=student, lab=lab_host.lab, status=Placement.Status.ACCEPTED)
        HousingAssignmentFactory(nomination=student, accommodation=place)
        Application.objects.create(
            season=season,
            school=school,
            given_name=text,
            family_name=text,
            date_of_birth=dt.date(2008, 3, 1),
            gender="female",
            email=f"applicant{index}@example.de",
            graduation_year=2027,
            subjects=text,
            motivation=text,
            nominator_email="principal@example.de",
            status=Application.Status.SELECTED,
            nysf_session=text,
        )
        alumnus(
            season,
            consent=("name", "email", "later_studies"),
            name=text,
            email=f"alumnus{index}@example.org",
            later_studies=text,
        )


@pytest.mark.parametrize(("kind", "role"), KINDS_AND_ROLES)
def test_formula_like_text_is_stored_as_text_in_every_workbook_kind(
    formula_like_people, season, user_of, kind, role
):
    target = io.BytesIO()
    workbooks.build(kind, user_of(role), season, target, parameters=parameters_of(kind, season))
    target.seek(0)
    workbook = read_workbook(target)

    for worksheet in workbook.worksheets:
        cells = [cell for row in worksheet.iter_rows(min_row=2) for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type in {"f", "e"}]
        headers = [cell.value for cell in worksheet[1]]
        # An alumnus keeps one name (ish.alumni), a nomination its two.
        name = "Family name" if "Family name" in headers else "Name"
        names = [row[headers.index(name)] for row in worksheet.iter_rows(min_row=2)]
        assert sorted(cell.value for cell in names) == sorted(map(as_read, FORMULA_LIKE))
        for cell in names:
            assert cell.data_type == "s", (worksheet.title, cell.value)
            assert cell.quotePrefix, (worksheet.title, cell.value)


def test_the_cases_above_are_every_export_kind_for_every_role_that_may_build_it():
    # Every workbook kind: the certificates' ZIP holds PDFs, no cells (tests/letters).
    for kind in ExportJob.Kind.values:
        if registered_export(kind).file is not None:
            continue
        roles = {role for listed, role in KINDS_AND_ROLES if listed == kind}
        assert roles == registered_export(kind).roles, kind


@pytest.mark.parametrize(("kind", "role"), KINDS_AND_ROLES)
def test_no_sheet_of_any_workbook_kind_holds_a_formula_for_a_name_starting_like_one(
    formula_like_people, season, user_of, kind, role
):
    """Read as the spreadsheet program reads it: the file's XML, with no `<f>` element anywhere,
    and every formula-like name there as text."""
    target = io.BytesIO()
    workbooks.build(kind, user_of(role), season, target, parameters=parameters_of(kind, season))
    xlsx = target.getvalue()

    assert sheets_xml(xlsx)
    assert formula_cells(xlsx) == []
    if role != "lab_host" or kind in {"roster", "placements", "event"}:
        assert set(map(as_read, FORMULA_LIKE)) <= texts(xlsx)
