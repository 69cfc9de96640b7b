"""The language switcher on every page: it translates the page, is saved on the account, ignores
unknown languages, and never redirects to another site."""

import pytest
from django.urls import reverse

from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, LOGIN, page

pytestmark = pytest.mark.django_db


def test_every_page_offers_the_language_switcher(client, client_as):
    for response in (client.get(LOGIN), client_as("organiser").get(DASHBOARD)):
        html = response.content.decode()
        assert f'action="{reverse("switch_language")}"' in html
        assert 'value="de"' in html
        assert "Deutsch" in page(response).text()


def test_switching_language_translates_the_page_and_saves_it_on_the_account(client_as, organiser):
    client = client_as("organiser")

    response = client.post(reverse("switch_language"), {"language": "de", "next": DASHBOARD})

    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert "Übersicht" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "de"


def test_the_switcher_tells_a_signed_in_user_their_choice_is_saved_on_the_account(client_as):
    signed_in = page(client_as("organiser").get(DASHBOARD))
    anonymous = page(client_as("anonymous").get(LOGIN))

    assert signed_in.text("language-saved") == (
        "Saved on your account: the portal and your e-mails come in this language."
    )
    assert "language-saved" not in anonymous.testids  # for them, a cookie in this browser only


def test_switching_back_to_english_is_saved_too(client_as, organiser):
    client = client_as("organiser")
    client.post(reverse("switch_language"), {"language": "de", "next": DASHBOARD})

    client.post(reverse("switch_language"), {"language": "en", "next": DASHBOARD})

    assert "Dashboard" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "en"


def test_an_anonymous_visitor_can_switch_the_login_page_to_german(client):
    response = client.post(
        reverse("switch_language"), {"language": "de", "next": LOGIN}, follow=True
    )

    assert response.status_code == 200
    text = page(response).text()
    assert "Anmelden" in text
    assert "Passwort vergessen?" in text


def test_an_invalid_language_code_is_ignored(client_as, organiser):
    client = client_as("organiser")

    response = client.post(reverse("switch_language"), {"language": "xx", "next": DASHBOARD})

    assert response.status_code == 302
    assert LANGUAGE_COOKIE not in response.cookies
    assert "Dashboard" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "en"


def test_the_language_switcher_never_redirects_to_another_site(client):
    response = client.post(
        reverse("switch_language"), {"language": "de", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_the_language_switcher_only_accepts_post(client):
    assert client.get(reverse("switch_language"), {"language": "de"}).status_code == 405
