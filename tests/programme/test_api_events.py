"""/api/v1/events/: the office writes; coordinators and lab hosts read the events their
participants attend, seeing only their own participants by id; everything else is a 404."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ish.programme.models import Attendance, Event
from tests.factories import EventFactory, SeasonFactory
from tests.programme.summer import at, events_summer, grow_events, office_event

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"


@pytest.fixture
def summer():
    summer = events_summer()
    summer.everyone = office_event(summer, title="Welcome", kind="welcome")
    summer.kumamoto_day = office_event(
        summer, title="Kumamoto day", audience="cities", cities=[summer.kumamoto]
    )
    summer.optics_week = office_event(
        summer, title="Optics week", kind="lab", audience="labs", labs=[summer.optics]
    )
    summer.pair = office_event(
        summer, title="Mentoring", audience="participants", participants=[summer.aiko, summer.noa]
    )
    return summer


def client(user) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_the_office_reads_every_event_with_its_fields(summer):
    response = client(summer.organiser).get(URL)
    assert titles(response) == ["Kumamoto day", "Mentoring", "Optics week", "Welcome"]
    row = next(row for row in response.json()["results"] if row["title"] == "Kumamoto day")
    assert set(row) == {
        "id", "season", "title", "title_translations", "kind", "starts_at", "ends_at", "place",
        "address", "meeting_point", "audience", "cities", "labs", "participants", "meal",
        "notes", "cancelled", "warnings",
    }  # fmt: skip
    assert row["cities"] == ["kumamoto"]
    assert row["starts_at"] == "2027-07-19T10:00:00+02:00"
    assert row["cancelled"] is False


def test_a_coordinator_reads_the_events_their_citys_participants_attend(summer):
    assert titles(client(summer.coordinator).get(URL)) == ["Kumamoto day", "Mentoring", "Welcome"]
    assert titles(client(summer.other_coordinator).get(URL)) == []


def test_a_lab_host_reads_the_events_their_students_attend(summer):
    assert titles(client(summer.lab_host).get(URL)) == ["Mentoring", "Optics week", "Welcome"]
    assert titles(client(summer.other_lab_host).get(URL)) == []


def test_readers_see_only_their_own_participants_among_those_listed(summer):
    path = f"{URL}{summer.pair.pk}/"
    assert client(summer.organiser).get(path).json()["participants"] == sorted(
        [summer.aiko.pk, summer.noa.pk]
    )
    assert client(summer.coordinator).get(path).json()["participants"] == [summer.aiko.pk]
    assert client(summer.lab_host).get(path).json()["participants"] == [summer.noa.pk]


@pytest.mark.parametrize("reader", ["coordinator", "lab_host", "other_coordinator"])
def test_an_event_out_of_scope_is_a_404(summer, reader):
    hidden = {"coordinator": "optics_week", "lab_host": "kumamoto_day"}.get(reader, "everyone")
    response = client(getattr(summer, reader)).get(f"{URL}{getattr(summer, hidden).pk}/")
    assert response.status_code == 404


def test_without_signing_in_the_events_are_a_401(summer):
    assert client(None).get(URL).status_code == 401


@pytest.mark.parametrize("reader", ["coordinator", "lab_host"])
def test_only_the_office_writes(summer, reader):
    user = getattr(summer, reader)
    payload = {"season": summer.season.pk, "title": "Mine", "kind": "social"}
    payload |= {"starts_at": "2027-07-20T18:00:00+02:00", "ends_at": "2027-07-20T20:00:00+02:00"}
    assert client(user).post(URL, payload).status_code == 403
    path = f"{URL}{summer.everyone.pk}/"
    assert client(user).patch(path, {"title": "Mine"}).status_code == 403
    assert client(user).delete(path).status_code == 403
    assert Event.objects.count() == 4


def test_the_office_creates_a_lab_event_with_a_german_title(summer):
    payload = {
        "season": summer.season.pk,
        "title": "Genome lab week",
        "title_translations": {"de": "Laborwoche Genom"},
        "kind": "lab",
        "starts_at": "2027-07-26T09:00:00+02:00",
        "ends_at": "2027-07-26T17:00:00+02:00",
        "place": "DKFZ",
        "audience": "labs",
        "labs": [summer.genome.pk],
        "meal": "lunch",
    }
    response = client(summer.organiser).post(URL, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["labs"], body["title_translations"]) == (
        [summer.genome.pk],
        {"de": "Laborwoche Genom"},
    )
    event = Event.objects.get(pk=body["id"])
    assert (event.title_in("de"), event.sequence) == ("Laborwoche Genom", 0)
    assert titles(client(summer.lab_host).get(URL)) == ["Mentoring", "Optics week", "Welcome"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2027-07-19T09:00:00+02:00"}, "ends_at"),
        ({"kind": "party"}, "kind"),
        ({"audience": "cities"}, "cities"),
        ({"cities": ["atlantis"], "audience": "cities"}, "cities"),
        ({"labs": [999999]}, "labs"),
        ({"starts_at": "0001-01-01T00:00:00Z"}, "starts_at"),
        ({"title_translations": {"xx": "?"}}, "title_translations"),
        ({"season": 999999}, "season"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(summer, change, field):
    payload = {"season": summer.season.pk, "title": "Talk", "kind": "workshop"}
    payload |= {"starts_at": "2027-07-19T10:00:00+02:00", "ends_at": "2027-07-19T11:00:00+02:00"}
    response = client(summer.organiser).post(URL, payload | change)
    assert response.status_code == 400
    assert field in response.json()


def test_a_withdrawn_student_is_not_a_choice_of_participants(summer):
    path = f"{URL}{summer.pair.pk}/"
    response = client(summer.organiser).patch(path, {"participants": [summer.withdrawn.pk]})
    assert response.status_code == 400
    assert "participants" in response.json()


def test_a_change_raises_the_sequence_and_keeps_the_lists(summer):
    path = f"{URL}{summer.kumamoto_day.pk}/"
    response = client(summer.organiser).patch(path, {"place": "Rathaus"})
    assert response.status_code == 200, response.content
    assert response.json()["cities"] == ["kumamoto"]
    summer.kumamoto_day.refresh_from_db()
    assert (summer.kumamoto_day.place, summer.kumamoto_day.sequence) == ("Rathaus", 1)


def test_cancelling_through_the_field_keeps_the_event(summer):
    path = f"{URL}{summer.everyone.pk}/"
    response = client(summer.organiser).patch(path, {"cancelled": True})
    assert response.json()["cancelled"] is True
    assert client(summer.coordinator).get(path).json()["cancelled"] is True
    undo = client(summer.organiser).patch(path, {"cancelled": False})
    assert undo.status_code == 400
    assert "cancelled" in undo.json()


def test_deleting_an_unmarked_event_is_a_204(summer):
    response = client(summer.organiser).delete(f"{URL}{summer.everyone.pk}/")
    assert response.status_code == 204
    assert not Event.objects.filter(pk=summer.everyone.pk).exists()


def test_deleting_an_event_with_marked_attendance_is_a_409_saying_cancel_instead(summer):
    Attendance.objects.create(event=summer.everyone, nomination=summer.aiko, status="present")
    response = client(summer.organiser).delete(f"{URL}{summer.everyone.pk}/")
    assert response.status_code == 409
    assert "cancel it instead" in response.json()["detail"]


def test_the_office_reads_clashes_others_do_not(summer):
    path = f"{URL}{summer.kumamoto_day.pk}/"
    warnings = client(summer.organiser).get(path, HTTP_ACCEPT_LANGUAGE="de").json()["warnings"]
    assert any("Aiko Tanaka" in text and "gleichzeitig" in text for text in warnings)
    assert client(summer.coordinator).get(path).json()["warnings"] == []


def test_the_filters_season_kind_and_day(summer):
    EventFactory(season=SeasonFactory(year=2028), title="Next year")
    later = EventFactory(
        season=summer.season,
        title="Night walk",
        starts_at=at(dt.date(2027, 7, 20), 23),
        ends_at=at(dt.date(2027, 7, 21), 1),
    )
    office = client(summer.organiser)
    assert len(titles(office.get(URL, {"season": summer.season.pk}))) == 5
    assert titles(office.get(URL, {"kind": "lab"})) == ["Optics week"]
    assert titles(office.get(URL, {"date": "2027-07-21"})) == [later.title]
    assert titles(office.get(URL, {"date": "2027-07-20"})) == [later.title]
    assert office.get(URL, {"date": "0001-01-01"}).status_code == 400
    assert office.get(URL, {"kind": "party"}).status_code == 400


def test_a_season_out_of_reach_and_a_missing_one_look_the_same(summer):
    office = client(summer.organiser)
    assert office.get(URL, {"season": 999999}).status_code == 400


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_list_makes_as_many_queries_for_200_events_as_for_10(summer, role):
    api = client(getattr(summer, role))

    def queries(wanted: int) -> int:
        grow_events(summer, wanted)
        with CaptureQueriesContext(connection) as captured:
            response = api.get(URL, {"page_size": 500})
        assert response.status_code == 200
        return len(captured)

    assert queries(10) == queries(200)


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize(
    ("role", "queries"), [("organiser", 12), ("coordinator", 6), ("lab_host", 6)]
)
def test_the_list_stays_within_its_queries_at_10_and_at_200_events(
    summer, role, queries, count, django_assert_max_num_queries
):
    grow_events(summer, count)
    api = client(getattr(summer, role))

    with django_assert_max_num_queries(queries):
        response = api.get(URL, {"page_size": 500})

    assert response.status_code == 200
    assert len(response.json()["results"]) >= (count - 4) * 2 // 3
