"""The schedule pages by role: the office's grid with its forms, moves and the proposal; a lab
host's own students' slots and their titles; a coordinator's city's; the workbook; flat query
counts."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ish.programme.models import Presentation
from tests.factories import LabFactory, NominationFactory, PlacementFactory
from tests.programme.page_tree import page_tree
from tests.programme.summer import FIRST, grow_schedule, private_texts, shared_slot
from tests.rosters.conftest import every_cell_text

pytestmark = pytest.mark.django_db

SCHEDULE = reverse("programme:presentations")
PROPOSE = reverse("programme:presentations_propose")
EXPORT = reverse("programme:presentations_export")


@pytest.fixture
def schedule(season, lab_host):
    """Four slots of one student each (see grow_schedule): 0 and 2 of Kumamoto and the lab
    host's lab; 1 and 3 of Hangzhou and another lab."""
    return grow_schedule(season, [lab_host.lab, LabFactory()], 4)


def slot_ids(response) -> list[int]:
    grid = page_tree(response.content).find(testid="schedule-grid")
    return [int(card["id"].removeprefix("slot-")) for card in grid.find_all(testid="slot")]


def test_the_office_sees_every_slot_in_a_grid_of_rooms_by_times(client_as, season, schedule):
    response = client_as("organiser").get(SCHEDULE, {"season": season.pk})
    assert response.status_code == 200
    page = page_tree(response.content)
    grid = page.find("table", data_presentation_grid=True)
    assert [th.text() for th in grid.find("thead").find_all("th")] == [
        "Time",
        "Hörsaal 1",
        "Hörsaal 2",
    ]
    assert [th.text() for th in grid.find("tbody").find_all("th")] == ["09:00", "09:15"]
    assert slot_ids(response) == [slot.pk for slot in schedule]
    assert page.find(testid="move-later")
    assert page.find(testid="move-earlier")
    assert page.find("form", id="move-form") is not None
    assert len(page.find_all(testid="list-slot")) == 4  # the phone's list by time


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_a_coordinator_or_lab_host_sees_their_own_students_slots_only(
    client_as, season, schedule, role
):
    response = client_as(role).get(SCHEDULE, {"season": season.pk})
    assert response.status_code == 200
    assert slot_ids(response) == [schedule[0].pk, schedule[2].pk]
    page = page_tree(response.content)
    assert page.find(testid="move-later") is None
    assert page.find(id="move-form") is None
    assert bool(page.find(testid="edit-title")) is (role == "lab_host")


def test_signed_out_the_schedule_sends_to_sign_in(client_as):
    response = client_as("anonymous").get(SCHEDULE)
    assert response.status_code == 302


def test_the_office_adds_a_slot_by_hand(client_as, season):
    aiko = NominationFactory(season=season, status="accepted")
    response = client_as("organiser").post(
        reverse("programme:presentation_add"),
        {
            "season": season.pk,
            "room": "SR 1",
            "starts_at": "2027-08-12T10:00",
            "minutes": "20",
            "nominations": [aiko.pk],
            "title": "Proteins",
        },
    )
    assert response.status_code == 302
    slot = Presentation.objects.get()
    assert (slot.room, slot.minutes, slot.title) == ("SR 1", 20, "Proteins")


def test_an_overlapping_slot_is_refused_on_the_form_naming_the_field(client_as, season, schedule):
    response = client_as("organiser").post(
        reverse("programme:presentation_add"),
        {
            "season": season.pk,
            "room": "Hörsaal 1",
            "starts_at": "2027-08-12T09:05",
            "minutes": "15",
            "nominations": [NominationFactory(season=season, status="accepted").pk],
        },
    )
    assert response.status_code == 400
    assert "starts_at" in response.context["form"].errors
    assert Presentation.objects.count() == 4


def test_the_office_edits_and_deletes_a_slot(client_as, season, schedule):
    client = client_as("organiser")
    slot = schedule[0]
    edit = reverse("programme:presentation_edit", args=[slot.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "room": "Aula",
            "starts_at": "2027-08-12T11:00",
            "minutes": "30",
            "nominations": [n.pk for n in slot.nominations.all()],
            "title": "New",
            "supervisor": "Dr. X",
        },
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.room, slot.minutes, slot.supervisor) == ("Aula", 30, "Dr. X")
    client.post(reverse("programme:presentation_delete", args=[slot.pk]))
    assert not Presentation.objects.filter(pk=slot.pk).exists()


def test_a_lab_host_edits_the_title_only(client_as, schedule):
    slot = schedule[0]
    client = client_as("lab_host")
    edit = reverse("programme:presentation_edit", args=[slot.pk])
    page = client.get(edit)
    assert list(page.context["form"].fields) == ["title"]
    client.post(edit, {"title": "Zebrafish", "room": "Elsewhere"})
    slot.refresh_from_db()
    assert (slot.title, slot.room) == ("Zebrafish", "Hörsaal 1")


def test_another_labs_slot_is_404_to_a_lab_host(client_as, schedule):
    edit = reverse("programme:presentation_edit", args=[schedule[1].pk])
    assert client_as("lab_host").get(edit).status_code == 404
    assert client_as("lab_host").post(edit, {"title": "Mine"}).status_code == 404


def test_a_coordinator_may_not_edit_a_slot_and_another_citys_is_404(client_as, schedule):
    client = client_as("coordinator")
    assert (
        client.get(reverse("programme:presentation_edit", args=[schedule[0].pk])).status_code == 403
    )
    assert (
        client.get(reverse("programme:presentation_edit", args=[schedule[1].pk])).status_code == 404
    )


def test_on_a_slot_shared_with_another_city_a_coordinator_reads_its_presenters_names_only(
    client_as, season, lab_host
):
    """The schedule is the programme handed out on the day: the names of everyone presenting,
    never another city's participant's contact, birth date or their city's contact."""
    slot = shared_slot(season, lab_host.lab)
    client = client_as("coordinator")  # Kumamoto's

    html = client.get(SCHEDULE, {"season": season.pk}).content.decode()
    names = page_tree(html).find(id=f"slot-{slot.pk}-names").text()
    assert names == "Aiko Tanaka, Li Wei"
    workbook = load_workbook(io.BytesIO(client.get(EXPORT, {"season": season.pk}).content))
    row = list(workbook.active.values)[1]
    assert row[2] == "Aiko Tanaka, Li Wei"
    cells = every_cell_text(workbook)
    for private in private_texts():
        assert private not in html, private
        assert private not in cells, private


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_moves_deletes_adds_or_proposes(client_as, season, schedule, role):
    client = client_as(role)
    slot = schedule[0]
    move = reverse("programme:presentation_move", args=[slot.pk])
    assert client.post(move, {"room": "X", "starts_at": "2027-08-12T12:00"}).status_code == 403
    assert client.post(reverse("programme:presentation_delete", args=[slot.pk])).status_code == 403
    assert client.get(reverse("programme:presentation_add")).status_code == 403
    assert client.get(PROPOSE).status_code == 403
    assert Presentation.objects.count() == 4


def test_the_later_button_swaps_a_slot_with_the_next_in_its_room(client_as, season, schedule):
    client = client_as("organiser")
    first, third = schedule[0], schedule[2]  # Hörsaal 1 at 09:00 and 09:15
    page = page_tree(client.get(SCHEDULE, {"season": season.pk}).content)
    later = page.find(id=f"slot-{first.pk}").find(testid="move-later").parent_of("form")
    response = client.post(later["action"], later.form_data(), follow=True)
    assert "The two slots have swapped places." in response.content.decode()
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.starts_at, third.starts_at) == (FIRST.replace(minute=15), FIRST)


def test_a_move_into_a_taken_time_says_why_and_changes_nothing(client_as, schedule):
    slot = schedule[0]
    response = client_as("organiser").post(
        reverse("programme:presentation_move", args=[slot.pk]),
        {"room": "Hörsaal 2", "starts_at": "2027-08-12T09:05"},
        follow=True,
    )
    assert "Hörsaal 2 is taken then" in response.content.decode()
    slot.refresh_from_db()
    assert (slot.room, slot.starts_at) == ("Hörsaal 1", FIRST)


def test_the_proposal_is_previewed_and_replaces_the_schedule_only_when_accepted(
    client_as, season, schedule
):
    lab = LabFactory(head="Prof. Head")
    newcomer = NominationFactory(season=season, status="accepted", given_name="Nina")
    PlacementFactory(nomination=newcomer, lab=lab, status="accepted")
    client = client_as("organiser")
    values = {
        "season": season.pk,
        "rooms": "SR 1\nSR 2",
        "starts_at": "2027-08-13T09:00",
        "minutes": "20",
        "breaks": "10:00-10:30",
        "grouping": "lab",
    }
    preview = client.get(PROPOSE, values)
    assert preview.status_code == 200
    page = page_tree(preview.content)
    # by lab: the lab host's two students, the other lab's two, and Nina's lab
    assert len(page.find_all(testid="preview-slot")) == 3
    assert Presentation.objects.count() == 4  # nothing saved yet
    accept = page.find(testid="accept-proposal").parent_of("form")
    response = client.post(accept["action"], accept.form_data())
    assert response.status_code == 302
    assert Presentation.objects.count() == 3
    assert set(Presentation.objects.values_list("room", flat=True)) == {"SR 1", "SR 2"}
    assert Presentation.objects.get(nominations=newcomer).supervisor == "Prof. Head"


def test_a_break_that_is_no_time_range_is_refused_naming_the_field(client_as, season):
    response = client_as("organiser").get(
        PROPOSE,
        {
            "season": season.pk,
            "rooms": "SR 1",
            "starts_at": "2027-08-13T09:00",
            "minutes": "20",
            "breaks": "lunch",
            "grouping": "lab",
        },
    )
    assert response.status_code == 400
    assert "breaks" in response.context["form"].errors


@pytest.mark.parametrize(("role", "rows"), [("organiser", 4), ("coordinator", 2), ("lab_host", 2)])
def test_the_workbook_holds_the_readers_slots_with_the_agreed_columns(
    client_as, season, schedule, role, rows
):
    response = client_as(role).get(EXPORT, {"season": season.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0] == ("Time", "Room", "Participants", "City", "Lab", "Title", "Supervisor")
    assert len(values) == rows + 1
    first = values[1]
    assert (first[1], first[5], first[6]) == ("Hörsaal 1", "Talk 0", "Prof. Example")
    assert first[3] == "Kumamoto"


def test_a_title_that_looks_like_a_formula_stays_text_in_the_workbook(client_as, season, schedule):
    Presentation.objects.filter(pk=schedule[0].pk).update(title='=HYPERLINK("x")')
    response = client_as("organiser").get(EXPORT, {"season": season.pk})
    cell = load_workbook(io.BytesIO(response.content)).active["F2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_schedule_makes_as_many_queries_for_200_slots_as_for_10(
    client_as, season, lab_host, role
):
    labs = [lab_host.lab, LabFactory()]
    client = client_as(role)
    counts = []
    for size in (10, 200):
        grow_schedule(season, labs, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SCHEDULE, {"season": season.pk})
        assert response.status_code == 200
        assert len(slot_ids(response)) == (size if role == "organiser" else size // 2)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_workbook_makes_as_many_queries_for_200_slots_as_for_10(client_as, season, lab_host):
    labs = [lab_host.lab, LabFactory()]
    client = client_as("organiser")
    counts = []
    for size in (10, 200):
        grow_schedule(season, labs, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(EXPORT, {"season": season.pk}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_proposals_preview_makes_as_many_queries_for_200_participants_as_for_10(
    client_as, season, lab_host
):
    labs = [lab_host.lab, LabFactory(), LabFactory()]
    client = client_as("organiser")
    values = {
        "season": season.pk,
        "rooms": "SR 1\nSR 2",
        "starts_at": "2027-08-13T09:00",
        "minutes": "15",
        "grouping": "student",
    }
    counts = []
    for size in (10, 200):
        grow_schedule(season, labs, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PROPOSE, values)
        assert len(page_tree(response.content).find_all(testid="preview-slot")) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
@pytest.mark.parametrize("count", [10, 200])
def test_the_schedule_takes_six_queries_and_its_workbook_eight_at_10_and_at_200_slots(
    client_as, season, lab_host, role, count, django_assert_max_num_queries
):
    grow_schedule(season, [lab_host.lab, LabFactory()], count)
    # Signed in after the slots are made: a slow machine growing 200 of them for over a minute
    # would otherwise see the session's last-seen time written (accounts.middleware), 3 queries.
    client = client_as(role)
    with django_assert_max_num_queries(6):
        response = client.get(SCHEDULE, {"season": season.pk})
    assert response.status_code == 200
    assert len(slot_ids(response)) == (count if role == "organiser" else count // 2)
    with django_assert_max_num_queries(8):  # the slots read again, without their presenters
        assert client.get(EXPORT, {"season": season.pk}).status_code == 200
