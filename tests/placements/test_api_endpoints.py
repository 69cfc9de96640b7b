"""Every placements API endpoint for every role: what each role may list, read, propose, change and
answer, the actions a placement lists for its reader, and what the match endpoint answers."""

import pytest

from ish.placements.models import Placement
from tests.placements.shared import ROLES, client, ids, url

pytestmark = pytest.mark.django_db

Status = Placement.Status

LIST_SCOPE = {
    "organiser": {"offered", "proposed", "montpellier_offered", "other_lab_offered"},
    "coordinator": {"offered", "proposed", "other_lab_offered"},
    "other_coordinator": {"montpellier_offered"},
    "lab_host": {"offered", "montpellier_offered"},
    "other_lab_host": {"other_lab_offered"},
}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_its_own_placements(world, role):
    response = client(world, role).get(url("list"))

    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert ids(response) == {getattr(world, name).pk for name in LIST_SCOPE[role]}


READ = {"organiser": 200, "coordinator": 200, "other_coordinator": 404, "lab_host": 200,
        "other_lab_host": 404, "anonymous": 401}  # fmt: skip
ORGANISER_ONLY = {"organiser": 200, "coordinator": 403, "other_coordinator": 403,
                  "lab_host": 403, "other_lab_host": 403, "anonymous": 401}  # fmt: skip
ANSWER = {"organiser": 200, "coordinator": 403, "other_coordinator": 403, "lab_host": 200,
          "other_lab_host": 404, "anonymous": 401}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_retrieving_an_offer(world, role):
    response = client(world, role).get(url("detail", world.offered.pk))

    assert response.status_code == READ[role]
    if response.status_code == 200:
        assert response.json()["id"] == world.offered.pk


@pytest.mark.parametrize("role", ROLES)
def test_retrieving_a_proposal_is_for_the_office_and_the_students_coordinator(world, role):
    response = client(world, role).get(url("detail", world.proposed.pk))

    expected = READ | {"lab_host": 404}
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_placement(world, role, accepted_student):
    student = accepted_student()

    response = client(world, role).post(
        url("list"), {"nomination": student.pk, "lab": world.lab.pk}, format="json"
    )

    assert response.status_code == (ORGANISER_ONLY | {"organiser": 201})[role]
    if role == "organiser":
        body = response.json()
        assert (body["status"], body["starts_on"], body["ends_on"]) == (
            "proposed", "2027-07-17", "2027-08-13",
        )  # fmt: skip
    assert student.placements.exists() == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_placement(world, role):
    response = client(world, role).patch(
        url("detail", world.offered.pk), {"comment": "Starts a week late."}, format="json"
    )

    assert response.status_code == ORGANISER_ONLY[role]
    world.offered.refresh_from_db()
    assert (world.offered.comment == "Starts a week late.") == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_offering_a_proposal(world, role):
    response = client(world, role).post(url("offer", world.proposed.pk))

    assert response.status_code == ORGANISER_ONLY[role]
    world.proposed.refresh_from_db()
    offered = world.proposed.status == Status.OFFERED
    assert offered == (role == "organiser")


@pytest.mark.parametrize("action", ["accept", "decline"])
@pytest.mark.parametrize("role", ROLES)
def test_answering_an_offer(world, role, action):
    response = client(world, role).post(url(action, world.offered.pk), {"comment": "Yes."})

    assert response.status_code == ANSWER[role]
    world.offered.refresh_from_db()
    answered = (
        world.offered.status == {"accept": Status.ACCEPTED, "decline": Status.DECLINED}[action]
    )
    assert answered == (ANSWER[role] == 200)
    if answered:
        assert response.json()["status"] == world.offered.status


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_a_placement(world, role):
    response = client(world, role).post(url("cancel", world.offered.pk))

    assert response.status_code == ORGANISER_ONLY[role]
    world.offered.refresh_from_db()
    assert (world.offered.status == Status.CANCELLED) == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_running_the_matching(world, role, accepted_student):
    waiting = accepted_student()

    response = client(world, role).post(url("match"), {"season": world.season.pk}, format="json")

    assert response.status_code == ORGANISER_ONLY[role]
    assert waiting.placements.exists() == (role == "organiser")


@pytest.mark.parametrize("role", ROLES)
def test_offering_all_proposals(world, role):
    response = client(world, role).post(
        url("offer-all"), {"season": world.season.pk}, format="json"
    )

    assert response.status_code == ORGANISER_ONLY[role]
    world.proposed.refresh_from_db()
    assert (world.proposed.status == Status.OFFERED) == (role == "organiser")
    if role == "organiser":
        assert response.json() == {"offered": 1, "emails_written": 1, "labs_without_host": []}


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_a_lab_host_cannot_answer_a_proposal_not_yet_offered_to_them(world, action):
    response = client(world, "lab_host").post(url(action, world.proposed.pk))

    assert response.status_code == 404
    world.proposed.refresh_from_db()
    assert world.proposed.status == Status.PROPOSED


@pytest.mark.parametrize(
    ("role", "placement", "expected"),
    [
        ("organiser", "proposed", ["offer", "cancel"]),
        ("organiser", "offered", ["accept", "decline", "cancel"]),
        ("lab_host", "offered", ["accept", "decline"]),
        ("coordinator", "offered", []),
    ],
)
def test_a_placement_lists_the_actions_its_reader_may_take_now(world, role, placement, expected):
    pk = getattr(world, placement).pk

    assert client(world, role).get(url("detail", pk)).json()["actions"] == expected


def test_the_match_endpoint_answers_how_many_were_proposed_and_who_is_unmatched_and_why(
    world, accepted_student
):
    placed = accepted_student(interests=["biology"])
    no_interests = accepted_student(interests=[])

    response = client(world, "organiser").post(
        url("match"), {"season": world.season.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        "proposed": 2,  # and the world's earlier proposal again
        "unmatched": [no_interests.pk],
        "reasons": {str(no_interests.pk): "The student has no research interests."},
    }
    assert placed.placements.get().status == Status.PROPOSED
