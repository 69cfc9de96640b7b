"""The placements API's answers to broken rules and bad input: a broken rule is a 409 with a clear
message, bad input a 400 naming the field, an unknown placement a 404, and never a 500."""

import pytest

from ish.nominations.models import Nomination
from ish.placements.models import Placement
from tests.placements.shared import client, url

pytestmark = pytest.mark.django_db

Status = Placement.Status

# --- rule violations --------------------------------------------------------------------------


def test_accepting_beyond_the_labs_capacity_is_a_conflict_with_a_clear_message(world, placement_in):
    world.lab.capacity = 1
    world.lab.save()
    placement_in(Status.ACCEPTED, lab=world.lab)

    response = client(world, "lab_host").post(url("accept", world.offered.pk))

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"{world.lab.name} is full: it has accepted 1 of 1 students for 2027."
    }
    world.offered.refresh_from_db()
    assert world.offered.status == Status.OFFERED


def test_an_illegal_transition_is_a_conflict_naming_the_status(world):
    response = client(world, "organiser").post(url("accept", world.proposed.pk))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A placement with the status “proposed” cannot move to “accepted”."
    }


def test_answering_twice_is_a_conflict(world):
    api = client(world, "lab_host")
    api.post(url("accept", world.offered.pk))

    response = api.post(url("decline", world.offered.pk))

    assert response.status_code == 409


def test_placing_a_student_twice_or_one_not_accepted_is_refused_naming_the_rule(
    world, accepted_student
):
    api = client(world, "organiser")
    draft = accepted_student(status=Nomination.Status.SUBMITTED)

    twice = api.post(url("list"), {"nomination": world.offered.nomination_id,
                                   "lab": world.other_lab.pk}, format="json")  # fmt: skip
    not_accepted = api.post(url("list"), {"nomination": draft.pk, "lab": world.lab.pk})

    assert twice.status_code in {400, 409}  # the model's constraint, or the service's rule
    assert "already has an active placement" in str(twice.json())
    assert not_accepted.status_code == 409
    assert "Only accepted or confirmed students" in not_accepted.json()["detail"]


def test_changing_the_lab_of_an_offer_is_a_conflict(world):
    response = client(world, "organiser").patch(
        url("detail", world.offered.pk), {"lab": world.other_lab.pk}, format="json"
    )

    assert response.status_code == 409


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field_name"),
    [
        ({}, "nomination"),
        ({"lab": "__lab__"}, "nomination"),
        ({"nomination": "__student__"}, "lab"),
        ({"nomination": 999_999, "lab": "__lab__"}, "nomination"),
        ({"nomination": "abc", "lab": "__lab__"}, "nomination"),
        ({"nomination": {"id": 1}, "lab": "__lab__"}, "nomination"),
        ({"nomination": "__student__", "lab": "x"}, "lab"),
        ({"nomination": "__student__", "lab": 999_999}, "lab"),
        ({"nomination": "__student__", "lab": "__lab__", "starts_on": "17.07.2027"}, "starts_on"),
        ({"nomination": "__student__", "lab": "__lab__", "starts_on": "2027-07-01"}, "starts_on"),
        ({"nomination": "__student__", "lab": "__lab__", "ends_on": "2027-09-01"}, "ends_on"),
        (
            {
                "nomination": "__student__",
                "lab": "__lab__",
                "starts_on": "2027-08-01",
                "ends_on": "2027-07-20",
            },
            "ends_on",
        ),
        ({"nomination": "__student__", "lab": "__lab__", "comment": "x" * 2001}, "comment"),
        ({"nomination": "__student__", "lab": "__lab__", "comment": "nul\x00byte"}, "comment"),
    ],
)
def test_bad_input_when_proposing_is_a_400_naming_the_field(
    world, accepted_student, payload, field_name
):
    student = accepted_student()
    stand_ins = {"__student__": student.pk, "__lab__": world.lab.pk}
    payload = {key: stand_ins.get(value, value) if isinstance(value, str) else value
               for key, value in payload.items()}  # fmt: skip

    response = client(world, "organiser").post(url("list"), payload, format="json")

    assert response.status_code == 400
    assert field_name in response.json()
    assert not student.placements.exists()


@pytest.mark.parametrize(
    ("payload", "field_name"),
    [
        ({"lab": "abc"}, "lab"),
        ({"starts_on": "tomorrow"}, "starts_on"),
        ({"ends_on": "2027-06-30"}, "ends_on"),
        ({"comment": ["a", "list"]}, "comment"),
    ],
)
def test_bad_input_when_changing_is_a_400_naming_the_field(world, payload, field_name):
    response = client(world, "organiser").patch(
        url("detail", world.offered.pk), payload, format="json"
    )

    assert response.status_code == 400
    assert field_name in response.json()


@pytest.mark.parametrize("action", ["offer", "accept", "decline", "cancel"])
@pytest.mark.parametrize("comment", [["a", "list"], "x" * 2001, "nul\x00byte"])
def test_a_bad_comment_on_a_transition_is_a_400(world, action, comment):
    placement = world.proposed if action == "offer" else world.offered

    response = client(world, "organiser").post(
        url(action, placement.pk), {"comment": comment}, format="json"
    )

    assert response.status_code == 400
    assert "comment" in response.json()


@pytest.mark.parametrize("name", ["match", "offer-all"])
@pytest.mark.parametrize("payload", [{}, {"season": "abc"}, {"season": 999_999},
                                     {"season": [1]}, {"season": None}])  # fmt: skip
def test_a_season_action_without_a_valid_season_is_a_400_naming_it(world, name, payload):
    response = client(world, "organiser").post(url(name), payload, format="json")

    assert response.status_code == 400
    assert "season" in response.json()


def test_malformed_json_is_a_400(world):
    response = client(world, "organiser").post(
        url("match"), "{season:", content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [{"season": "abc"}, {"status": "bogus"}, {"lab": "abc"}, {"nomination": "x"},
     {"ordering": "passport_number"}, {"page": "abc"}, {"page_size": "-1"}, {"search": "\x00"}],
)  # fmt: skip
def test_bad_list_parameters_never_cause_a_500(world, query):
    for role in ["organiser", "coordinator", "lab_host"]:
        response = client(world, role).get(url("list"), query)

        assert response.status_code in {200, 400, 404}, (role, query)
        if response.status_code == 400 and isinstance(response.json(), dict):
            assert set(response.json()) <= set(query)


def test_an_unknown_placement_is_a_404(world):
    api = client(world, "organiser")

    assert api.get(url("detail", 999_999)).status_code == 404
    assert api.post(url("accept", 999_999)).status_code == 404
