"""The three causes of server errors that fuzzing found, each answered as a client error now: ids
that are not numbers or overflow, JSON nested a thousand levels deep, and searches of a thousand
words."""

import json
import re

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from api.parsers import MAX_JSON_DEPTH
from ish.filters import MAX_SEARCH_TERMS
from tests.factories import ApplicationDocumentFactory, DocumentFactory, NominationFactory

pytestmark = pytest.mark.django_db

OVERFLOWING_ID = "99999999999999999999"  # beyond any 64-bit integer column


def _is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json")


# --- ids that are not numbers, or too large for the database ------------------------------------


@pytest.fixture
def nomination_document(season):
    return DocumentFactory(nomination=NominationFactory(season=season))


@pytest.fixture
def application_document(season):
    return ApplicationDocumentFactory(application__season=season)


@pytest.mark.parametrize("owner", ["abc", OVERFLOWING_ID, "1e3", "-1", "١"])
@pytest.mark.parametrize("area", ["nominations", "exchange-applications"])
def test_a_document_download_under_an_odd_parent_id_is_a_json_404(api_as, area, owner):
    response = api_as("organiser").get(f"/api/v1/{area}/{owner}/documents/1/download/")

    assert response.status_code == 404
    assert _is_json(response)


def test_an_overflowing_document_id_of_a_real_nomination_is_a_404(api_as, nomination_document):
    owner = nomination_document.nomination_id
    client = api_as("organiser")

    odd = client.get(f"/api/v1/nominations/{owner}/documents/{OVERFLOWING_ID}/download/")
    real = client.get(f"/api/v1/nominations/{owner}/documents/{nomination_document.pk}/download/")

    assert odd.status_code == 404
    assert real.status_code == 200  # the same route still serves the document itself


def test_an_exchange_document_still_downloads_under_its_application(api_as, application_document):
    owner = application_document.application_id
    path = f"/api/v1/exchange-applications/{owner}/documents/{application_document.pk}/download/"

    assert api_as("organiser").get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/nominations/{OVERFLOWING_ID}/",
        f"/api/v1/nominations/{OVERFLOWING_ID}/history/",
        "/api/v1/placements/abc/",
        "/api/v1/quotas/1%0A/",
        "/api/v1/seasons/%C3%B6/",
    ],
    ids=["overflowing", "overflowing-action", "letters", "line-break", "umlaut"],
)
def test_any_odd_id_in_an_api_path_is_a_json_404(api_as, path):
    response = api_as("organiser").get(path)

    assert response.status_code == 404
    assert _is_json(response)


def portal_routes_with_ids(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the portal (not the API, not the admin) that takes an `<int:…>`."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("api/", "admin/")):
            continue
        if hasattr(pattern, "url_patterns"):
            routes += portal_routes_with_ids(pattern.url_patterns, route)
        elif "<int:" in route:
            routes.append(route)
    return routes


def test_an_overflowing_id_of_a_document_in_a_portal_path_is_a_404(client_as, nomination_document):
    client = client_as("organiser")
    owner = nomination_document.nomination_id
    real = f"/nominations/{owner}/documents/{nomination_document.pk}/"

    assert client.get(f"/nominations/{OVERFLOWING_ID}/documents/1/").status_code == 404
    assert client.get(f"/nominations/{owner}/documents/{OVERFLOWING_ID}/").status_code == 404
    assert client.get(f"/nysf/applications/{OVERFLOWING_ID}/documents/1/").status_code == 404
    assert client.get(real).status_code == 200


@pytest.mark.parametrize("route", portal_routes_with_ids())
def test_every_portal_route_answers_an_overflowing_id_without_a_server_error(
    client_as, season, route
):
    path = "/" + re.sub(r"<int:\w+>", OVERFLOWING_ID, route)
    client = client_as("organiser")

    for response in (client.get(path), client.post(path, {"action": "confirm"})):
        assert response.status_code in {302, 400, 404, 405}, path


def test_every_api_route_takes_ids_as_digits_and_slugs_as_slugs():
    """Every object route of the API names its object by digits (or a slug for cities and
    fields); DRF's default would take anything up to a slash."""
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    patterns = [str(p.pattern) for p in v1.url_patterns]
    objects = [p for p in patterns if "(?P<pk>" in p or "(?P<slug>" in p]

    assert objects
    for pattern in objects:
        assert "[^/.]" not in pattern
        assert "(?P<pk>[0-9]+)" in pattern or "(?P<slug>[-a-zA-Z0-9_]+)" in pattern


# --- JSON nested deeply ---------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_beyond_recursion_is_a_400_at_the_token_endpoint(depth):
    response = APIClient().post(
        "/api/auth/token/", data=nested(depth), content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/institutes/", nested(1_000)),
        ("/api/v1/nominations/", json.dumps({"research_interests": json.loads(nested(500))})),
        ("/api/v1/placements/match/", '{"season": ' + nested(MAX_JSON_DEPTH) + "}"),
    ],
    ids=["list-1000", "field-500", "just-beyond-the-limit"],
)
def test_json_nested_beyond_the_limit_is_a_400_on_every_endpoint(api_as, path, body):
    response = api_as("organiser").post(path, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"JSON parse error - the body is nested more than {MAX_JSON_DEPTH} levels deep."
    }


def test_json_nested_up_to_the_limit_is_read_as_usual(api_as):
    body = '{"season": ' + nested(MAX_JSON_DEPTH - 1) + "}"

    response = api_as("organiser").post(
        "/api/v1/placements/match/", data=body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "season" in response.json()  # the field's own error: the body was parsed


# --- searches of many words -----------------------------------------------------------------------

MANY_WORDS = " ".join(f"w{n}" for n in range(1_000))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cities/",
        "/api/v1/labs/",
        "/api/v1/users/",
        "/api/v1/emails/",
        "/api/v1/placements/",
        "/api/v1/exchange-applications/",
        "/api/v1/nominations/",
    ],
)
def test_a_search_of_a_thousand_words_is_a_400_naming_search(api_as, path):
    response = api_as("organiser").get(path, {"search": MANY_WORDS})

    assert response.status_code == 400
    assert response.json() == {"search": [f"Search for at most {MAX_SEARCH_TERMS} words."]}


@pytest.mark.parametrize("path", ["/api/v1/cities/", "/api/v1/nominations/"])
def test_a_search_of_the_most_words_allowed_is_answered(api_as, path):
    words = " ".join(["a"] * MAX_SEARCH_TERMS)

    assert api_as("organiser").get(path, {"search": words}).status_code == 200


def test_a_search_with_a_nul_character_is_a_400_naming_search(api_as):
    response = api_as("organiser").get("/api/v1/cities/", {"search": "kuma\x00moto"})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


def test_the_search_limit_is_said_in_german_too(api_as):
    response = api_as("organiser").get(
        "/api/v1/labs/", {"search": MANY_WORDS}, HTTP_ACCEPT_LANGUAGE="de"
    )

    assert response.json() == {"search": [f"Suche nach höchstens {MAX_SEARCH_TERMS} Wörtern."]}


@pytest.mark.parametrize(
    ("path", "field"), [("/nominations/", "search"), ("/nysf/applications/", "q")]
)
def test_a_portal_search_of_too_many_words_shows_the_limit(client_as, season, path, field):
    response = client_as("organiser").get(path, {field: MANY_WORDS})

    assert response.status_code == 200
    assert f"Search for at most {MAX_SEARCH_TERMS} words." in response.content.decode()
