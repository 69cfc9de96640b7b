"""Odd input to the nominations API (filters, bodies, ids, broken JSON) is answered with a 400 or
404, never with a server error."""

import pytest

from ish.nominations.models import Nomination
from tests.nominations.api_requests import LIST, RANK, creation_payload, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"season": "this-year"},
        {"season": "99999999999999999999"},
        {"city": "kuma\x00moto"},
        {"search": "\x00"},
        {"search": "x" * 10_000},
        {"ordering": "passport_number"},
        {"page": "last-but-one"},
        {"page_size": "-4"},
    ],
    ids=[
        "status", "season", "season-huge", "city-nul", "search-nul", "search-huge", "ordering",
        "page", "page-size",
    ],
)  # fmt: skip
def test_odd_filters_never_cause_a_server_error(api_as, nomination_of, params):
    nomination_of("own")

    response = api_as("organiser").get(LIST, params)

    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


# --- no 500 for any body ----------------------------------------------------------------------

HUGE_NUMBER = 10**30
HUGE_TEXT = "x" * 1_000_000
GARBAGE = {
    "season-as-text": {"season": "the current one"},
    "season-huge": {"season": HUGE_NUMBER},
    "season-as-list": {"season": [1]},
    "season-as-object": {"season": {"id": 1}},
    "rank-as-text": {"rank": "first"},
    "rank-huge": {"rank": HUGE_NUMBER},
    "rank-negative": {"rank": -1},
    "graduation-year-huge": {"graduation_year": HUGE_NUMBER},
    "graduation-year-as-text": {"graduation_year": "next year"},
    "name-with-nul": {"given_name": "Ai\x00ko"},
    "email-with-nul": {"email": "aiko\x00@example.jp"},
    "city-with-nul": {"city": "kuma\x00moto"},
    "interest-with-nul": {"research_interests": ["bio\x00logy"]},
    "interests-as-objects": {"research_interests": [{"slug": "biology"}]},
    "interests-as-object": {"research_interests": {"first": "biology"}},
    "interests-nested-lists": {"research_interests": [["biology"]]},
    "huge-name": {"given_name": HUGE_TEXT},
    "huge-motivation": {"motivation": HUGE_TEXT},
    "huge-interest": {"research_interests": [HUGE_TEXT]},
    "name-as-list": {"given_name": ["Aiko", "Yui"]},
    "name-as-object": {"given_name": {"first": "Aiko"}},
    "name-null": {"given_name": None},
    "date-as-number": {"date_of_birth": 20080501},
    "date-huge-year": {"date_of_birth": "99999-01-01"},
    "datetime-garbage": {"arrival_at": "soon"},
    "phone-as-number": {"phone": 819612345},
    "nationality-as-list": {"nationality": ["JP"]},
    "status-injected": {"status": "accepted"},
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_creation_body_is_a_400_not_a_500(api_as, world, garbage):
    payload = creation_payload(world.season, city="kumamoto") | GARBAGE[garbage]

    response = api_as("organiser").post(LIST, payload)

    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:  # a field the client may not set was ignored
        assert Nomination.objects.get().status == Status.DRAFT


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_change_is_a_400_not_a_500(api_as, nomination_of, garbage):
    nomination = nomination_of("own")

    response = api_as("coordinator").patch(url(nomination), GARBAGE[garbage])

    assert response.status_code in {200, 400}, response.content
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "body",
    [
        [1, 2, 3],
        "submit",
        {"comment": ["a", "b"]},
        {"comment": {"text": "a"}},
        {"comment": "x\x00y"},
        {"comment": HUGE_TEXT},
        {"over_quota": "maybe"},
        {"over_quota": [True]},
    ],
    ids=[
        "list", "string", "comment-list", "comment-object", "comment-nul", "comment-huge",
        "over-quota-text", "over-quota-list",
    ],
)  # fmt: skip
def test_a_garbage_transition_body_is_a_400_not_a_500(api_as, nomination_of, body):
    nomination = nomination_of("own")

    response = api_as("organiser").post(url(nomination, "submit/"), body, format="json")

    assert response.status_code == 400, response.content
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    "body",
    [
        [1, 2],
        {"season": "this", "order": [1]},
        {"order": [1]},
        {"season": 1, "order": "1,2"},
        {"season": 1, "order": ["first"]},
        {"season": 1, "order": [HUGE_NUMBER]},
        {"season": 1, "order": [{"id": 1}]},
        {"season": 1, "order": []},
        {"season": HUGE_NUMBER, "order": [1]},
        {"season": 1, "city": "kuma\x00moto", "order": [1]},
        {"season": 1, "city": ["kumamoto"], "order": [1]},
    ],
    ids=[
        "list", "season-text", "no-season", "order-text", "order-words", "order-huge",
        "order-objects", "order-empty", "season-huge", "city-nul", "city-list",
    ],
)  # fmt: skip
def test_a_garbage_ranking_is_a_400_not_a_500(api_as, world, nomination_of, body):
    nomination_of("own")
    if isinstance(body, dict) and body.get("season") == 1:
        body = body | {"season": world.season.pk}

    response = api_as("organiser").post(RANK, body, format="json")

    assert response.status_code == 400, response.content


@pytest.mark.parametrize(
    "path",
    [
        f"{LIST}99999999999999999999/",
        f"{LIST}not-a-number/",
        f"{LIST}1%00/",
        f"{LIST}99999999999999999999/history/",
        f"{LIST}{{id}}/documents/99999999999999999999/download/",
    ],
    ids=["huge-id", "text-id", "nul-id", "huge-id-history", "huge-document-id"],
)
def test_an_id_no_row_can_match_is_a_404(api_as, nomination_of, path):
    nomination = nomination_of("own")

    response = api_as("organiser").get(path.replace("{id}", str(nomination.pk)))

    assert response.status_code == 404


def test_a_body_that_is_not_json_is_a_400(api_as, world):
    response = api_as("organiser").post(
        LIST, data='{"season": 1, "given_name": "Br', content_type="application/json"
    )

    assert response.status_code == 400
