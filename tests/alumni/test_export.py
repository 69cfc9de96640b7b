"""The alumni workbook (export kind `alumni`): organisers only; every alumnus with what they agreed
to keep, a sheet per survey with its answers, every text cell safe from formulas."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ish.alumni.models import Answer, Question, Survey
from ish.rosters import services, workbooks
from tests.alumni.conftest import alumnus
from tests.factories import LabFactory, SeasonFactory
from tests.rosters.conftest import read_workbook, sheet_values


@pytest.fixture
def alumni(db):
    lab = LabFactory(name="Optics Lab")
    ada = alumnus(
        SeasonFactory(year=2026),
        consent=("name", "lab", "later_studies"),
        name="Ada Lovelace",
        lab=lab,
        later_studies='=HYPERLINK("http://x","CV")',
        email="never@example.org",  # not agreed to: not stored
    )
    bo = alumnus(SeasonFactory(year=2025), consent=("email",), email="bo@example.org")
    survey = Survey.objects.create(title="Careers: 2028?")
    where = Question.objects.create(survey=survey, text="Where do you work?", position=1)
    helped = Question.objects.create(
        survey=survey, text="Did the ISH help?", kind="choice", choices="Yes\nNo", position=2
    )
    Answer.objects.create(question=where, alumnus=ada, text="CERN")
    Answer.objects.create(question=helped, alumnus=ada, text="Yes")
    Answer.objects.create(question=helped, alumnus=bo, text="-No")
    return {"ada": ada, "bo": bo, "survey": survey}


def built(user, season, kind="alumni", **parameters):
    target = io.BytesIO()
    with translation.override("en"):
        workbooks.build(kind, user, season, target, parameters=parameters)
    target.seek(0)
    return read_workbook(target)


def test_the_workbook_lists_every_alumnus_with_only_what_they_agreed_to_keep(alumni, organiser):
    workbook = built(organiser, alumni["ada"].season)

    rows = sheet_values(workbook["Alumni"])
    assert rows[0][:6] == ("Name", "City", "Season", "Lab", "E-mail", "Later studies")
    ada = next(row for row in rows if row[2] == 2026)
    bo = next(row for row in rows if row[2] == 2025)
    assert ada[:6] == (
        "Ada Lovelace",
        None,
        2026,
        "Optics Lab",
        None,
        '=HYPERLINK("http://x","CV")',
    )
    assert bo[:6] == (None, None, 2025, None, "bo@example.org", None)
    assert ada[7] == "name, lab, later studies"


def test_each_survey_has_a_sheet_with_a_column_per_question(alumni, organiser):
    workbook = built(organiser, alumni["ada"].season)

    sheet = workbook[f"{alumni['survey'].pk} Careers  2028 "]
    rows = sheet_values(sheet)
    assert rows[0] == ("Name", "Season", "Where do you work?", "Did the ISH help?")
    assert sorted(rows[1:], key=lambda row: row[1]) == [
        (None, 2025, None, "-No"),
        ("Ada Lovelace", 2026, "CERN", "Yes"),
    ]


def test_no_cell_becomes_a_formula(alumni, organiser):
    workbook = built(organiser, alumni["ada"].season)

    for worksheet in workbook.worksheets:
        cells = [cell for row in worksheet.iter_rows(min_row=2) for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type in {"f", "e"}]
    texts = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://x","CV")' in texts
    assert "-No" in texts


def test_only_organisers_may_export_alumni(organiser, coordinator, lab_host):
    assert "alumni" in services.kinds_for(organiser)
    assert "alumni" not in services.kinds_for(coordinator)
    assert "alumni" not in services.kinds_for(lab_host)


@pytest.mark.parametrize(("role", "status"), [("organiser", 202), ("coordinator", 403)])
def test_the_api_starts_an_alumni_export_for_organisers_only(alumni, api_as, role, status):
    response = api_as(role).post(
        "/api/v1/exports/", {"kind": "alumni", "season": alumni["ada"].season_id}, format="json"
    )

    assert response.status_code == status


def test_one_surveys_answers_are_a_workbook_of_their_own_every_cell_text(alumni, organiser):
    other = Survey.objects.create(title="Other")
    workbook = built(organiser, alumni["ada"].season, "survey", survey=alumni["survey"].pk)

    assert len(workbook.worksheets) == 1
    rows = sheet_values(workbook.worksheets[0])
    assert rows[0] == ("Name", "Season", "Where do you work?", "Did the ISH help?")
    assert (None, 2025, None, "-No") in rows
    cells = [cell for row in workbook.worksheets[0].iter_rows(min_row=2) for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type in {"f", "e"}]
    assert str(other.pk) not in workbook.worksheets[0].title.split()[0]


@pytest.mark.parametrize("given", ["missing", 999, "abc"])
def test_a_survey_export_needs_a_survey_that_exists(alumni, organiser, given):
    survey = {"missing": None}.get(given, given)

    with pytest.raises(ValidationError) as refused:
        services.request_export(
            user=organiser,
            kind="survey",
            season=alumni["ada"].season,
            parameters={"survey": survey},
        )

    assert "survey" in refused.value.message_dict


def test_only_organisers_may_export_a_survey(organiser, coordinator, lab_host):
    assert "survey" in services.kinds_for(organiser)
    assert "survey" not in services.kinds_for(coordinator)
    assert "survey" not in services.kinds_for(lab_host)


@pytest.mark.parametrize(("role", "status"), [("organiser", 202), ("coordinator", 403)])
def test_the_api_starts_a_survey_export_for_organisers_only(alumni, api_as, role, status):
    response = api_as(role).post(
        "/api/v1/exports/",
        {"kind": "survey", "season": alumni["ada"].season_id, "survey": alumni["survey"].pk},
        format="json",
    )

    assert response.status_code == status
    if status == 202:
        assert response.data["survey"] == alumni["survey"].pk


def test_the_api_names_a_missing_survey(alumni, api_as):
    response = api_as("organiser").post(
        "/api/v1/exports/",
        {"kind": "survey", "season": alumni["ada"].season_id, "survey": 999},
        format="json",
    )

    assert response.status_code == 400
    assert "survey" in response.data
