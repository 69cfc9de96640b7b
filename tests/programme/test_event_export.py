"""An event's bus and room list (export kind `event`): asked for through the API naming its
event, built within the requester's scope, in their language, with real date cells, and at a
fixed number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ish.nominations.models import Nomination
from ish.programme.models import Attendance, Event
from ish.rosters import services, workbooks
from ish.rosters.models import ExportJob
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    EventFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)
from tests.rosters.conftest import every_cell_text, read_workbook, sheet_values

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/"
HEADERS = ["Family name", "Given name", "City", "Lab", "Meeting point", "Status", "Event", "Starts"]
OFFICE_HEADERS = [
    "Family name", "Given name", "City", "Phone", "Date of birth", "Minor", "Lab",
    "Meeting point", "Status", "Event", "Starts",
]  # fmt: skip


@pytest.fixture
def trip(season, lab_host):
    """A boat trip for everyone, meeting at the Bismarckplatz: Kumamoto's Abe (17 on the day,
    placed at the lab host's lab, marked present) and Sato (excused, another lab); Montpellier's
    Dupont (no lab). A withdrawn student is on no list."""
    kumamoto = City.objects.get(slug="kumamoto")
    montpellier = City.objects.get(slug="montpellier")
    event = EventFactory(
        season=season,
        title="Neckar boat trip",
        kind=Event.Kind.EXCURSION,
        meeting_point="Bismarckplatz",
        meal=Event.Meal.PACKED_LUNCH,
    )
    day = event.starts_at.astimezone(BERLIN).date()
    abe = NominationFactory(
        season=season,
        city=kumamoto,
        status=Nomination.Status.CONFIRMED,
        family_name="Abe",
        phone="+81 96 777 0142",
        date_of_birth=day.replace(year=day.year - 18) + dt.timedelta(days=1),  # 18 tomorrow
    )
    sato = NominationFactory(
        season=season, city=kumamoto, status=Nomination.Status.ACCEPTED, family_name="Sato"
    )
    NominationFactory(
        season=season, city=montpellier, status=Nomination.Status.ACCEPTED, family_name="Dupont"
    )
    NominationFactory(
        season=season, city=kumamoto, status=Nomination.Status.WITHDRAWN, family_name="Noda"
    )
    PlacementFactory(nomination=abe, lab=lab_host.lab, status="accepted")
    PlacementFactory(nomination=sato, lab=LabFactory(name="Other lab"), status="accepted")
    Attendance.objects.create(event=event, nomination=abe, status=Attendance.Status.PRESENT)
    Attendance.objects.create(event=event, nomination=sato, status=Attendance.Status.EXCUSED)
    return event


def built(user, event, language: str = "en"):
    target = io.BytesIO()
    with translation.override(language):
        workbooks.build("event", user, event.season, target, parameters={"event": event.pk})
    target.seek(0)
    return read_workbook(target)


def rows_of(workbook) -> list[tuple]:
    return sheet_values(workbook.worksheets[0])


def test_the_organisers_list_has_everyone_expected_with_phone_and_minors_flagged(
    organiser, trip, lab_host
):
    workbook = built(organiser, trip)
    rows = rows_of(workbook)

    assert workbook.sheetnames == ["Bus and room list"]
    assert list(rows[0]) == OFFICE_HEADERS
    by_name = {row[0]: dict(zip(OFFICE_HEADERS, row, strict=True)) for row in rows[1:]}
    assert list(by_name) == ["Abe", "Sato", "Dupont"]  # by city (Kumamoto, Montpellier)
    abe = by_name["Abe"]
    assert abe["Phone"] == "+81967770142"
    assert abe["Minor"] == "yes"
    assert abe["Lab"] == lab_host.lab.name
    assert abe["Meeting point"] == "Bismarckplatz"
    assert abe["Status"] == "present"
    assert by_name["Sato"]["Status"] == "excused"
    assert by_name["Sato"]["Minor"] is None
    assert by_name["Dupont"]["Status"] == "expected"
    assert by_name["Dupont"]["Lab"] is None
    assert "Noda" not in every_cell_text(workbook)


def test_dates_are_real_date_cells(organiser, trip):
    worksheet = built(organiser, trip).worksheets[0]
    headers = [cell.value for cell in worksheet[1]]
    born = worksheet.cell(row=2, column=headers.index("Date of birth") + 1)
    starts = worksheet.cell(row=2, column=headers.index("Starts") + 1)

    assert isinstance(born.value, dt.datetime)  # openpyxl reads a date cell back as a datetime
    assert born.is_date
    assert starts.is_date
    assert starts.value == trip.starts_at.astimezone(BERLIN).replace(tzinfo=None)


def test_a_coordinators_list_has_their_citys_participants_without_phones(coordinator, trip):
    workbook = built(coordinator, trip)
    rows = rows_of(workbook)

    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == ["Abe", "Sato"]
    text = every_cell_text(workbook)
    for absent in ["Dupont", "Montpellier", "+81", "Minor"]:
        assert absent not in text


def test_a_lab_hosts_list_has_their_students_only(lab_host, trip):
    workbook = built(lab_host, trip)
    rows = rows_of(workbook)

    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == ["Abe"]
    text = every_cell_text(workbook)
    for absent in ["Sato", "Dupont", "Other lab", "+81"]:
        assert absent not in text


def test_the_list_is_written_in_the_requesters_language(organiser, trip):
    workbook = built(organiser, trip, language="de")
    rows = rows_of(workbook)

    assert workbook.sheetnames == ["Bus- und Raumliste"]
    assert rows[0][:3] == ("Nachname", "Vorname", "Stadt")
    assert "Minderjährig" in rows[0]


# --- asking for it through the API ---------------------------------------------------------------


def test_the_api_starts_an_event_export_and_says_which_event(api_as, trip):
    response = api_as("organiser").post(
        URL, {"kind": "event", "season": trip.season_id, "event": trip.pk}
    )

    assert response.status_code == 202
    assert response.data["event"] == trip.pk
    job = ExportJob.objects.get(pk=response.data["id"])
    assert job.parameters == {"event": trip.pk}


def test_an_event_export_without_its_event_is_a_400_naming_the_field(api_as, trip):
    response = api_as("organiser").post(URL, {"kind": "event", "season": trip.season_id})

    assert response.status_code == 400
    assert response.data.keys() == {"event"}


@pytest.mark.parametrize("event", ["999999", "abc"])
def test_an_event_that_is_not_there_is_a_400_naming_the_field(api_as, trip, event):
    response = api_as("organiser").post(
        URL, {"kind": "event", "season": trip.season_id, "event": event}
    )

    assert response.status_code == 400
    assert response.data.keys() == {"event"}


def test_an_event_of_another_season_is_a_400_naming_the_field(api_as, trip):
    other = SeasonFactory(year=2031)
    response = api_as("organiser").post(
        URL, {"kind": "event", "season": other.pk, "event": trip.pk}
    )

    assert response.status_code == 400
    assert response.data.keys() == {"event"}


def test_an_event_out_of_the_callers_scope_looks_like_one_that_does_not_exist(api_as, trip):
    """Montpellier's workshop: Kumamoto's coordinator sees nothing of it."""
    workshop = EventFactory(season=trip.season, audience=Event.Audience.CITIES)
    workshop.cities.set([City.objects.get(slug="montpellier")])
    NominationFactory(
        season=trip.season,
        city=City.objects.get(slug="montpellier"),
        status=Nomination.Status.ACCEPTED,
    )
    client = api_as("coordinator")

    hidden = client.post(URL, {"kind": "event", "season": trip.season_id, "event": workshop.pk})
    missing = client.post(URL, {"kind": "event", "season": trip.season_id, "event": 999999})

    assert (hidden.status_code, hidden.data) == (missing.status_code, missing.data)


def test_a_season_wide_export_takes_no_event(api_as, trip):
    response = api_as("organiser").post(
        URL, {"kind": "roster", "season": trip.season_id, "event": trip.pk}
    )

    assert response.status_code == 400
    assert response.data.keys() == {"event"}


def test_a_season_wide_export_says_it_has_no_event(api_as, season):
    response = api_as("organiser").post(URL, {"kind": "roster", "season": season.pk})

    assert response.status_code == 202
    assert response.data["event"] is None


def test_a_job_builds_the_list_of_its_event(organiser, trip, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = services.request_export(
        user=organiser, kind="event", season=trip.season, parameters={"event": trip.pk}
    )

    services.run_export(job.pk)

    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == ("done", 100, 3)
    workbook = read_workbook(job.file.path)
    assert [row[0] for row in rows_of(workbook)[1:]] == ["Abe", "Sato", "Dupont"]


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_list_costs_the_same_queries_for_10_or_200_participants(
    season, user_of, lab_host, role
):
    event = EventFactory(season=season)
    counts = []
    for size in (10, 200):
        current = Nomination.objects.filter(season=season).count()
        for _ in range(size - current):
            student = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
            PlacementFactory(nomination=student, lab=lab_host.lab, status="accepted")
        with CaptureQueriesContext(connection) as queries:
            workbook = built(user_of(role), event)
        assert len(rows_of(workbook)) == size + 1
        counts.append(len(queries))

    assert counts[0] == counts[1]
