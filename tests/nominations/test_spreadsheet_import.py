"""Importing nominations from the Excel template through the API, all or nothing: how cells are
read, every error by row and column, and who may import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ish.nominations import services, spreadsheet
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.nominations.workbooks import (
    errors_of,
    filled_template,
    student,
    the_only_message,
    upload,
)

pytestmark = pytest.mark.django_db


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
