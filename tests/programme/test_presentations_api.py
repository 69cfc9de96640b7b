"""/api/v1/presentations/ by role: the office writes everything, a lab host reads their
students' slots and changes their titles only, a coordinator reads their city's; the proposal
and the move as endpoints; flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.programme.models import Presentation
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.programme.summer import HEIDELBERG, grow_schedule, private_texts, shared_slot

pytestmark = pytest.mark.django_db

URL = "/api/v1/presentations/"
ROLES = ["organiser", "coordinator", "lab_host"]


@pytest.fixture
def schedule(season, lab_host):
    """Four slots: students of Kumamoto and Hangzhou, alternately of the lab host's lab and
    another; slot n is in Hörsaal n % 2 + 1."""
    slots = grow_schedule(season, [lab_host.lab, LabFactory()], 4)
    return {"season": season, "slots": slots}


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_the_office_reads_every_slot_in_the_contracts_shape(api_as, schedule):
    response = api_as("organiser").get(URL, {"season": schedule["season"].pk})
    assert response.status_code == 200
    assert ids(response) == [slot.pk for slot in schedule["slots"]]
    first = response.json()["results"][0]
    student = schedule["slots"][0].nominations.get()
    assert first == {
        "id": schedule["slots"][0].pk,
        "season": schedule["season"].pk,
        "room": "Hörsaal 1",
        "starts_at": "2027-08-12T09:00:00+02:00",
        "minutes": 15,
        "nominations": [student.pk],
        "title": "Talk 0",
        "supervisor": "Prof. Example",
    }


def test_a_lab_host_reads_their_students_slots_only(api_as, schedule):
    response = api_as("lab_host").get(URL)
    assert ids(response) == [schedule["slots"][0].pk, schedule["slots"][2].pk]


def test_on_a_slot_shared_with_another_city_a_coordinator_reads_nothing_private(
    api_as, season, lab_host
):
    """The slot names its presenters by id; nothing of the other city's participant rides
    along (the schedule page shows the names)."""
    slot = shared_slot(season, lab_host.lab)
    response = api_as("coordinator").get(URL, {"season": season.pk})
    assert ids(response) == [slot.pk]
    assert response.json()["results"][0]["nominations"] == sorted(
        slot.nominations.values_list("pk", flat=True)
    )
    for private in [*private_texts(), "Li", "Wei"]:
        assert private not in response.content.decode(), private


def test_a_coordinator_reads_their_citys_participants_slots_only(api_as, schedule):
    response = api_as("coordinator").get(URL)
    # even-numbered students are Kumamoto's
    assert ids(response) == [schedule["slots"][0].pk, schedule["slots"][2].pk]


def test_signed_out_is_401(api_as):
    assert api_as("anonymous").get(URL).status_code == 401


def test_the_office_creates_a_slot(api_as, season):
    aiko = NominationFactory(season=season, status="accepted")
    response = api_as("organiser").post(
        URL,
        {
            "season": season.pk,
            "room": "SR 1",
            "starts_at": "2027-08-12T10:00:00+02:00",
            "minutes": 20,
            "nominations": [aiko.pk],
            "title": "Proteins",
            "supervisor": "Dr. Weber",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    slot = Presentation.objects.get()
    assert slot.starts_at == dt.datetime(2027, 8, 12, 10, tzinfo=HEIDELBERG)
    assert list(slot.nominations.all()) == [aiko]


def test_an_overlap_or_a_second_slot_for_a_student_is_400_naming_the_field(api_as, schedule):
    slot = schedule["slots"][0]
    api = api_as("organiser")
    body = {
        "season": schedule["season"].pk,
        "room": "Hörsaal 1",
        "starts_at": "2027-08-12T09:05:00+02:00",
        "minutes": 15,
        "nominations": [NominationFactory(season=schedule["season"], status="accepted").pk],
    }
    overlap = api.post(URL, body, format="json")
    assert overlap.status_code == 400
    assert list(overlap.json()) == ["starts_at"]
    twice = api.post(
        URL,
        body | {"room": "SR 9", "nominations": [slot.nominations.get().pk]},
        format="json",
    )
    assert twice.status_code == 400
    assert list(twice.json()) == ["nominations"]


def test_a_lab_host_changes_the_title_of_their_students_slot(api_as, schedule):
    slot = schedule["slots"][0]
    response = api_as("lab_host").patch(f"{URL}{slot.pk}/", {"title": "Zebrafish"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Zebrafish"
    slot.refresh_from_db()
    assert (slot.title, slot.room) == ("Zebrafish", "Hörsaal 1")


def test_a_lab_host_changing_another_field_is_400_naming_it(api_as, schedule):
    slot = schedule["slots"][0]
    response = api_as("lab_host").patch(
        f"{URL}{slot.pk}/", {"title": "X", "room": "Aula", "minutes": 5}, format="json"
    )
    assert response.status_code == 400
    assert sorted(response.json()) == ["minutes", "room"]
    slot.refresh_from_db()
    assert (slot.title, slot.room) == ("Talk 0", "Hörsaal 1")


def test_another_labs_slot_is_404_to_a_lab_host(api_as, schedule):
    other = schedule["slots"][1]
    api = api_as("lab_host")
    assert api.get(f"{URL}{other.pk}/").status_code == 404
    assert api.patch(f"{URL}{other.pk}/", {"title": "Mine now"}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.title == "Talk 1"


@pytest.mark.parametrize("role", ["lab_host", "coordinator"])
def test_only_the_office_creates_replaces_moves_deletes_or_proposes(api_as, schedule, role):
    slot = schedule["slots"][0]
    api = api_as(role)
    assert api.post(URL, {}, format="json").status_code == 403
    assert api.put(f"{URL}{slot.pk}/", {}, format="json").status_code == 403
    assert api.delete(f"{URL}{slot.pk}/").status_code == 403
    assert api.post(f"{URL}{slot.pk}/move/", {}, format="json").status_code == 403
    assert api.post(f"{URL}propose/", {}, format="json").status_code == 403
    assert Presentation.objects.count() == 4


def test_a_coordinator_cannot_change_a_title(api_as, schedule):
    slot = schedule["slots"][0]
    response = api_as("coordinator").patch(f"{URL}{slot.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 403


def test_moving_onto_another_slot_swaps_them(api_as, schedule):
    first, second = schedule["slots"][0], schedule["slots"][1]
    response = api_as("organiser").post(
        f"{URL}{first.pk}/move/",
        {"room": "Hörsaal 2", "starts_at": "2027-08-12T09:00:00+02:00"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["presentation"]["room"], body["swapped_with"]["id"]) == ("Hörsaal 2", second.pk)
    second.refresh_from_db()
    assert second.room == "Hörsaal 1"


def test_a_move_into_a_taken_time_is_400_naming_starts_at(api_as, schedule):
    first = schedule["slots"][0]
    response = api_as("organiser").post(
        f"{URL}{first.pk}/move/",
        {"room": "Hörsaal 2", "starts_at": "2027-08-12T09:10:00+02:00"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["starts_at"]


def test_the_proposal_previews_then_replaces_on_confirmation(api_as, season):
    lab = LabFactory(head="Prof. Head")
    pair = [NominationFactory(season=season, status="accepted") for _ in range(2)]
    for student in pair:
        PlacementFactory(nomination=student, lab=lab, status="accepted")
    body = {
        "season": season.pk,
        "rooms": ["SR 1", "SR 2"],
        "starts_at": "2027-08-12T09:00:00+02:00",
        "minutes": 20,
        "grouping": "lab",
    }
    api = api_as("organiser")
    preview = api.post(f"{URL}propose/", body, format="json")
    assert preview.status_code == 200
    assert preview.json()["confirmed"] is False
    assert preview.json()["slots"] == [
        {
            "id": None,
            "season": season.pk,
            "room": "SR 1",
            "starts_at": "2027-08-12T09:00:00+02:00",
            "minutes": 20,
            "nominations": sorted(student.pk for student in pair),
            "title": "",
            "supervisor": "Prof. Head",
        }
    ]
    assert not Presentation.objects.exists()
    confirmed = api.post(f"{URL}propose/", body | {"confirm": True}, format="json")
    assert confirmed.status_code == 201
    assert [slot["id"] for slot in confirmed.json()["slots"]] == list(
        Presentation.objects.values_list("pk", flat=True)
    )


def test_a_filter_on_another_season_id_is_400(api_as, schedule):
    assert api_as("organiser").get(URL, {"season": 999999}).status_code == 400


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_list_makes_as_many_queries_for_200_slots_as_for_10(api_as, season, lab_host, role):
    labs = [lab_host.lab, LabFactory()]
    api = api_as(role)
    counts = []
    for size in (10, 200):
        grow_schedule(season, labs, size)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(URL, {"page_size": 500})
        assert response.status_code == 200
        assert response.json()["count"] == (size if role == "organiser" else size // 2)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_office_deletes_a_slot(api_as, schedule):
    slot = schedule["slots"][0]
    assert api_as("organiser").delete(f"{URL}{slot.pk}/").status_code == 204
    assert not Presentation.objects.filter(pk=slot.pk).exists()


def test_the_office_replaces_a_slots_participants_and_length(api_as, schedule):
    slot = schedule["slots"][0]
    other = NominationFactory(season=schedule["season"], status="accepted")
    response = api_as("organiser").patch(
        f"{URL}{slot.pk}/", {"nominations": [other.pk], "minutes": 10}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["nominations"], response.json()["minutes"]) == ([other.pk], 10)


@pytest.mark.parametrize(("role", "count"), [(r, c) for r in ROLES for c in (10, 200)])
def test_the_list_stays_within_three_queries_at_10_and_at_200_slots(
    api_as, season, lab_host, role, count, django_assert_max_num_queries
):
    grow_schedule(season, [lab_host.lab, LabFactory()], count)

    with django_assert_max_num_queries(3):
        response = api_as(role).get(URL, {"page_size": 500})

    assert response.status_code == 200
    assert response.json()["count"] == (count if role == "organiser" else count // 2)
