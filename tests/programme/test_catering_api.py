"""`GET /api/v1/events/{id}/catering/`: the organiser's numbers, nobody else's, and a route that
an `events` viewset registered on the router cannot take over."""

import pytest
from django.urls import include, path, resolve
from rest_framework import routers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import catering
from ish.nominations.models import Nomination
from ish.programme.models import Attendance, Event
from ish.seasons.models import City
from tests.factories import EventFactory, NominationFactory

pytestmark = pytest.mark.django_db


def url(event_id: int) -> str:
    return f"/api/v1/events/{event_id}/catering/"


@pytest.fixture
def dinner(season):
    event = EventFactory(season=season, meal=Event.Meal.DINNER)
    for requirements, allergies in [
        ("vegetarisch", ""),
        ("vegan", "Sesame"),
        ("", "Peanuts"),
        ("no pork", ""),
        ("", ""),
    ]:
        NominationFactory(
            season=season,
            status=Nomination.Status.ACCEPTED,
            dietary_requirements=requirements,
            allergies=allergies,
        )
    excused = NominationFactory(
        season=season, status=Nomination.Status.ACCEPTED, dietary_requirements="halal"
    )
    Attendance.objects.create(event=event, nomination=excused, status=Attendance.Status.EXCUSED)
    return event


def test_an_organiser_gets_counts_diets_and_allergies(api_as, dinner):
    response = api_as("organiser").get(url(dinner.pk))

    assert response.status_code == 200
    assert response.json() == {
        "expected": 5,
        "meals": 5,
        "diets": {"vegetarian": 1, "vegan": 1, "nut-free": 1, "no special diet": 1},
        "other": ["no pork"],
        "allergies": ["Peanuts", "Sesame"],
    }


def test_the_diets_are_labelled_in_the_callers_language(api_as, dinner):
    response = api_as("organiser").get(url(dinner.pk), HTTP_ACCEPT_LANGUAGE="de")

    assert response.json()["diets"] == {
        "vegetarisch": 1,
        "vegan": 1,
        "nussfrei": 1,
        "keine besondere Ernährung": 1,
    }


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_no_other_role_sees_diets_even_of_an_event_it_sees(api_as, dinner, role):
    """The event is for everyone, so both see it in the programme; its catering is the
    office's, refused as the API refuses the office's other endpoints (accommodations, a
    student's personal data): 403, for an id that exists as for one that does not."""
    client = api_as(role)

    assert client.get(url(dinner.pk)).status_code == 403
    assert client.get(url(999999)).status_code == 403


def test_signed_out_is_401(api_as, dinner):
    assert api_as("anonymous").get(url(dinner.pk)).status_code == 401


def test_an_event_that_does_not_exist_is_404(api_as):
    assert api_as("organiser").get(url(999999)).status_code == 404


def test_the_catering_answers_get_only(api_as, dinner):
    assert api_as("organiser").post(url(dinner.pk), {}).status_code == 405


# --- the route beside an events viewset --------------------------------------------------------


class StubEventViewSet(viewsets.ViewSet):
    """Stands for the events viewset written elsewhere, with the worst case: an extra action
    of its own at the same address."""

    def list(self, request):
        return Response({"stub": "list"})

    def retrieve(self, request, pk=None):
        return Response({"stub": "detail"})

    @action(detail=True, methods=["get"])
    def catering(self, request, pk=None):
        return Response({"stub": "catering"})


stub_router = routers.DefaultRouter()
stub_router.register("events", StubEventViewSet, basename="event")
# As api/urls.py orders them: the catering path first, then the router.
urlpatterns = [
    path(
        "api/v1/events/<int:pk>/catering/",
        catering.EventCateringView.as_view(),
        name="event-catering",
    ),
    path("api/v1/", include(stub_router.urls)),
]


@pytest.mark.urls(__name__)
def test_an_events_viewset_on_the_router_cannot_take_the_catering_route(api_as, dinner):
    client = api_as("organiser")

    assert resolve(url(dinner.pk)).func.view_class is catering.EventCateringView
    assert client.get(url(dinner.pk)).json()["expected"] == 5
    assert client.get(f"/api/v1/events/{dinner.pk}/").json() == {"stub": "detail"}
    assert client.get("/api/v1/events/").json() == {"stub": "list"}


def test_the_catering_route_is_before_the_router_in_the_api():
    from api import urls

    routes = [str(pattern.pattern) for pattern in urls.urlpatterns]

    assert routes.index("v1/events/<int:pk>/catering/") < routes.index("v1/")


@pytest.mark.parametrize("participants", [10, 200])
def test_the_numbers_stay_within_their_queries_at_10_and_at_200_participants(
    api_as, season, participants, django_assert_max_num_queries
):
    event = EventFactory(season=season, meal=Event.Meal.LUNCH)
    Nomination.objects.bulk_create(
        Nomination(
            season=season,
            city=City.objects.get(slug="kumamoto"),
            status=Nomination.Status.ACCEPTED,
            given_name="Eater",
            family_name=f"No. {n}",
            email=f"eater-{n}@example.org",
            dietary_requirements=["vegan", "", "halal"][n % 3],
            allergies=["", "Peanuts"][n % 2],
        )
        for n in range(participants)
    )
    client = api_as("organiser")

    with django_assert_max_num_queries(2):
        response = client.get(url(event.pk))

    assert response.status_code == 200
    assert response.json()["expected"] == participants
