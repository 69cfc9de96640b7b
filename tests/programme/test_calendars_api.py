"""The programme's calendar through the API: `GET /api/v1/events/calendar.ics?season=` with the
caller's token or session, scoped by role; `calendar_url` in `/api/v1/me/`; the route kept
apart from the events viewset's."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import include, path, resolve, reverse
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

import api.urls
from api.calendars import EventCalendarView
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    PASSWORD,
    CityFactory,
    EventFactory,
    NominationFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

CALENDAR = "/api/v1/events/calendar.ics"


@pytest.fixture(autouse=True)
def in_the_summer():
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, 0, tzinfo=BERLIN), tick=False):
        yield


@pytest.fixture
def two_seasons(season):
    """This summer's welcome and a Rehovot-only dinner, and next summer's welcome."""
    rehovot = CityFactory(slug="rehovot-test", name="Rehovot (test)")
    NominationFactory(
        season=season, city=City.objects.get(slug="kumamoto"), status=Nomination.Status.ACCEPTED
    )
    NominationFactory(season=season, city=rehovot, status=Nomination.Status.ACCEPTED)
    EventFactory(season=season, title="Welcome 2027")
    dinner = EventFactory(season=season, title="Rehovot dinner", audience="cities")
    dinner.cities.set([rehovot])
    EventFactory(season=SeasonFactory(year=2028), title="Welcome 2028")
    return season


def titles(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]) for event in calendar.events}


def token_client(user) -> APIClient:
    answer = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": PASSWORD}
    )
    assert answer.status_code == 200
    return APIClient(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")


# --- the calendar ------------------------------------------------------------------------------


def test_the_calendar_answers_a_token_as_text_calendar(organiser, two_seasons):
    response = token_client(organiser).get(CALENDAR, {"season": two_seasons.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert titles(response) == {"Welcome 2027", "Rehovot dinner"}


def test_the_calendar_answers_a_signed_in_session(client_as, two_seasons):
    response = client_as("organiser").get(CALENDAR, {"season": two_seasons.pk})

    assert response.status_code == 200
    assert titles(response) == {"Welcome 2027", "Rehovot dinner"}


def test_without_credentials_the_calendar_is_a_json_401(db):
    response = APIClient().get(CALENDAR)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert response.has_header("WWW-Authenticate")


def test_a_wrong_token_is_a_401(db):
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get(CALENDAR)

    assert response.status_code == 401


def test_an_organiser_who_must_still_set_up_a_second_factor_gets_a_json_403(
    organiser, season, settings
):
    settings.REQUIRE_ORGANISER_SECOND_FACTOR = True

    response = token_client(organiser).get(CALENDAR)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "second factor" in response.json()["detail"]


def test_a_coordinator_gets_only_their_citys_participants_events(api_as, two_seasons):
    response = api_as("coordinator").get(CALENDAR, {"season": two_seasons.pk})

    assert response.status_code == 200
    assert titles(response) == {"Welcome 2027"}


def test_a_lab_host_without_students_gets_an_empty_calendar(api_as, two_seasons):
    response = api_as("lab_host").get(CALENDAR, {"season": two_seasons.pk})

    assert response.status_code == 200
    assert titles(response) == set()


def test_without_a_season_the_calendar_holds_every_recent_season(api_as, two_seasons):
    response = api_as("organiser").get(CALENDAR)

    assert titles(response) == {"Welcome 2027", "Rehovot dinner", "Welcome 2028"}


def test_a_blank_season_is_as_no_season_as_with_the_apis_filters(api_as, two_seasons):
    response = api_as("organiser").get(CALENDAR, {"season": ""})

    assert titles(response) == {"Welcome 2027", "Rehovot dinner", "Welcome 2028"}


@pytest.mark.parametrize(
    ("season", "message"),
    [
        ("987654", "There is no season with the id “987654”."),
        ("abc", "A season is given by its id, a whole number."),
        ("99999999999999999999999", "There is no season with the id “99999999999999999999999”."),
    ],
)
def test_an_unknown_season_is_a_400_naming_it(api_as, season, message):
    response = api_as("organiser").get(CALENDAR, {"season": season})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"season": [message]}


def test_the_season_error_is_said_in_german_too(api_as):
    response = api_as("organiser").get(CALENDAR, {"season": "987654"}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.json() == {"season": ["Es gibt keine Saison mit der ID „987654“."]}


@pytest.mark.parametrize("accept", ["text/calendar", "*/*", "application/json", "text/*"])
def test_the_calendar_is_text_calendar_whatever_the_client_accepts(api_as, season, accept):
    response = api_as("organiser").get(CALENDAR, HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_calendar_is_in_the_callers_language(api_as, organiser, season):
    organiser.language = "de"
    organiser.save()
    EventFactory(season=season, title="Farewell", title_translations={"de": "Abschied"})

    assert titles(api_as("organiser").get(CALENDAR)) == {"Abschied"}


def test_the_schema_declares_the_calendar_as_text_calendar(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"][CALENDAR]["get"]
    assert "text/calendar" in operation["responses"]["200"]["content"]
    assert {"200", "400", "401"} <= set(operation["responses"])
    assert "season" in [parameter["name"] for parameter in operation["parameters"]]


# --- its route beside the events viewset --------------------------------------------------------


class StubEventViewSet(viewsets.ViewSet):
    """What `/api/v1/events/` is at its simplest: a router-registered viewset named `events`."""

    def list(self, request):
        return Response([])

    def retrieve(self, request, pk=None):
        return Response({"id": pk})


def test_the_calendar_route_comes_before_the_routers():
    names = [getattr(pattern, "name", None) for pattern in api.urls.urlpatterns]
    includes = [
        index
        for index, pattern in enumerate(api.urls.urlpatterns)
        if str(pattern.pattern) == "v1/" and hasattr(pattern, "url_patterns")
    ]

    assert names.index("events-calendar") < includes[0]
    assert resolve(CALENDAR).func.view_class is EventCalendarView


def test_a_router_registered_events_viewset_would_take_the_path_if_it_came_first():
    router = DefaultRouter()
    router.register("events", StubEventViewSet, basename="event")
    calendar = path("v1/events/calendar.ics", EventCalendarView.as_view())
    routes = path("v1/", include(router.urls))

    def resolver_of(patterns):
        from django.urls.resolvers import RegexPattern, URLResolver

        return URLResolver(RegexPattern(r"^/api/"), patterns)

    assert resolver_of([calendar, routes]).resolve(CALENDAR).func.view_class is EventCalendarView
    taken = resolver_of([routes, calendar]).resolve(CALENDAR)
    assert taken.func.cls is StubEventViewSet
    assert taken.kwargs == {"pk": "calendar", "format": "ics"}


# --- calendar_url in /api/v1/me/ ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_me_carries_the_callers_absolute_secret_calendar_url(api_as, role, season):
    first = api_as(role).get(reverse("me")).json()["calendar_url"]
    again = api_as(role).get(reverse("me")).json()["calendar_url"]

    assert first == again
    assert first.startswith("http://127.0.0.1:8000/programme/calendar/")
    assert first.endswith(".ics")
    answer = APIClient().get(first.removeprefix("http://127.0.0.1:8000"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"


def test_each_user_has_their_own_calendar_url(api_as):
    urls = {
        api_as(role).get(reverse("me")).json()["calendar_url"]
        for role in ["organiser", "coordinator", "lab_host"]
    }

    assert len(urls) == 3


def test_a_reset_changes_the_calendar_url_in_me(api_as, client_as):
    before = api_as("coordinator").get(reverse("me")).json()["calendar_url"]

    client_as("coordinator").post(reverse("programme:reset_my_calendar"))

    after = api_as("coordinator").get(reverse("me")).json()["calendar_url"]
    assert after != before
    assert APIClient().get(before.removeprefix("http://127.0.0.1:8000")).status_code == 404


def test_the_schema_declares_calendar_url_in_me(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert schema["components"]["schemas"]["Me"]["properties"]["calendar_url"]["type"] == "string"


@pytest.mark.parametrize("format_", ["json", "ics", "O\x06", "}"])
def test_a_format_in_the_query_changes_nothing_the_calendar_answers(client, organiser, format_):
    """Found by the API fuzzer: DRF answered an unknown `?format=` with an undocumented 404."""
    client.force_login(organiser)
    response = client.get(CALENDAR, {"format": format_})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_the_schema_offers_no_format_parameter_for_the_calendar(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = schema["paths"][CALENDAR]["get"].get("parameters", [])
    assert [parameter["name"] for parameter in parameters] == ["season"]
