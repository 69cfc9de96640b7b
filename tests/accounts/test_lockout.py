"""Repeated failed sign-ins lock out the account and the address, on the portal, the admin and
the token endpoint alike, with one message that does not tell whether the account exists."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD
from tests.portal.page_reader import DASHBOARD, LOGIN, page

pytestmark = pytest.mark.django_db

LIMIT = 3
TOKEN_URL = "/api/auth/token/"
LOCKED = "Too many failed sign-in attempts. Please wait 15 minutes and try again."


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def _portal(username: str, password: str, address: str = "192.0.2.1", client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(LOGIN, {"username": username, "password": password})


def _api(username: str, password: str, address: str = "192.0.2.1"):
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN_URL, {"username": username, "password": password}
    )


def test_the_portal_locks_an_account_out_after_the_limit_even_for_the_right_password(
    organiser, clock
):
    client = Client(REMOTE_ADDR="192.0.2.1")
    before = [_portal("organiser", "wrong", client=client) for _ in range(LIMIT - 1)]

    reaching = _portal("organiser", "wrong", client=client)
    right = _portal("organiser", PASSWORD, client=client)

    assert [response.status_code for response in before] == [200] * (LIMIT - 1)
    assert "Please enter a correct username and password." in page(before[0]).text()
    assert reaching.status_code == right.status_code == 429
    assert LOCKED in page(right).text()
    assert client.get(DASHBOARD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(organiser, clock):
    for _ in range(LIMIT):
        _portal("organiser", "wrong")
    clock.shift(14 * 60)
    assert _portal("organiser", PASSWORD).status_code == 429

    clock.shift(2 * 60)

    response = _portal("organiser", PASSWORD)
    assert response.status_code == 302
    assert response.url == DASHBOARD


def test_the_lockout_looks_the_same_for_an_account_that_does_not_exist(organiser, clock):
    for _ in range(LIMIT):
        _portal("organiser", "wrong", address="192.0.2.1")
        _portal("nobody", "wrong", address="192.0.2.2")

    existing = _portal("organiser", "wrong", address="192.0.2.1")
    missing = _portal("nobody", "wrong", address="192.0.2.2")

    assert existing.status_code == missing.status_code == 429
    assert page(existing).text() == page(missing).text()
    assert "organiser" not in page(existing).text()


def test_failures_from_many_addresses_lock_the_account_everywhere(organiser, clock):
    for n in range(LIMIT):
        _portal("organiser", "wrong", address=f"192.0.2.{n + 1}")

    assert _portal("organiser", PASSWORD, address="198.51.100.7").status_code == 429


def test_failures_for_many_accounts_lock_the_address_but_not_others(organiser, clock):
    for n in range(LIMIT):
        _portal(f"guess{n}", "wrong", address="192.0.2.66")

    assert _portal("organiser", PASSWORD, address="192.0.2.66").status_code == 429
    assert _portal("organiser", PASSWORD, address="192.0.2.67").status_code == 302


def test_behind_the_proxy_the_client_address_counts_not_the_proxys(settings, organiser, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "172.18.0.1"}  # what web sees of every visitor
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for n in range(LIMIT):
        _portal(f"guess{n}", "wrong", client=attacker)
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    colleague = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert _portal("organiser", PASSWORD, client=spoofing).status_code == 429
    assert _portal("organiser", PASSWORD, client=colleague).status_code == 302


def test_a_successful_sign_in_forgets_the_earlier_failures(organiser, clock):
    for _ in range(LIMIT - 1):
        _portal("organiser", "wrong")
    assert _portal("organiser", PASSWORD).status_code == 302

    for _ in range(LIMIT - 1):
        _portal("organiser", "wrong")

    assert _portal("organiser", PASSWORD).status_code == 302


def test_the_token_endpoint_locks_out_with_429_and_the_same_message(organiser, clock):
    before = [_api("organiser", "wrong") for _ in range(LIMIT - 1)]

    reaching = _api("organiser", "wrong")
    right = _api("organiser", PASSWORD)
    missing = [_api("nobody", "wrong", address="192.0.2.2") for _ in range(LIMIT + 1)][-1]

    assert [response.status_code for response in before] == [400] * (LIMIT - 1)
    assert reaching.status_code == right.status_code == missing.status_code == 429
    assert right.json() == missing.json() == {"detail": LOCKED}


def test_the_portal_and_the_api_count_the_same_failures(organiser, clock):
    for _ in range(LIMIT - 1):
        _portal("organiser", "wrong")

    assert _api("organiser", "wrong").status_code == 429
    assert _api("organiser", PASSWORD).status_code == 429


def test_the_admin_login_locks_out_too(organiser, clock):
    client = Client(REMOTE_ADDR="192.0.2.1")
    url = reverse("admin:login")
    for _ in range(LIMIT):
        client.post(url, {"username": "organiser", "password": "wrong"})

    response = client.post(url, {"username": "organiser", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED in page(response).text()
    assert client.get("/admin/").status_code == 302


def test_wrong_second_factor_codes_count_towards_the_lockout(
    coordinator, with_second_factor, clock
):
    with_second_factor(coordinator)
    answers = []
    for _ in range(LIMIT):
        answers.append(
            APIClient(REMOTE_ADDR="192.0.2.1").post(
                TOKEN_URL, {"username": "coordinator", "password": PASSWORD, "otp": "nonsense"}
            )
        )
        clock.shift(60)  # past django-otp's own pause after a wrong code

    assert [answer.status_code for answer in answers] == [400] * (LIMIT - 1) + [429]
    assert answers[-1].json() == {"detail": LOCKED}


def test_a_german_reader_gets_the_lockout_in_german(organiser, clock):
    for _ in range(LIMIT):
        response = APIClient(REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT_LANGUAGE="de").post(
            TOKEN_URL, {"username": "organiser", "password": "wrong"}
        )

    assert response.status_code == 429
    assert response.json()["detail"] == (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten und versuchen "
        "Sie es dann erneut."
    )
