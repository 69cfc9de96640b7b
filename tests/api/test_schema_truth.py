"""The OpenAPI schema says what the API answers: nullable fields as null, an unpaginated list as a
list, every error status an operation can answer with its real body; and the API takes dates,
date-times and countries only as the schema describes them."""

import pytest
from rest_framework import serializers

import api.accounts
import api.exchange
import api.housing
import api.labs
import api.nomination_serializers
import api.nominations
import api.notifications
import api.placements
import api.rosters
import api.seasons
from api.base import EARLIEST_YEAR, LATEST_YEAR, DateField, DateTimeField
from ish.seasons.models import City
from tests.factories import ApplicationFactory, NominationFactory

pytestmark = pytest.mark.django_db

API_MODULES = [
    api.accounts, api.exchange, api.housing, api.labs, api.nomination_serializers,
    api.nominations, api.notifications, api.placements, api.rosters, api.seasons,
]  # fmt: skip
ERROR = "#/components/schemas/Error"
VALIDATION_ERROR = "#/components/schemas/ValidationError"


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def body_schema(operation: dict, status: str) -> dict:
    return operation["responses"][status]["content"]["application/json"]["schema"]


# --- the shapes the API sends -------------------------------------------------------------------


def test_me_is_declared_with_the_null_it_sends_for_an_organiser(api_as, schema):
    body = api_as("organiser").get("/api/v1/me/").json()
    me = schema["components"]["schemas"]["Me"]["properties"]

    assert body["city"] is None
    assert body["lab"] is None
    assert me["city"]["nullable"] is True
    assert me["lab"]["nullable"] is True


def test_a_nominations_history_is_declared_as_the_list_it_is(api_as, schema, season):
    nomination = NominationFactory(season=season)

    body = api_as("organiser").get(f"/api/v1/nominations/{nomination.pk}/history/").json()
    declared = body_schema(schema["paths"]["/api/v1/nominations/{id}/history/"]["get"], "200")

    assert isinstance(body, list)
    assert declared == {"type": "array", "items": {"$ref": "#/components/schemas/History"}}


def test_the_import_declares_its_row_errors_and_its_field_errors(api_as, schema):
    response = api_as("organiser").post("/api/v1/nominations/import/", {}, format="multipart")
    declared = body_schema(schema["paths"]["/api/v1/nominations/import/"]["post"], "400")
    rejected = schema["components"]["schemas"]["ImportRejected"]

    assert response.status_code == 400
    assert set(response.json()) == {"season", "file"}  # field errors, not `errors`
    assert declared == {
        "anyOf": [{"$ref": "#/components/schemas/ImportRejected"}, {"$ref": VALIDATION_ERROR}]
    }
    assert rejected["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/ImportRowError"
    }


def test_creating_an_export_is_declared_as_the_202_it_answers(schema):
    assert set(schema["paths"]["/api/v1/exports/"]["post"]["responses"]) >= {"202"}
    assert "201" not in schema["paths"]["/api/v1/exports/"]["post"]["responses"]


# --- error statuses, by what an operation takes and who may call it ------------------------------


def test_every_operation_declares_the_errors_it_can_answer_with_their_bodies(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        where = f"{method} {path}"
        if "{" in path:
            assert "404" in responses, where
        if method in {"POST", "PUT", "PATCH", "DELETE"} and path != "/api/auth/token/":
            assert {"401", "403", "409"} <= set(responses), where
        if "requestBody" in operation:
            assert "400" in responses, where
        for status in responses:
            if status in {"401", "403", "404", "409"}:
                assert body_schema(operation, status) == {"$ref": ERROR}, where
            if status == "400":
                declared = body_schema(operation, status)
                assert VALIDATION_ERROR in str(declared), where


def test_a_list_with_filters_declares_its_400_and_an_unknown_page_its_404(schema):
    responses = schema["paths"]["/api/v1/cities/"]["get"]["responses"]

    assert {"200", "400", "401", "404"} <= set(responses)


def test_reading_oneself_declares_no_error_that_cannot_happen(schema):
    assert set(schema["paths"]["/api/v1/me/"]["get"]["responses"]) == {"200", "401", "414"}


def test_the_token_endpoint_declares_its_400_and_no_sign_in_errors(schema):
    responses = schema["paths"]["/api/auth/token/"]["post"]["responses"]

    assert "400" in responses
    assert not {"401", "403", "409"} & set(responses)


def test_the_declared_bodies_are_the_ones_sent(api_as, season):
    client = api_as("coordinator")

    forbidden = client.post("/api/v1/institutes/", {"name": "X"})
    missing = client.get("/api/v1/nominations/987654/")
    invalid = api_as("organiser").post("/api/v1/institutes/", {})

    assert set(forbidden.json()) == {"detail"}
    assert set(missing.json()) == {"detail"}
    assert all(isinstance(messages, list) for messages in invalid.json().values())


# --- countries as the schema's enum --------------------------------------------------------------

CITY = {"slug": "graz", "name": "Graz", "kind": "friendship"}


@pytest.mark.parametrize(
    "country", [{}, {"code": "AT"}, "Austria", "at", "", ["AT"], None, 40], ids=repr
)
def test_a_country_that_is_not_an_alpha_2_code_is_refused(api_as, country):
    response = api_as("organiser").post("/api/v1/cities/", CITY | {"country": country})

    assert response.status_code == 400
    assert list(response.json()) == ["country"]
    assert not City.objects.filter(slug="graz").exists()


def test_a_nationality_object_is_refused_and_blank_is_still_no_nationality(api_as, season):
    nomination = NominationFactory(season=season)
    path = f"/api/v1/nominations/{nomination.pk}/"
    client = api_as("organiser")

    refused = client.patch(path, {"nationality": {}})
    blank = client.patch(path, {"nationality": ""})

    assert refused.status_code == 400
    assert list(refused.json()) == ["nationality"]
    assert blank.status_code == 200
    assert blank.json()["nationality"] == ""


# --- years of dates and date-times ---------------------------------------------------------------


@pytest.fixture
def application(season):
    return ApplicationFactory(season=season)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("interview_at", "0212-03-01T10:00:00Z"),
        ("interview_at", f"{EARLIEST_YEAR - 1}-12-31T10:00:00+01:00"),
        ("interview_at", f"{LATEST_YEAR + 1}-01-01T10:00:00+01:00"),
        ("departure_on", "0001-01-01"),
        ("return_on", "9999-12-31"),
        ("checklist", {"visa_done_on": "1066-10-14"}),
    ],
)
def test_a_date_of_the_exchange_outside_the_years_is_refused(api_as, application, field, value):
    response = api_as("organiser").patch(
        f"/api/v1/exchange-applications/{application.pk}/", {field: value}
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    application.refresh_from_db()
    assert application.interview_at is None
    assert application.departure_on is None


def test_an_interview_within_the_years_keeps_its_offset(api_as, application):
    response = api_as("organiser").patch(
        f"/api/v1/exchange-applications/{application.pk}/",
        {"interview_at": f"{EARLIEST_YEAR}-03-01T10:00:00+01:00"},
    )

    assert response.status_code == 200
    assert response.json()["interview_at"] == f"{EARLIEST_YEAR}-03-01T10:00:00+01:00"


@pytest.mark.parametrize(
    ("field", "value"),
    [("date_of_birth", "0212-05-01"), ("arrival_at", "0212-07-01T10:00:00Z")],
)
def test_a_date_of_a_nomination_outside_the_years_is_refused(api_as, season, field, value):
    nomination = NominationFactory(season=season)

    response = api_as("organiser").patch(f"/api/v1/nominations/{nomination.pk}/", {field: value})

    assert response.status_code == 400
    assert list(response.json()) == [field]


def _fields(serializer, path: str = ""):
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            yield from _fields(field, f"{path}{name}.")
        else:
            yield f"{path}{name}", field


def test_every_date_the_api_takes_checks_its_year():
    """A guard for new serializers: every writable date or date-time field of the API is one of
    api.base's, which refuse years outside the range."""
    checked = 0
    for module in API_MODULES:
        for serializer_class in vars(module).values():
            if not (
                isinstance(serializer_class, type)
                and issubclass(serializer_class, serializers.Serializer)
                and serializer_class.__module__ == module.__name__
            ):
                continue
            for name, field in _fields(serializer_class()):
                is_date = isinstance(field, serializers.DateField | serializers.DateTimeField)
                if is_date and not field.read_only:
                    assert isinstance(field, DateField | DateTimeField), (
                        f"{serializer_class.__name__}.{name}"
                    )
                    checked += 1
    assert checked >= 10
