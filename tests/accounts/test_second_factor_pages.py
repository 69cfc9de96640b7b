"""The second factor on the portal: setting up an authenticator app (QR code and key, no script),
confirming it, seeing the recovery codes once, and signing in with a code or a recovery code;
the admin's sign-in asks for the code too."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.totp import totp
from tests.factories import PASSWORD
from tests.portal.page_reader import DASHBOARD, LOGIN, page

pytestmark = pytest.mark.django_db

SECOND_FACTOR = reverse("second_factor")
LOGIN_CODE = reverse("login_code")


def _set_up_on_the_portal(client: Client) -> tuple[str, list[str]]:
    client.post(reverse("second_factor_start"))
    shown = page(client.get(SECOND_FACTOR))
    secret = shown.text("second-factor-secret")
    confirmed = client.post(reverse("second_factor_confirm"), {"otp": totp(secret)})
    assert confirmed.status_code == 200
    return secret, page(confirmed).text("recovery-codes").split()


def test_the_page_offers_the_second_factor_to_a_coordinator(client_as):
    response = client_as("coordinator").get(SECOND_FACTOR)

    assert response.status_code == 200
    assert "Set up the second factor" in page(response).text()


def test_setting_up_shows_the_key_as_a_qr_code_and_as_text_without_script(client_as, clock):
    client = client_as("coordinator")

    client.post(reverse("second_factor_start"))
    response = client.get(SECOND_FACTOR)

    html = response.content.decode()
    secret = page(response).text("second-factor-secret")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert "<svg" in html
    assert f"otpauth://totp/ISH%20Manager%3Acoordinator?secret={secret}" in html
    main = html.split('id="main"')[1].split("</main>")[0]
    assert "<script" not in main
    assert "<img" not in main


def test_confirming_shows_ten_recovery_codes_once(client_as, clock):
    client = client_as("coordinator")

    _secret, codes = _set_up_on_the_portal(client)
    later = client.get(SECOND_FACTOR)

    assert len(set(codes)) == 10
    assert "Your second factor is on" in page(later).text()
    assert not any(code in later.content.decode() for code in codes)


def test_a_wrong_code_keeps_the_set_up_pending_with_a_message(client_as, clock):
    client = client_as("coordinator")
    client.post(reverse("second_factor_start"))

    response = client.post(reverse("second_factor_confirm"), {"otp": "12345"})

    assert response.status_code == 400
    assert "This code is not valid." in page(response).text()
    assert page(response).text("second-factor-secret")


def test_signing_in_asks_for_the_code_and_the_code_completes_it(coordinator, season, clock):
    secret, _codes = _set_up_on_the_portal(_signed_in_client(coordinator))
    clock.shift(30)
    client = Client()

    password_step = client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    assert password_step.url == LOGIN_CODE
    assert client.get(DASHBOARD).status_code == 302  # not signed in between the steps
    code_step = client.post(LOGIN_CODE, {"otp": totp(secret)})

    assert code_step.status_code == 302
    assert code_step.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_a_recovery_code_completes_the_sign_in_once(coordinator, season, clock):
    _secret, codes = _set_up_on_the_portal(_signed_in_client(coordinator))

    first, second = Client(), Client()
    for client in (first, second):
        client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    used = first.post(LOGIN_CODE, {"otp": codes[0]})
    clock.shift(5)
    again = second.post(LOGIN_CODE, {"otp": codes[0]})

    assert used.url == DASHBOARD
    assert again.status_code == 200
    assert "This code is not valid." in page(again).text()
    assert second.get(DASHBOARD).status_code == 302


def test_the_code_step_keeps_the_page_asked_for(coordinator, season, clock):
    secret, _codes = _set_up_on_the_portal(_signed_in_client(coordinator))
    clock.shift(30)
    client = Client()

    client.post(
        f"{LOGIN}?next=/nominations/",
        {"username": "coordinator", "password": PASSWORD, "next": "/nominations/"},
    )
    response = client.post(LOGIN_CODE, {"otp": totp(secret)})

    assert response.url == "/nominations/"


def test_the_code_step_without_a_right_password_first_leads_back_to_sign_in(client, clock):
    assert client.get(LOGIN_CODE).url == LOGIN
    assert client.post(LOGIN_CODE, {"otp": "123456"}).url == LOGIN


def test_the_code_step_lapses_after_five_minutes(coordinator, season, clock):
    secret, _codes = _set_up_on_the_portal(_signed_in_client(coordinator))
    client = Client()
    client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})

    clock.shift(6 * 60)

    assert client.post(LOGIN_CODE, {"otp": totp(secret)}).url == LOGIN
    assert client.get(DASHBOARD).status_code == 302


def test_the_admin_sign_in_asks_for_the_code_of_an_organiser_who_has_one(organiser, clock):
    secret, _codes = _set_up_on_the_portal(_signed_in_client(organiser))
    clock.shift(30)
    url = f"{reverse('admin:login')}?next=/admin/"
    without, wrong, right = Client(), Client(), Client()

    without.post(url, {"username": "organiser", "password": PASSWORD, "next": "/admin/"})
    wrong.post(url, {"username": "organiser", "password": PASSWORD, "otp": "x1", "next": "/admin/"})
    clock.shift(5)
    signed_in = right.post(
        url, {"username": "organiser", "password": PASSWORD, "otp": totp(secret), "next": "/admin/"}
    )

    assert without.get("/admin/").status_code == 302
    assert wrong.get("/admin/").status_code == 302
    assert signed_in.url == "/admin/"
    assert right.get("/admin/").status_code == 200


def test_the_admin_sign_in_shows_the_code_field(client):
    response = client.get(reverse("admin:login"))

    assert 'name="otp"' in response.content.decode()


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_german_reader_gets_the_second_factor_pages_in_german(client_as, coordinator, clock):
    coordinator.language = "de"
    coordinator.save()
    client = client_as("coordinator")
    client.cookies["django_language"] = "de"

    offered = client.get(SECOND_FACTOR)
    client.post(reverse("second_factor_start"))
    refused = client.post(reverse("second_factor_confirm"), {"otp": "12345"})

    assert "Zweiten Faktor einrichten" in page(offered).text()
    assert "Dieser Code ist nicht gültig." in page(refused).text()
    assert "Scannen Sie diesen Code mit der App:" in page(refused).text()


def test_replacing_the_app_on_the_portal_asks_for_a_code_of_the_current_one(client_as, clock):
    client = client_as("coordinator")
    old_secret, _codes = _set_up_on_the_portal(client)
    clock.shift(30)
    client.post(reverse("second_factor_start"))
    new_secret = page(client.get(SECOND_FACTOR)).text("second-factor-secret")

    refused = client.post(reverse("second_factor_confirm"), {"otp": totp(new_secret)})
    clock.shift(30)
    replaced = client.post(
        reverse("second_factor_confirm"),
        {"otp": totp(new_secret), "current_otp": totp(old_secret)},
    )

    assert refused.status_code == 400
    assert "Code from your current authenticator app" in page(refused).text()
    assert replaced.status_code == 200
    assert "recovery" in page(replaced).text().lower()
