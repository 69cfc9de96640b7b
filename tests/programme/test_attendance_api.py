"""`/api/v1/events/{id}/attendance/`: the list as each role sees it, marking by role, the errors
naming their field, flat query counts, and the route beside a router's `events` viewset."""

import pytest
from django.urls import include, path, resolve
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

import api.urls
from api.attendance import EventAttendanceView
from ish.programme.models import Attendance
from tests.programme.summer import attendance_summer, more_students

pytestmark = pytest.mark.django_db
summer = pytest.fixture(attendance_summer, name="summer")


def url(event) -> str:
    return f"/api/v1/events/{event.pk}/attendance/"


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def listed(response) -> dict[int, tuple[str, str]]:
    assert response.status_code == 200, response.content
    return {row["nomination"]: (row["status"], row["reason"]) for row in response.json()["results"]}


def test_the_office_reads_every_expected_participant_with_status_and_reason(summer):
    Attendance.objects.create(
        event=summer.workshop, nomination=summer.kenji, status="excused", reason="Fever"
    )

    response = client_of(summer.organiser).get(url(summer.workshop))

    assert response.json()["count"] == 3
    assert listed(response) == {
        summer.noa.pk: ("expected", ""),
        summer.kenji.pk: ("excused", "Fever"),
        summer.aiko.pk: ("expected", ""),
    }
    assert set(response.json()["results"][0]) == {"nomination", "status", "reason"}


def test_the_office_marks_and_gets_the_row_back(summer):
    response = client_of(summer.organiser).post(
        url(summer.workshop), {"nomination": summer.aiko.pk, "status": "present"}
    )

    assert response.status_code == 200
    assert response.json() == {"nomination": summer.aiko.pk, "status": "present", "reason": ""}
    row = Attendance.objects.get(event=summer.workshop, nomination=summer.aiko)
    assert row.marked_by == summer.organiser


def test_excused_is_marked_with_its_reason(summer):
    response = client_of(summer.organiser).post(
        url(summer.workshop),
        {"nomination": summer.aiko.pk, "status": "excused", "reason": "Doctor's appointment"},
    )

    assert response.json()["reason"] == "Doctor's appointment"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "excused"}, "reason"),
        ({"status": "excused", "reason": ""}, "reason"),
        ({"status": "late"}, "status"),
        ({"status": "present", "reason": "x" * 301}, "reason"),
        ({}, "status"),
    ],
)
def test_invalid_marks_are_a_400_naming_the_field(summer, body, field):
    response = client_of(summer.organiser).post(
        url(summer.workshop), {"nomination": summer.aiko.pk, **body}
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("nomination", [None, "abc", 0, 999_999, 2**40])
def test_a_missing_or_odd_nomination_is_a_400_naming_nomination(summer, nomination):
    body = {"status": "present"} | ({} if nomination is None else {"nomination": nomination})

    response = client_of(summer.organiser).post(url(summer.workshop), body)

    assert response.status_code == 400
    assert "nomination" in response.json()


def test_a_participant_not_expected_is_a_400_naming_nomination(summer):
    response = client_of(summer.organiser).post(
        url(summer.lab_day), {"nomination": summer.kenji.pk, "status": "present"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["nomination"]


def test_a_coordinator_reads_their_citys_rows_only_and_cannot_mark(summer):
    client = client_of(summer.coordinator)

    assert set(listed(client.get(url(summer.workshop)))) == {summer.aiko.pk, summer.kenji.pk}
    response = client.post(
        url(summer.workshop), {"nomination": summer.aiko.pk, "status": "present"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_a_coordinator_gets_a_404_for_an_event_without_their_citys_participants(summer):
    summer.lab_day.labs.set([summer.optics])
    summer.kenji.placements.update(status="declined")

    assert client_of(summer.coordinator).get(url(summer.lab_day)).status_code == 404


def test_a_lab_host_reads_and_marks_their_own_students_at_their_lab_event(summer):
    client = client_of(summer.genome_host)

    assert set(listed(client.get(url(summer.lab_day)))) == {summer.aiko.pk, summer.noa.pk}
    response = client.post(url(summer.lab_day), {"nomination": summer.noa.pk, "status": "present"})
    assert response.status_code == 200


def test_a_lab_host_gets_a_404_for_another_labs_event(summer):
    client = client_of(summer.optics_host)

    assert client.get(url(summer.lab_day)).status_code == 404
    response = client.post(url(summer.lab_day), {"nomination": summer.aiko.pk, "status": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_lab_host_gets_a_404_for_an_event_that_is_not_a_lab_event(summer):
    client = client_of(summer.genome_host)

    assert client.get(url(summer.workshop)).status_code == 404
    response = client.post(
        url(summer.workshop), {"nomination": summer.aiko.pk, "status": "present"}
    )
    assert response.status_code == 404


def test_a_lab_host_marking_another_labs_student_is_a_400_naming_nomination(summer):
    summer.lab_day.labs.add(summer.optics)

    response = client_of(summer.genome_host).post(
        url(summer.lab_day), {"nomination": summer.kenji.pk, "status": "present"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["nomination"]


def test_an_unknown_event_is_a_404_and_anonymous_a_401(summer):
    assert client_of(summer.organiser).get("/api/v1/events/999999/attendance/").status_code == 404
    assert APIClient().get(url(summer.workshop)).status_code == 401
    assert APIClient().post(url(summer.workshop), {}).status_code == 401


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_takes_the_same_queries_for_few_and_many(
    summer, count, django_assert_max_num_queries
):
    for student in more_students(summer, count)[::2]:
        Attendance.objects.create(event=summer.workshop, nomination=student, status="present")
    client = client_of(summer.organiser)

    with django_assert_max_num_queries(4):
        response = client.get(url(summer.workshop), {"page_size": 500})

    assert len(response.json()["results"]) == count + 3


@pytest.mark.parametrize("count", [10, 200])
def test_marking_takes_the_same_queries_for_few_and_many(
    summer, count, django_assert_max_num_queries
):
    more_students(summer, count)
    client = client_of(summer.genome_host)

    # the event, whether the caller runs it, the participant, the row; the rest savepoints
    with django_assert_max_num_queries(11):
        response = client.post(
            url(summer.lab_day), {"nomination": summer.aiko.pk, "status": "present"}
        )

    assert response.status_code == 200


def test_the_schema_declares_the_list_and_the_mark(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = schema["paths"]["/api/v1/events/{id}/attendance/"]

    assert set(operations) >= {"get", "post"}
    assert {"200", "400", "401", "403", "404"} <= set(operations["post"]["responses"])


# --- beside the events viewset -------------------------------------------------------------


class StubEventViewSet(viewsets.ViewSet):
    """What the events helper's viewset registers: list, detail and an extra detail action."""

    lookup_value_regex = "[0-9]+"

    def list(self, request):
        return Response([])

    def retrieve(self, request, pk=None):
        return Response({"id": pk})


def test_the_attendance_route_wins_over_a_router_registered_events_viewset():
    router = DefaultRouter()
    router.register("events", StubEventViewSet, basename="event")
    router_include = next(i for i, p in enumerate(api.urls.urlpatterns) if str(p.pattern) == "v1/")
    patterns = list(api.urls.urlpatterns)
    patterns.insert(router_include, path("v1/", include(router.urls)))

    class Both:
        urlpatterns = [path("api/", include(patterns))]

    assert resolve("/api/v1/events/7/attendance/", urlconf=Both).func.view_class is (
        EventAttendanceView
    )
    assert resolve("/api/v1/events/7/", urlconf=Both).func.cls is StubEventViewSet
    assert resolve("/api/v1/events/", urlconf=Both).func.cls is StubEventViewSet
