"""Garbage sent to the housing API, in bodies, filters and paths, is a 400 or a 404, never a 500."""

import pytest

from ish.housing.models import HousingAssignment
from tests.housing.api_requests import PLACES, STAYS, place_payload, stay_url

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


HUGE_NUMBER = 10**30
HUGE_TEXT = "x" * 100_000
GARBAGE = {
    "nomination-text": {"nomination": "the one from Kumamoto"},
    "nomination-huge": {"nomination": HUGE_NUMBER},
    "nomination-negative": {"nomination": -1},
    "nomination-list": {"nomination": [1]},
    "nomination-object": {"nomination": {"id": 1}},
    "nomination-null": {"nomination": None},
    "accommodation-huge": {"accommodation": HUGE_NUMBER},
    "accommodation-nul": {"accommodation": "1\x00"},
    "check-in-number": {"check_in": 20270720},
    "check-in-huge-year": {"check_in": "99999-07-20"},
    "check-in-first-day": {"check_in": "0001-01-01"},
    "check-out-last-day": {"check_out": "9999-12-31"},
    "check-in-nul": {"check_in": "2027-07-20\x00"},
    "check-in-huge": {"check_in": HUGE_TEXT},
    "check-in-list": {"check_in": ["2027-07-20"]},
    "check-in-null": {"check_in": None},
    "status-injected": {"status": "confirmed"},
    "warnings-injected": {"warnings": ["none"]},
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_assignment_is_a_400_not_a_500(api_as, world, garbage):
    payload = {"nomination": world.waiting.pk, "accommodation": world.double.pk} | GARBAGE[garbage]

    response = api_as("organiser").post(STAYS, payload, format="json")

    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:  # a field the client may not set was ignored
        assert response.json()["status"] == "proposed"
        assert response.json()["warnings"] == []


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_change_is_a_400_not_a_500(api_as, world, garbage):
    response = api_as("organiser").patch(stay_url(world.own_stay), GARBAGE[garbage], format="json")

    assert response.status_code in {200, 400}, response.content
    assert HousingAssignment.objects.get(pk=world.own_stay.pk).status == Status.PROPOSED


@pytest.mark.parametrize(
    "garbage",
    [
        {"beds": HUGE_NUMBER},
        {"beds": "two"},
        {"languages": "de"},
        {"languages": [["de"]]},
        {"languages": ["d\x00"]},
        {"dietary_options": "vegetarian"},
        {"dietary_options": [{"diet": "vegan"}]},
        {"available_from": "99999-01-01"},
        {"available_from": "0001-01-01", "available_until": "9999-12-31"},
        {"name": "Weber\x00"},
        {"name": HUGE_TEXT},
        {"pets": ["cat"]},
        {"smoking": "sometimes"},
    ],
    ids=[
        "beds-huge", "beds-text", "languages-text", "languages-nested", "language-nul",
        "diets-text", "diets-objects", "date-huge-year", "dates-extreme", "name-nul", "name-huge",
        "pets-list", "smoking-text",
    ],
)  # fmt: skip
def test_a_garbage_accommodation_is_a_400_not_a_500(api_as, garbage):
    response = api_as("organiser").post(PLACES, place_payload(**garbage), format="json")

    assert response.status_code in {201, 400}, response.content


@pytest.mark.parametrize(
    "body",
    [[1], "2027", {"season": "this year"}, {"season": HUGE_NUMBER}, {"season": [1]}, {}],
    ids=["list", "text", "season-text", "season-huge", "season-list", "empty"],
)
@pytest.mark.parametrize("action", ["suggest/", "confirm-all/"])
def test_a_garbage_season_is_a_400_not_a_500(api_as, world, action, body):
    response = api_as("organiser").post(f"{STAYS}{action}", body, format="json")

    assert response.status_code == 400, response.content
    assert HousingAssignment.objects.count() == 2


@pytest.mark.parametrize(
    "params",
    [
        {"season": "this-year"},
        {"season": str(HUGE_NUMBER)},
        {"city": "kuma\x00moto"},
        {"status": "lost"},
        {"accommodation": "the big one"},
        {"nomination": str(HUGE_NUMBER)},
        {"search": "\x00"},
        {"ordering": "nomination__medical_notes"},
        {"page": "last"},
    ],
    ids=[
        "season", "season-huge", "city-nul", "status", "accommodation", "nomination-huge",
        "search-nul", "ordering", "page",
    ],
)  # fmt: skip
def test_odd_filters_never_cause_a_server_error(api_as, world, params):
    for url in (STAYS, PLACES):
        response = api_as("organiser").get(url, params)

        assert response.status_code in {200, 400, 404}, response.content


@pytest.mark.parametrize("path", [f"{STAYS}99999999999999999999/", f"{STAYS}x/", f"{PLACES}1%00/"])
def test_an_id_no_row_can_match_is_a_404(api_as, world, path):
    assert api_as("organiser").get(path).status_code == 404
