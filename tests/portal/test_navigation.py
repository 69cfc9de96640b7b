"""The portal's menu: the sections and items each role sees, and the one item marked as the page
being shown (aria-current="page"), decided for every page in one place."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


class Menu(HTMLParser):
    """The main navigation as a reader meets it: each section's heading (None for the first) with
    its items' text, address (None for the sign-out button) and whether it is the current page."""

    def __init__(self, html: str):
        super().__init__()
        self.sections: list[tuple[str | None, list[tuple[str, str | None, bool]]]] = []
        self._in_nav = self._heading = False
        self._item: list | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "main-nav":
            self._in_nav = True
        elif not self._in_nav:
            return
        elif tag == "p" and "ish-nav-heading" in attrs.get("class", ""):
            self._heading = True
            self.sections.append(("", []))
        elif tag == "ul" and (not self.sections or self.sections[-1][1]):
            self.sections.append((None, []))  # a list with no heading of its own
        elif tag in ("a", "button") and "ish-nav-link" in attrs.get("class", ""):
            self._item = ["", attrs.get("href"), attrs.get("aria-current") == "page"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "p" and self._heading:
            self._heading = False
        elif tag in ("a", "button") and self._item is not None:
            self.sections[-1][1].append((self._item[0].strip(), self._item[1], self._item[2]))
            self._item = None

    def handle_data(self, data):
        if self._heading:
            self.sections[-1] = ((self.sections[-1][0] or "") + data.strip(), [])
        elif self._item is not None:
            self._item[0] += data

    def items(self) -> dict[str | None, list[tuple[str, str | None]]]:
        return {
            heading: [(label, url) for label, url, _ in items] for heading, items in self.sections
        }

    def current(self) -> list[str]:
        return [label for _, items in self.sections for label, _, current in items if current]


def menu_of(response) -> Menu:
    assert response.status_code == 200
    return Menu(response.content.decode())


SIGN_OUT = ("Sign out", None)
ACCOUNT = [
    ("Second factor", "/accounts/second-factor/"),
    ("Calendar", "/programme/calendar/"),
    SIGN_OUT,
]


def test_the_organiser_sees_every_section(client_as):
    menu = menu_of(client_as("organiser").get(reverse("portal:dashboard")))

    assert menu.items() == {
        None: [("Dashboard", "/"), ("Season", "/season/")],
        "Summer school": [
            ("Nominations", "/nominations/"),
            ("Placements", "/placements/board/"),
            ("Housing", "/housing/"),
            ("Arrivals", "/housing/arrivals/"),
            ("Programme", "/programme/"),
            ("Certificates", "/certificates/"),
            ("Exports", "/exports/"),
        ],
        "Exchange": [("NYSF", "/nysf/applications/")],
        "Office": [
            ("Alumni", "/alumni/"),
            ("E-mails", "/emails/"),
            ("Letters", "/letters/texts/"),
            ("Administration", "/admin/"),
            ("API", "/api/docs/"),
        ],
        "Account": ACCOUNT,
    }


def test_a_coordinator_sees_their_citys_work_and_nothing_of_the_office(client_as):
    menu = menu_of(client_as("coordinator").get(reverse("portal:dashboard")))

    assert menu.items() == {
        None: [("Dashboard", "/")],
        "Summer school": [
            ("Nominations", "/nominations/"),
            ("Placements", "/placements/"),
            ("Housing", "/housing/city/"),
            ("Programme", "/programme/"),
            ("Exports", "/exports/"),
        ],
        "Account": ACCOUNT,
    }


def test_a_lab_host_sees_their_offers_the_programme_and_exports(client_as):
    menu = menu_of(client_as("lab_host").get(reverse("portal:dashboard")))

    assert menu.items() == {
        None: [("Dashboard", "/")],
        "Summer school": [
            ("Offers", "/placements/offers/"),
            ("Programme", "/programme/"),
            ("Exports", "/exports/"),
        ],
        "Account": ACCOUNT,
    }


def test_a_visitor_who_is_not_signed_in_sees_no_menu(client):
    html = client.get(reverse("login")).content.decode()

    assert Menu(html).sections == []
    assert 'id="main-nav"' not in html
    assert "Menu</button>" not in html


def test_the_signed_in_user_and_their_role_are_named_in_the_account_section(client_as):
    html = client_as("coordinator").get(reverse("portal:dashboard")).content.decode()

    assert 'data-testid="signed-in-as">' in html.split('id="main-nav"')[1]


@pytest.mark.parametrize(
    ("role", "page", "current"),
    [
        ("organiser", "portal:dashboard", "Dashboard"),
        ("organiser", "portal:season", "Season"),
        ("organiser", "nominations:list", "Nominations"),
        ("organiser", "placements:board", "Placements"),
        ("organiser", "housing:calendar", "Housing"),
        ("organiser", "housing:accommodations", "Housing"),
        ("organiser", "participants:arrivals", "Arrivals"),
        ("organiser", "rosters:list", "Exports"),
        ("organiser", "exchange:list", "NYSF"),
        ("organiser", "exchange:departures", "NYSF"),
        ("organiser", "notifications:email_list", "E-mails"),
        ("organiser", "second_factor", "Second factor"),
        ("coordinator", "nominations:create", "Nominations"),
        ("coordinator", "placements:list", "Placements"),
        ("coordinator", "housing:mine", "Housing"),
        ("lab_host", "placements:offers", "Offers"),
        ("lab_host", "rosters:list", "Exports"),
        ("coordinator", "programme:my_calendar", "Calendar"),
        ("lab_host", "programme:my_calendar", "Calendar"),
        ("organiser", "programme:week", "Programme"),
        ("organiser", "programme:day", "Programme"),
        ("organiser", "programme:event_add", "Programme"),
        ("coordinator", "programme:week", "Programme"),
        ("lab_host", "programme:day", "Programme"),
    ],
)
def test_the_page_shown_is_the_one_item_marked_current(client_as, season, role, page, current):
    menu = menu_of(client_as(role).get(reverse(page)))

    assert menu.current() == [current]


def test_a_nominations_own_pages_mark_nominations(client_as, season):
    nomination = NominationFactory(season=season)
    client = client_as("organiser")

    for page in ("nominations:detail", "participants:nomination_edit"):
        assert menu_of(client.get(reverse(page, args=[nomination.pk]))).current() == ["Nominations"]


def test_a_page_of_no_item_marks_none(client_as):
    response = client_as("organiser").get("/no-such-page/")

    assert response.status_code == 404
    assert Menu(response.content.decode()).current() == []


def test_the_menu_is_in_german_for_a_german_reader(client_as, settings):
    client = client_as("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    menu = menu_of(client.get(reverse("nominations:list")))

    assert list(menu.items()) == [None, "Sommerschule", "Konto"]
    assert menu.current() == ["Nominierungen"]
    assert ("Abmelden", None) in menu.items()["Konto"]
