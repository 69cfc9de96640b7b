"""Errors answer in JSON with DRF's shape, pagination is capped, and the schema, docs and health
check work without anything from outside."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import Resolver404, get_resolver, resolve
from drf_spectacular.validation import validate_schema
from knox.models import AuthToken
from rest_framework.test import APIClient

from ish.labs.models import Institute
from ish.portal.views import page_not_found

pytestmark = pytest.mark.django_db

# The resource paths of API.md's table; `{id}` stands for any path parameter.
CONTRACT_PATHS = [
    "/api/auth/token/",
    "/api/v1/me/",
    "/api/v1/users/",
    "/api/v1/cities/",
    "/api/v1/fields/",
    "/api/v1/seasons/",
    "/api/v1/quotas/",
    "/api/v1/nominations/",
    "/api/v1/nominations/{id}/documents/",
    "/api/v1/nominations/import-template/",
    "/api/v1/nominations/import/",
    "/api/v1/institutes/",
    "/api/v1/labs/",
    "/api/v1/placements/",
    "/api/v1/placements/match/",
    "/api/v1/accommodations/",
    "/api/v1/housing-assignments/",
    "/api/v1/housing-assignments/suggest/",
    "/api/v1/exchange-applications/",
    "/api/v1/exports/",
    "/api/v1/exports/{id}/",
    "/api/v1/emails/",
]
# Those that the foundation already serves: they must never silently disappear.
FOUNDATION_PATHS = [
    "/api/auth/token/",
    "/api/v1/me/",
    "/api/v1/users/",
    "/api/v1/cities/",
    "/api/v1/fields/",
    "/api/v1/seasons/",
    "/api/v1/quotas/",
    "/api/v1/institutes/",
    "/api/v1/labs/",
]


def _is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json")


# Unknown paths and malformed requests


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize(
    "path",
    ["/api/nothing-here/", "/api/v1/nothing-here/", "/api/v1/quotas/1/nothing/", "/api/v2/"],
)
def test_an_unknown_api_path_is_a_json_404(settings, api_as, path, debug):
    settings.DEBUG = debug

    for role in ["organiser", "anonymous"]:
        response = api_as(role).get(path)

        assert response.status_code == 404
        assert _is_json(response)
        assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path", ["/api/v1/quotas/987654/", "/api/v1/quotas/not-a-number/", "/api/v1/cities/atlantis/"]
)
def test_a_missing_object_is_a_json_404(api_as, path):
    response = api_as("organiser").get(path)

    assert response.status_code == 404
    assert _is_json(response)
    assert "detail" in response.json()


def test_a_malformed_json_body_is_a_json_400(api_as):
    response = api_as("organiser").post(
        "/api/v1/institutes/", data='{"name": "Broken', content_type="application/json"
    )

    assert response.status_code == 400
    assert _is_json(response)
    assert "JSON" in response.json()["detail"]
    assert not Institute.objects.filter(name__startswith="Broken").exists()


def test_a_json_body_that_is_not_an_object_is_a_json_400(api_as):
    response = api_as("organiser").post(
        "/api/v1/institutes/", data="[1, 2, 3]", content_type="application/json"
    )

    assert response.status_code == 400
    assert _is_json(response)


def test_an_unsupported_media_type_is_a_json_415(api_as):
    response = api_as("organiser").post(
        "/api/v1/institutes/", data="name=Plain", content_type="text/plain"
    )

    assert response.status_code == 415
    assert "detail" in response.json()


def test_a_malformed_token_body_is_a_json_400(db):
    response = APIClient().post(
        "/api/auth/token/", data="{username", content_type="application/json"
    )

    assert response.status_code == 400
    assert _is_json(response)


def oversized_json(settings) -> str:
    return json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})


def test_a_body_over_the_upload_limit_is_a_json_400(settings, organiser):
    _instance, token = AuthToken.objects.create(user=organiser)

    response = Client().post(
        "/api/v1/institutes/",
        data=oversized_json(settings),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 400
    assert _is_json(response)
    assert response.json() == {"detail": "The request body is too large."}
    assert not Institute.objects.filter(name__startswith="xxx").exists()


def test_a_body_over_the_upload_limit_of_a_portal_page_is_the_usual_400_page(settings, client_as):
    too_long = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client_as("organiser").post("/exports/", {"kind": too_long})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The request could not be understood" in response.content.decode()


def test_an_unknown_api_path_answers_in_the_callers_language(api_as):
    response = api_as("organiser").get("/api/v1/nowhere/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_a_post_to_an_unknown_api_path_without_a_csrf_token_is_a_json_404(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = client.post("/api/v1/nothing-here/", {"name": "x"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("status", [400, 403])
def test_the_error_handlers_answer_api_paths_in_json(rf: RequestFactory, status):
    handler = get_resolver().resolve_error_handler(status)

    response = handler(rf.post("/api/v1/institutes/"), exception=PermissionDenied())

    assert response.status_code == status
    assert _is_json(response)
    assert json.loads(response.content)["detail"]


def test_a_permission_denied_on_a_portal_page_is_the_portals_403_page(client_as, season):
    response = client_as("lab_host").get("/season/")

    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


# Input that PostgreSQL would refuse: a NUL character, an integer beyond bigint

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cities/kuma%00moto/",
        "/api/v1/fields/phys%00ics/",
        "/api/v1/quotas/1%00/",
        f"/api/v1/quotas/{HUGE}/",
        f"/api/v1/users/{HUGE}/",
    ],
    ids=["city-slug-nul", "field-slug-nul", "quota-id-nul", "quota-id-huge", "user-id-huge"],
)
def test_a_lookup_no_row_can_match_is_a_json_404(api_as, path):
    response = api_as("organiser").get(path)

    assert response.status_code == 404
    assert _is_json(response)


@pytest.mark.parametrize(
    ("path", "payload", "error_field"),
    [
        ("/api/v1/quotas/", {"city": "kuma\x00moto", "places": 1}, "city"),
        ("/api/v1/quotas/", {"city": "kumamoto", "season": HUGE, "places": 1}, "season"),
        ("/api/v1/labs/", {"name": "Optics", "fields": ["phys\x00ics"]}, "fields"),
        ("/api/v1/users/", {"role": "coordinator", "city": "kuma\x00moto"}, "city"),
        ("/api/v1/users/", {"role": "lab_host", "lab": HUGE}, "lab"),
        ("/api/v1/institutes/", {"name": "Null\x00Institute"}, "name"),
    ],
    ids=[
        "quota-city-nul",
        "quota-season-huge",
        "lab-field-nul",
        "user-city-nul",
        "user-lab-huge",
        "institute-name-nul",
    ],
)
def test_a_body_no_row_can_match_is_a_400_naming_the_field(api_as, path, payload, error_field):
    response = api_as("organiser").post(path, payload)

    assert response.status_code == 400
    assert error_field in response.json()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/quotas/", {"city": "kuma\x00moto"}),
        ("/api/v1/quotas/", {"season": HUGE}),
        ("/api/v1/labs/", {"field": "phys\x00ics"}),
        ("/api/v1/labs/", {"institute": "not-a-number"}),
        ("/api/v1/users/", {"search": "\x00"}),
        ("/api/v1/cities/", {"kind": "enemy"}),
    ],
    ids=["city-nul", "season-huge", "field-nul", "institute-not-a-number", "search-nul", "kind"],
)
def test_an_invalid_filter_is_a_json_400_not_a_server_error(api_as, path, params):
    response = api_as("organiser").get(path, params)

    assert response.status_code == 400
    assert _is_json(response)


# Pagination


def test_lists_are_paginated_with_count_next_and_previous(api_as):
    response = api_as("coordinator").get("/api/v1/cities/", {"page_size": 5, "page": 2})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 12
    assert len(body["results"]) == 5
    assert "page=3" in body["next"]
    assert body["previous"] is not None


@pytest.mark.parametrize("page", ["999", "0", "last-but-one"])
def test_a_page_out_of_range_is_a_json_404(api_as, page):
    response = api_as("coordinator").get("/api/v1/cities/", {"page": page})

    assert response.status_code == 404
    assert _is_json(response)
    assert "detail" in response.json()


def test_page_size_is_capped_at_500(api_as):
    Institute.objects.bulk_create(Institute(name=f"Institute no. {n:04}") for n in range(501))

    response = api_as("lab_host").get("/api/v1/institutes/", {"page_size": 1000})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Institute.objects.count() > 500
    assert len(body["results"]) == 500
    assert body["next"] is not None


# Schema and docs


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ISH Manager API"
    validate_schema(schema)


def test_the_schema_is_also_served_as_yaml(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def _served(path: str) -> bool:
    """Whether the API answers the path itself, rather than its catch-all 404."""
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return False
    return match.func is not page_not_found


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{id}", path)


def test_the_foundation_paths_are_served():
    assert [path for path in FOUNDATION_PATHS if not _served(path)] == []


def test_every_contract_path_that_is_served_is_in_the_schema(schema):
    documented = {_shape(path) for path in schema["paths"]}

    served = [path for path in CONTRACT_PATHS if _served(path)]

    assert set(FOUNDATION_PATHS) <= set(served)
    assert [path for path in served if path not in documented] == []


def test_every_detail_route_is_in_the_schema(schema):
    for name in ["users", "cities", "fields", "seasons", "quotas", "institutes", "labs"]:
        assert f"/api/v1/{name}/{{id}}/" in {_shape(path) for path in schema["paths"]}


def test_the_docs_page_loads_without_any_external_cdn(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode().lower()
    assert "cdn" not in html
    assert "unpkg" not in html
    assert "jsdelivr" not in html
    assert "/api/schema/" in html


def test_every_asset_of_the_docs_page_is_served_locally(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # close the file it streams


# Health check


def test_healthz_reports_the_database_and_the_eager_broker(client, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("runs with the test settings' eager tasks")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_naming_the_broker_when_it_is_down(client, monkeypatch):
    def broker_down() -> str:
        raise ConnectionRefusedError("redis://127.0.0.1:6379/0 refused")

    monkeypatch.setattr("ish.portal.views.broker_status", broker_down)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("down")
    assert "ConnectionRefusedError" in body["broker"]
