"""The Excel workbooks: their sheets and columns per kind and role, how they are formatted and
sorted, that each holds exactly its reader's scope, and that they cost a fixed number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.utils import get_column_letter

from ish.exchange.models import Application, OutboundProgramme, School
from ish.housing.selectors import assignments_visible_to, travellers_visible_to
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to
from ish.rosters import services, workbooks
from ish.seasons.models import City
from tests.factories import EventFactory, NominationFactory, PlacementFactory
from tests.rosters.conftest import SECRETS, every_cell_text, read_workbook, sheet_values

NAMES = ["Family name", "Given name", "City"]
HEADERS = {
    "Participants": [
        *NAMES, "Nationality", "Gender", "Date of birth", "E-mail", "Phone", "School",
        "Graduation year", "English", "German", "Research interests", "Status",
    ],
    "Placements": [*NAMES, "Institute", "Lab", "Status", "First day", "Last day"],
    "Housing": [
        *NAMES, "Accommodation", "Address", "Check-in", "Check-out", "Nights", "Status",
        "Warnings",
    ],
    "Arrivals": [*NAMES, "Arrival", "Departure", "Travel details"],
    "Emergency contacts": [
        *NAMES, "Emergency contact", "Emergency phone", "Allergies", "Dietary requirements",
        "Medical notes", "Passport number",
    ],
    "Outbound applications": [
        "Programme", "Family name", "Given name", "School", "Gender", "Date of birth", "E-mail",
        "Score", "Status", "NYSF session", "Departure", "Return", "Still missing",
    ],
}  # fmt: skip
# Columns of personal data a lab host's copy leaves out.
NOT_FOR_LAB_HOSTS = {"Date of birth", "E-mail", "Phone"}
ROSTER = ["Participants", "Placements", "Housing", "Arrivals"]
SHEETS = {
    ("roster", "organiser"): [*ROSTER, "Emergency contacts"],
    ("roster", "coordinator"): ROSTER,
    # A lab host sees neither where students sleep nor how they travel: no such sheets at all.
    ("roster", "lab_host"): ["Participants", "Placements"],
    ("placements", "organiser"): ["Placements"],
    ("placements", "coordinator"): ["Placements"],
    ("placements", "lab_host"): ["Placements"],
    ("housing", "organiser"): ["Housing"],
    ("housing", "coordinator"): ["Housing"],
    ("arrivals", "organiser"): ["Arrivals"],
    ("arrivals", "coordinator"): ["Arrivals"],
    ("exchange", "organiser"): ["Outbound applications"],
}


def built(kind: str, user, season):
    """The workbook of `kind`; the event of a bus list is one for everyone."""
    parameters = {"event": EventFactory(season=season).pk} if kind == "event" else None
    target = io.BytesIO()
    workbooks.build(kind, user, season, target, parameters=parameters)
    target.seek(0)
    return read_workbook(target)


def column(worksheet, header: str) -> list:
    """The values below a header, top to bottom."""
    headers = [cell.value for cell in worksheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet_values(worksheet)[1:]]


def cells_of(worksheet, header: str) -> list:
    index = [cell.value for cell in worksheet[1]].index(header) + 1
    return [worksheet.cell(row=row, column=index) for row in range(2, worksheet.max_row + 1)]


@pytest.fixture
def applications(season):
    """Two NYSF applications of the season, one selected with its travel dates."""
    school = School.objects.create(name="Helmholtz-Gymnasium")
    common = {
        "season": season,
        "school": school,
        "graduation_year": 2027,
        "subjects": "Physics, Mathematics",
        "motivation": "Science.",
        "nominator_email": "principal@example.de",
    }
    selected = Application.objects.create(
        given_name="Lena",
        family_name="Keller",
        date_of_birth=dt.date(2008, 3, 1),
        gender="female",
        email="lena@example.de",
        status=Application.Status.SELECTED,
        nysf_session="Session 1",
        departure_on=dt.date(2028, 1, 5),
        return_on=dt.date(2028, 1, 25),
        **common,
    )
    Application.objects.filter(pk=selected.pk).update(score=42)
    Application.objects.create(
        given_name="Jonas",
        family_name="Brandt",
        date_of_birth=dt.date(2008, 9, 1),
        gender="male",
        email="jonas@example.de",
        **common,
    )


@pytest.mark.parametrize(("kind", "role"), list(SHEETS))
def test_each_kind_has_its_sheets_and_columns_per_role(
    roster, applications, season, user_of, kind, role
):
    user = user_of(role)
    assert kind in services.kinds_for(user)

    workbook = built(kind, user, season)

    assert workbook.sheetnames == SHEETS[kind, role]
    for worksheet in workbook.worksheets:
        expected = HEADERS[worksheet.title]
        if role == "lab_host":
            expected = [header for header in expected if header not in NOT_FOR_LAB_HOSTS]
        assert [cell.value for cell in worksheet[1]] == expected, worksheet.title


def test_a_lab_hosts_roster_leaves_out_housing_and_arrivals_and_the_organisers_has_them(
    roster, season, lab_host, organiser
):
    assert built("roster", lab_host, season).sheetnames == ["Participants", "Placements"]
    assert built("roster", organiser, season).sheetnames == [
        "Participants", "Placements", "Housing", "Arrivals", "Emergency contacts"
    ]  # fmt: skip


@pytest.mark.parametrize(("kind", "role"), list(SHEETS))
def test_every_sheet_has_one_bold_frozen_filtered_header_row_and_set_widths(
    roster, applications, season, user_of, kind, role
):
    workbook = built(kind, user_of(role), season)

    for worksheet in workbook.worksheets:
        width = worksheet.max_column
        last = get_column_letter(width)
        assert all(cell.font.b for cell in worksheet[1]), worksheet.title
        assert not any(cell.font.b for row in worksheet.iter_rows(min_row=2) for cell in row)
        assert worksheet.freeze_panes == "A2"
        assert worksheet.auto_filter.ref == f"A1:{last}{worksheet.max_row}"
        for index in range(1, width + 1):
            assert worksheet.column_dimensions[get_column_letter(index)].width >= 8


def test_the_properties_name_the_export_and_when_it_was_made(roster, organiser, season):
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

    workbook = built("roster", organiser, season)

    assert "2027" in workbook.properties.title
    assert "roster" in workbook.properties.title
    created = workbook.properties.created.replace(tzinfo=None)
    assert before <= created <= before + dt.timedelta(minutes=1)


def test_dates_are_dates_and_numbers_are_numbers(roster, organiser, season):
    workbook = built("roster", organiser, season)

    participants = workbook["Participants"]
    for cell in cells_of(participants, "Date of birth"):
        assert cell.is_date
        assert "h" not in cell.number_format
    assert column(participants, "Date of birth")[0] == dt.datetime(2008, 2, 29)  # Abe
    assert {cell.data_type for cell in cells_of(participants, "Graduation year")} == {"n"}
    assert set(column(participants, "Graduation year")) == {2027}
    for header in ["First day", "Last day"]:
        assert all(cell.is_date for cell in cells_of(workbook["Placements"], header))
    assert set(column(workbook["Placements"], "First day")) == {dt.datetime(2027, 7, 17)}
    housing = workbook["Housing"]
    assert all(cell.is_date for cell in cells_of(housing, "Check-in"))
    assert set(column(housing, "Check-out")) == {dt.datetime(2027, 8, 14)}
    assert {cell.data_type for cell in cells_of(housing, "Nights")} == {"n"}
    assert set(column(housing, "Nights")) == {29}
    arrivals = cells_of(workbook["Arrivals"], "Arrival")
    assert all(cell.is_date for cell in arrivals if cell.value is not None)
    # In Heidelberg time, as the office reads it: Abe lands at 09:00 on 16 July.
    assert dt.datetime(2027, 7, 16, 9, 0) in [cell.value for cell in arrivals]


def test_exchange_dates_and_scores_are_typed(applications, organiser, season):
    sheet = built("exchange", organiser, season)["Outbound applications"]

    assert column(sheet, "Family name") == ["Keller", "Brandt"]  # best score first
    assert {cell.data_type for cell in cells_of(sheet, "Score")} == {"n"}
    assert column(sheet, "Score") == [42, 0]
    assert all(cell.is_date for cell in cells_of(sheet, "Date of birth"))
    assert column(sheet, "Departure")[0] == dt.datetime(2028, 1, 5)
    assert "passport" in column(sheet, "Still missing")[0]
    assert column(sheet, "Still missing")[1] is None  # not selected: no checklist yet


def test_the_exchange_export_holds_every_programme_by_programme_then_score(
    applications, organiser, season
):
    """An ISSI candidate of the same season beside the NYSF's: named with their programme,
    without an NYSF session, missing their own programme's items."""
    issi = OutboundProgramme.objects.create(
        slug="issi",
        name="ISSI",
        host_country="IL",
        host_city="Rehovot",
        places=2,
        checklist=[{"text": "Weizmann medical form"}],
    )
    issi_candidate = Application.objects.create(
        season=season,
        programme=issi,
        school=School.objects.get(),
        given_name="Mira",
        family_name="Adler",
        date_of_birth=dt.date(2008, 5, 1),
        gender="female",
        email="mira@example.de",
        graduation_year=2027,
        subjects="Chemistry",
        motivation="Science.",
        nominator_email="principal@example.de",
        status=Application.Status.SELECTED,
        nysf_session="",
    )
    Application.objects.filter(pk=issi_candidate.pk).update(score=7)

    sheet = built("exchange", organiser, season)["Outbound applications"]

    # ISSI before NYSF; within each, the best score first (Mira's 7 is below Lena's 42).
    assert column(sheet, "Programme") == ["ISSI", "NYSF", "NYSF"]
    assert column(sheet, "Family name") == ["Adler", "Keller", "Brandt"]
    assert column(sheet, "NYSF session") == [None, "Session 1", None]
    assert column(sheet, "Still missing")[0] == "Weizmann medical form"


def test_people_are_sorted_by_city_then_family_name_and_arrivals_by_time(roster, organiser, season):
    workbook = built("roster", organiser, season)

    by_city = ["Abe", "Mori", "Sato", "Bernard", "Dupont"]  # Kumamoto, then Montpellier
    assert column(workbook["Participants"], "Family name") == by_city
    assert column(workbook["Emergency contacts"], "Family name") == by_city
    # Students who have not given their travel dates yet come last.
    assert column(workbook["Arrivals"], "Family name") == [
        "Sato", "Dupont", "Abe", "Bernard", "Mori"
    ]  # fmt: skip
    placements = sheet_values(workbook["Placements"])[1:]
    assert placements == sorted(placements, key=lambda row: (row[3], row[4], row[0]))
    housing = sheet_values(workbook["Housing"])[1:]
    assert housing == sorted(housing, key=lambda row: (row[3], row[5], row[0]))


def scoped_counts(user, season) -> dict[str, int]:
    """How many records of each roster sheet the selectors let the user see; of a lab host's,
    only the students placed at their lab (accepted), not those offered or who declined."""
    students, placements = nominations_visible_to(user), placements_visible_to(user)
    if user.is_lab_host:
        placements = placements.filter(status=Placement.Status.ACCEPTED)
        students = students.filter(placements__in=placements)
    return {
        "Participants": students.filter(season=season, status__in=Nomination.HOLDS_A_PLACE).count(),
        "Placements": placements.filter(nomination__season=season)
        .exclude(status=Placement.Status.CANCELLED)
        .count(),
        "Housing": assignments_visible_to(user)
        .filter(nomination__season=season)
        .exclude(status="cancelled")
        .count(),
        "Arrivals": travellers_visible_to(user)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .count(),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "organiser",
            {
                "Participants": {"Abe", "Mori", "Sato", "Bernard", "Dupont"},
                "Placements": {"Abe", "Sato", "Bernard", "Dupont"},
                "Housing": {"Abe", "Sato", "Bernard", "Dupont"},
                "Arrivals": {"Abe", "Mori", "Sato", "Bernard", "Dupont"},
                "Emergency contacts": {"Abe", "Mori", "Sato", "Bernard", "Dupont"},
            },
        ),
        (
            "coordinator",
            {
                "Participants": {"Abe", "Mori", "Sato"},
                "Placements": {"Abe", "Sato"},
                "Housing": {"Abe", "Sato"},
                "Arrivals": {"Abe", "Mori", "Sato"},
            },
        ),
        (
            "lab_host",
            {
                "Participants": {"Abe"},
                "Placements": {"Abe"},
            },
        ),
    ],
)
def test_row_counts_equal_the_records_in_scope(roster, season, user_of, role, expected):
    user = user_of(role)

    workbook = built("roster", user, season)

    rows = {sheet.title: column(sheet, "Family name") for sheet in workbook.worksheets}
    assert {title: set(names) for title, names in rows.items()} == expected
    for title, count in scoped_counts(user, season).items():
        # A sheet the role can never see is left out: it would have held nothing.
        assert len(rows.get(title, [])) == count, title


def test_a_coordinators_workbook_holds_no_other_citys_student(roster, coordinator, season):
    for kind in services.kinds_for(coordinator):
        text = every_cell_text(built(kind, coordinator, season))

        for outside in ["Dupont", "Bernard", "Montpellier", "Ueda", "Noda"]:
            assert outside not in text, (kind, outside)
    # Nor the organisers' sheet of emergency contacts and health.
    roster_text = every_cell_text(built("roster", coordinator, season))
    for field in ["passport_number", "medical_notes", "allergies", "dietary_requirements"]:
        assert SECRETS[field] not in roster_text
    assert SECRETS["emergency_contact_name"] not in roster_text


@pytest.fixture
def declined_at_the_lab(roster, season):
    """Klein of Montpellier, accepted by the ISH, declined the lab host's offer."""
    klein = NominationFactory(
        season=season,
        city=City.objects.get(slug="montpellier"),
        family_name="Klein",
        given_name="Given-Klein",
        status=Nomination.Status.ACCEPTED,
    )
    PlacementFactory(nomination=klein, lab=roster.lab_host_lab, status=Placement.Status.DECLINED)
    return klein


def test_a_lab_hosts_workbook_holds_only_students_placed_at_their_lab_and_nothing_sensitive(
    roster, declined_at_the_lab, lab_host, season
):
    for kind in services.kinds_for(lab_host):
        workbook = built(kind, lab_host, season)
        text = every_cell_text(workbook)
        squeezed = text.replace(" ", "")

        assert "Abe" in text
        # Dupont is only offered the lab, Klein declined it: neither is the lab host's student.
        for outside in ["Dupont", "Klein", "Sato", "Mori", "Bernard", "Ueda", "Noda", "Other lab"]:
            assert outside not in text, (kind, outside)
        # Neither where students sleep nor how they travel.
        for private in ["Family Weber", "Residence Bergheim", "Hauptstraße", "Flight of"]:
            assert private not in text, (kind, private)
        for field, secret in SECRETS.items():
            if isinstance(secret, dt.date):
                assert secret.isoformat() not in text, (kind, field)
                assert dt.datetime.combine(secret, dt.time()) not in [
                    value for sheet in workbook.worksheets for row in sheet_values(sheet)
                    for value in row
                ], (kind, field)  # fmt: skip
            else:
                assert secret not in text, (kind, field)
                assert secret.replace(" ", "") not in squeezed, (kind, field)


def queries_of_build(kind: str, user, season) -> tuple[int, int]:
    """The queries one build makes, and the rows it writes."""
    with CaptureQueriesContext(connection) as captured:
        rows = workbooks.build(kind, user, season, io.BytesIO())
    return len(captured), rows


# The roster reads through every sheet's query; each role's scope filters differently.
@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_query_count_does_not_grow_with_the_rows(season, add_students, user_of, role):
    user = user_of(role)
    add_students(10)
    few, few_rows = queries_of_build("roster", user, season)

    add_students(190)
    many, many_rows = queries_of_build("roster", user, season)

    assert many_rows > few_rows * 10
    assert many == few


def test_the_exchange_export_query_count_does_not_grow_with_the_rows(
    applications, organiser, season
):
    few, _rows = queries_of_build("exchange", organiser, season)
    school = School.objects.get()
    Application.objects.bulk_create(
        Application(
            season=season,
            school=school,
            given_name="Max",
            family_name=f"Muster-{index}",
            date_of_birth=dt.date(2008, 1, 1),
            gender="male",
            email=f"max{index}@example.de",
            graduation_year=2027,
            subjects="Biology",
            motivation="Science.",
            nominator_email="principal@example.de",
            status=Application.Status.SELECTED,
        )
        for index in range(100)
    )

    many, rows = queries_of_build("exchange", organiser, season)

    assert rows == 102
    assert many == few
