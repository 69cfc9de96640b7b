"""With REQUIRE_ORGANISER_SECOND_FACTOR on, an organiser without a confirmed second factor gets
403 naming it from every page and endpoint with personal data, and may only set it up; others
and organisers with one are not held up."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.totp import totp
from tests.factories import PASSWORD, ApplicationFactory, NominationFactory, PlacementFactory
from tests.portal.page_reader import page

pytestmark = pytest.mark.django_db

NAMED = "second factor"


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_ORGANISER_SECOND_FACTOR = True


@pytest.fixture
def data(season):
    nomination = NominationFactory(season=season)
    PlacementFactory(nomination=nomination)
    return {"nomination": nomination, "application": ApplicationFactory(season=season)}


def _api_paths(data) -> list[str]:
    return [
        "/api/v1/nominations/",
        f"/api/v1/nominations/{data['nomination'].pk}/",
        f"/api/v1/nominations/{data['nomination'].pk}/history/",
        "/api/v1/placements/",
        "/api/v1/housing-assignments/",
        "/api/v1/exchange-applications/",
        f"/api/v1/exchange-applications/{data['application'].pk}/",
        "/api/v1/users/",
        "/api/v1/emails/",
        "/api/v1/exports/",
        "/api/v1/audit/",
        f"/api/v1/nominations/{data['nomination'].pk}/personal-data/",
        f"/api/v1/exchange-applications/{data['application'].pk}/personal-data/",
    ]


def _pages(data) -> list[str]:
    return [
        reverse("portal:dashboard"),
        reverse("nominations:list"),
        reverse("nominations:detail", args=[data["nomination"].pk]),
        reverse("exchange:list"),
        reverse("exchange:detail", args=[data["application"].pk]),
        reverse("participants:arrivals"),
        reverse("participants:personal_data", args=[data["nomination"].pk]),
        reverse("rosters:list"),
        reverse("notifications:email_list"),
        reverse("admin:index"),
        reverse("admin:nominations_nomination_changelist"),
    ]


def _token(username: str, **extra) -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": PASSWORD, **extra}
    )
    assert response.status_code == 200
    return response.json()["token"]


def test_an_organiser_without_a_second_factor_gets_403_naming_it_from_the_api(organiser, data):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {_token('organiser')}")

    for path in _api_paths(data):
        response = client.get(path)
        assert response.status_code == 403, path
        assert NAMED in response.json()["detail"], path


def test_a_session_on_the_api_is_refused_the_same_way(organiser, data):
    client = APIClient()
    client.force_login(organiser)

    response = client.get("/api/v1/nominations/")

    assert response.status_code == 403
    assert NAMED in response.json()["detail"]


def test_an_organiser_without_a_second_factor_gets_403_naming_it_from_every_page(client_as, data):
    client = client_as("organiser")

    for path in _pages(data):
        response = client.get(path)
        assert response.status_code == 403, path
        assert NAMED in response.content.decode(), path


def test_writes_are_refused_too(api_as, organiser, data):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {_token('organiser')}")

    response = client.post(f"/api/v1/nominations/{data['nomination'].pk}/withdraw/", {})

    assert response.status_code == 403
    assert NAMED in response.json()["detail"]


def test_signing_in_leads_an_organiser_straight_to_the_set_up(organiser):
    response = Client().post(reverse("login"), {"username": "organiser", "password": PASSWORD})

    assert response.url == reverse("second_factor")


def test_the_organiser_may_set_it_up_through_the_api_and_then_sees_the_data(organiser, data, clock):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {_token('organiser')}")
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/tokens/").status_code == 200

    secret = client.post("/api/v1/me/second-factor/").json()["secret"]
    confirmed = client.post("/api/v1/me/second-factor/confirm/", {"otp": totp(secret)})
    clock.shift(30)

    assert confirmed.status_code == 200
    assert client.get("/api/v1/nominations/").status_code == 200
    fresh = APIClient(HTTP_AUTHORIZATION=f"Token {_token('organiser', otp=totp(secret))}")
    assert fresh.get(f"/api/v1/nominations/{data['nomination'].pk}/").status_code == 200


def test_the_organiser_may_set_it_up_on_the_portal_and_then_sees_the_pages(client_as, data, clock):
    client = client_as("organiser")
    for path in [reverse("second_factor"), reverse("password_change")]:
        assert client.get(path).status_code == 200

    client.post(reverse("second_factor_start"))
    secret = page(client.get(reverse("second_factor"))).text("second-factor-secret")
    client.post(reverse("second_factor_confirm"), {"otp": totp(secret)})

    for path in _pages(data):
        assert client.get(path).status_code == 200, path


def test_signing_out_stays_possible(client_as):
    client = client_as("organiser")

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_coordinators_and_lab_hosts_are_not_held_up(client_as, api_as, data):
    assert client_as("coordinator").get(reverse("nominations:list")).status_code == 200
    assert client_as("lab_host").get(reverse("portal:dashboard")).status_code == 200
    coordinator = APIClient(HTTP_AUTHORIZATION=f"Token {_token('coordinator')}")
    assert coordinator.get("/api/v1/nominations/").status_code == 200


def test_with_the_requirement_off_organisers_need_no_second_factor(settings, client_as, data):
    settings.REQUIRE_ORGANISER_SECOND_FACTOR = False

    assert client_as("organiser").get(reverse("nominations:list")).status_code == 200
    client = APIClient(HTTP_AUTHORIZATION=f"Token {_token('organiser')}")
    assert client.get("/api/v1/nominations/").status_code == 200
