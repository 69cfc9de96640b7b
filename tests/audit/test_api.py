"""GET /api/v1/audit/: the trail searched by object, actor and time; organisers read all of it,
a coordinator their city's nominations' without other people's reads (sensitive values masked),
lab hosts nothing. Who may see what is written out here from issue 12, not read from the
selectors under test."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import BERLIN, DocumentFactory, NominationFactory, PlacementFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit-list")
FIELDS = {"id", "at", "actor", "address", "object", "action", "changes", "file", "by"}


def trail(client: APIClient, **query) -> list[dict]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def summary(entries: list[dict]) -> list[tuple]:
    return sorted((entry["object"], entry["action"], entry["actor"]) for entry in entries)


@pytest.fixture
def world(season, organiser, coordinator, api_as):
    """In 2027: Kumamoto's student is created; on 1 March the office corrects her medical notes
    and reads her record, her coordinator reads it and the office downloads her CV. Hangzhou's
    student is created and read by the office."""
    with time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=BERLIN), tick=False):
        own = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
        cv = DocumentFactory(nomination=own, filename="cv.pdf")
        other = NominationFactory(season=season, city=City.objects.get(slug="hangzhou"))
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False):
        office = api_as("organiser")
        office.patch(reverse("nomination-detail", args=[own.pk]), {"medical_notes": "Asthma."})
        office.get(reverse("nomination-detail", args=[own.pk]))
        api_as("coordinator").get(reverse("nomination-detail", args=[own.pk]))
        office.get(reverse("nomination-document-download", args=[own.pk, cv.pk]))
        office.get(reverse("nomination-detail", args=[other.pk]))
    return SimpleNamespace(own=own, cv=cv, other=other)


def test_an_organiser_reads_an_objects_whole_trail_with_every_value(api_as, world):
    entries = trail(api_as("organiser"), object=f"nomination:{world.own.pk}")

    assert summary(entries) == sorted(
        [
            (f"nomination:{world.own.pk}", "create", None),
            (f"nomination:{world.own.pk}", "update", "organiser"),
            (f"nomination:{world.own.pk}", "read", "organiser"),
            (f"nomination:{world.own.pk}", "read", "coordinator"),
        ]
    )
    update = next(entry for entry in entries if entry["action"] == "update")
    assert update["changes"] == {"medical_notes": ["", "Asthma."]}
    assert update["address"] == "127.0.0.1"
    assert set(update) == FIELDS
    assert dt.datetime.fromisoformat(update["at"]) == dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN)


def test_the_newest_entry_comes_first(api_as, world):
    entries = trail(api_as("organiser"), object=f"nomination:{world.own.pk}")

    moments = [dt.datetime.fromisoformat(entry["at"]) for entry in entries]
    assert moments == sorted(moments, reverse=True)


def test_a_download_names_the_file_and_the_document(api_as, world):
    (download,) = trail(api_as("organiser"), object=f"document:{world.cv.pk}", actor="organiser")

    assert (download["action"], download["file"]) == ("download", "cv.pdf")


def test_a_coordinator_reads_their_students_trail_without_other_peoples_reads_and_masked(
    api_as, world
):
    entries = trail(api_as("coordinator"), object=f"nomination:{world.own.pk}")

    assert summary(entries) == sorted(
        [
            (f"nomination:{world.own.pk}", "create", None),
            (f"nomination:{world.own.pk}", "update", "organiser"),
            (f"nomination:{world.own.pk}", "read", "coordinator"),
        ]
    )
    update = next(entry for entry in entries if entry["action"] == "update")
    assert update["changes"] == {"medical_notes": ["", "***"]}
    create = next(entry for entry in entries if entry["action"] == "create")
    assert create["changes"]["given_name"] == [None, world.own.given_name]  # not sensitive


def test_without_an_object_a_coordinator_gets_only_their_citys_nominations(api_as, world):
    entries = trail(api_as("coordinator"))

    assert {entry["object"] for entry in entries} == {f"nomination:{world.own.pk}"}


@pytest.mark.parametrize(
    "named",
    [
        "another city's student",
        "a student that does not exist",
        "a placement of their own student",
        "their own student's document",
    ],
)
def test_an_object_outside_a_coordinators_scope_is_a_404(api_as, world, named):
    placement = PlacementFactory(nomination=world.own)
    obj = {
        "another city's student": f"nomination:{world.other.pk}",
        "a student that does not exist": "nomination:999999",
        "a placement of their own student": f"placement:{placement.pk}",
        "their own student's document": f"document:{world.cv.pk}",
    }[named]

    assert api_as("coordinator").get(URL, {"object": obj}).status_code == 404


def test_lab_hosts_may_not_read_the_trail_and_anonymous_callers_must_sign_in(api_as, world):
    assert api_as("lab_host").get(URL).status_code == 403
    assert api_as("lab_host").get(URL, {"object": f"nomination:{world.own.pk}"}).status_code == 403
    assert api_as("anonymous").get(URL).status_code == 401


def test_the_trail_of_a_deleted_record_stays_readable_for_organisers(api_as, season):
    draft = NominationFactory(season=season)
    pk = draft.pk
    api_as("organiser").delete(reverse("nomination-detail", args=[pk]))

    entries = trail(api_as("organiser"), object=f"nomination:{pk}")

    assert [entry["action"] for entry in entries] == ["delete", "create"]


def test_the_filters_narrow_by_actor_and_time(api_as, world):
    office = api_as("organiser")

    by_coordinator = trail(office, actor="coordinator")
    since_march = trail(office, since="2027-03-01T00:00:00+01:00")
    before = trail(office, since="2027-03-02T00:00:00+01:00")

    assert summary(by_coordinator) == [(f"nomination:{world.own.pk}", "read", "coordinator")]
    assert {entry["action"] for entry in since_march} == {"update", "read", "download"}
    assert before == []


@pytest.mark.parametrize(
    "query",
    [
        {"object": "nomination"},
        {"object": "nomination:abc"},
        {"object": "nomination:99999999999999999999"},
        {"object": "nomination:²"},
        {"object": "unicorn:1"},
        {"object": "nomination:1\x00"},
        {"since": "yesterday"},
    ],
)
def test_a_malformed_query_is_a_400_naming_the_parameter(api_as, world, query):
    response = api_as("organiser").get(URL, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_the_list_costs_the_same_queries_for_10_or_100_entries(api_as, season):
    office = api_as("organiser")
    students = [NominationFactory(season=season) for _ in range(10)]

    with CaptureQueriesContext(connection) as few:
        assert len(office.get(URL).json()["results"]) < 20
    for student in students * 9:
        office.get(reverse("nomination-detail", args=[student.pk]))

    with CaptureQueriesContext(connection) as many:
        response = office.get(URL, {"page_size": 200})
    assert len(response.json()["results"]) > 100
    assert len(many) == len(few)
