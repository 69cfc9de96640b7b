"""Signing in to and out of the portal, and resetting a forgotten password through a mailed link."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ish.seasons.models import City
from tests.factories import PASSWORD, CoordinatorFactory, OrganiserFactory
from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, LOGIN, page

pytestmark = pytest.mark.django_db

# --- signing in and out -----------------------------------------------------------------------


def test_login_with_good_credentials_leads_to_the_dashboard(client, organiser, season):
    response = client.post(LOGIN, {"username": "organiser", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_login_honours_the_next_page(client, organiser):
    response = client.post(
        f"{LOGIN}?next=/admin/", {"username": "organiser", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.url == "/admin/"


def test_login_with_a_wrong_password_is_refused_with_a_message(client, organiser):
    response = client.post(LOGIN, {"username": "organiser", "password": "wrong-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in page(response).text()
    assert client.get(DASHBOARD).status_code == 302


def test_an_inactive_account_cannot_sign_in(client):
    OrganiserFactory(username="former", is_active=False)

    response = client.post(LOGIN, {"username": "former", "password": PASSWORD})

    assert response.status_code == 200
    assert client.get(DASHBOARD).status_code == 302


def test_a_signed_in_user_opening_the_login_page_goes_to_the_dashboard(client_as):
    response = client_as("organiser").get(LOGIN)

    assert response.status_code == 302
    assert response.url == DASHBOARD


@pytest.mark.parametrize("language", ["en", "de"])
def test_login_sets_the_language_cookie_to_the_users_language(client, language):
    OrganiserFactory(username="ida", language=language)

    response = client.post(LOGIN, {"username": "ida", "password": PASSWORD})

    assert response.cookies[LANGUAGE_COOKIE].value == language


def test_a_german_user_gets_german_pages_after_login(client, season):
    CoordinatorFactory(username="greta", city=City.objects.get(slug="bautzen"), language="de")

    response = client.post(LOGIN, {"username": "greta", "password": PASSWORD}, follow=True)

    text = page(response).text()
    assert "Übersicht" in text
    assert "Abmelden" in text
    assert "Dashboard" not in text


def test_logout_needs_a_post(client_as):
    client = client_as("organiser")

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(DASHBOARD).status_code == 200


def test_logout_signs_out_and_returns_to_the_login_page(client_as):
    client = client_as("organiser")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(DASHBOARD).status_code == 302


# --- password reset ---------------------------------------------------------------------------


def test_password_reset_mails_one_link_that_sets_a_new_password(client, organiser):
    response = client.post(reverse("password_reset"), {"email": organiser.email}, follow=True)

    assert "Check your e-mail" in page(response).text()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [organiser.email]
    assert message.subject == "Your ISH Manager password"
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in page(form).text()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
        follow=True,
    )
    assert "Your new password is saved." in page(done).text()

    fresh = Client()
    signed_in = fresh.post(LOGIN, {"username": "organiser", "password": "a-brand-new-secret-42"})
    assert signed_in.url == DASHBOARD
    old = Client().post(LOGIN, {"username": "organiser", "password": PASSWORD})
    assert old.status_code == 200


def test_a_used_password_reset_link_no_longer_works(client, organiser):
    client.post(reverse("password_reset"), {"email": organiser.email})
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new_password = {
        "new_password1": "a-brand-new-secret-42",
        "new_password2": "a-brand-new-secret-42",
    }
    client.post(form.redirect_chain[-1][0], new_password)

    again = Client().get(link, follow=True)

    assert "This link is invalid or has already been used." in page(again).text()


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, organiser):
    known = client.post(reverse("password_reset"), {"email": organiser.email}, follow=True)
    mail.outbox.clear()

    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert page(unknown).text() == page(known).text()


def test_a_german_users_password_reset_mail_is_in_german(client):
    user = OrganiserFactory(username="greta", language="de")

    client.post(reverse("password_reset"), {"email": user.email})

    assert mail.outbox[0].subject == "Ihr Passwort für den ISH Manager"
    assert "Wählen Sie hier ein neues Passwort" in mail.outbox[0].body
