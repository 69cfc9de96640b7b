"""The language switcher on every page: every offered language in its own name, in one labelled
list; it translates the page, is saved on the account, ignores unknown languages, and never
redirects to another site."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, LOGIN, page

pytestmark = pytest.mark.django_db

# Each offered language in its own name, in settings.LANGUAGES' order: what its reader looks for.
OWN_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "he": "עברית",
    "ja": "日本語",
    "ru": "Русский",
    "uk": "Українська",
    "zh-hans": "简体中文",
}


class _Switcher(HTMLParser):
    """The switcher's list: each choice's value, lang and text, which one is selected, and the
    label that names the list."""

    def __init__(self, html: str):
        super().__init__()
        self.choices: list[tuple[str, str, str]] = []
        self.selected: list[str] = []
        self.labels: list[str] = []
        self.list_id: str | None = None
        self._in_list = False
        self._in_option = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self.labels.append(attributes.get("for"))
        elif tag == "select" and attributes.get("name") == "language":
            self._in_list = True
            self.list_id = attributes.get("id")
        elif tag == "option" and self._in_list:
            self._in_option = True
            self.choices.append((attributes["value"], attributes.get("lang"), ""))
            if "selected" in attributes:
                self.selected.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_list = False
        self._in_option = self._in_option and tag != "option"

    def handle_data(self, data):
        if self._in_option:
            value, lang, text = self.choices[-1]
            self.choices[-1] = (value, lang, text + data.strip())


def switcher(response) -> _Switcher:
    return _Switcher(response.content.decode())


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


def test_the_switcher_offers_every_language_in_its_own_name_in_one_labelled_list(client, client_as):
    for response in (
        client.get(LOGIN),
        client_as("organiser").get(DASHBOARD),
        client_as("coordinator").get(DASHBOARD),
        client_as("lab_host").get(DASHBOARD),
    ):
        shown = switcher(response)

        assert shown.choices == [(code, code, name) for code, name in OWN_NAMES.items()]
        assert shown.selected == ["en"]
        assert shown.list_id in shown.labels


@pytest.mark.parametrize("language", list(OWN_NAMES))
def test_switching_to_any_offered_language_shows_the_portal_in_it_and_saves_it(
    client_as, organiser, language
):
    client = client_as("organiser")

    response = client.post(reverse("switch_language"), {"language": language, "next": DASHBOARD})

    assert response.status_code == 302
    dashboard = client.get(DASHBOARD)
    assert dashboard["Content-Language"] == language
    assert f'<html lang="{language}"' in dashboard.content.decode()
    assert switcher(dashboard).selected == [language]
    organiser.refresh_from_db()
    assert organiser.language == language
