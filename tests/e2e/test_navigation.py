"""The menu in a real browser: a sidebar at 1280 px whose every item fits on one line in every
language, the current page marked, no accessibility violation; on a phone a menu button that
opens and closes it, by mouse or keyboard."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.demo.season import DEMO_LOGINS, load_demo_season
from tests.e2e.accessibility import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
LOGINS = {"organiser": "office", "coordinator": "kumamoto", "lab_host": "dkfz-genome"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DASHBOARD = {"en": "Dashboard", "de": "Übersicht"}
MENU = {"en": "Menu", "de": "Menü"}
NAVIGATION = {"en": "Main navigation", "de": "Hauptnavigation"}


def word(words: dict[str, str], language: str) -> str:
    """The word in a language: as written above for English and German (complete, checked word
    for word); from its catalogue for a language still being translated (English until then)."""
    if language in words:
        return words[language]
    with translation.override(language):
        return gettext(words["en"])


# Each item of the menu: its text, how many line boxes its text takes, its height beside one
# line's (line-height plus vertical padding and borders), and whether its text overflows it.
MEASURE_ITEMS = """
() => [...document.querySelectorAll("#main-nav .ish-nav-link")].map((item) => {
  const style = getComputedStyle(item);
  const range = document.createRange();
  range.selectNodeContents(item);
  const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
  const extra = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"]
    .reduce((sum, side) => sum + parseFloat(style[side]), 0);
  return {
    text: item.textContent.trim(),
    lines: tops.size,
    height: item.getBoundingClientRect().height,
    oneLine: parseFloat(style.lineHeight) + extra,
    overflows: item.scrollWidth > item.clientWidth,
  };
})
"""


@pytest.fixture
def demo(live_server, reference_data) -> None:
    load_demo_season()


def sign_in(page: Page, role: str, language: str) -> None:
    username = LOGINS[role]
    # Signing in greets a user in the language saved on their account.
    User.objects.filter(username=username).update(language=language)
    password = next(login.password for login in DEMO_LOGINS if login.username == username)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=word(DASHBOARD, language), level=1)).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", list(LOGINS))
def test_at_1280_px_every_item_of_the_sidebar_is_on_one_line_and_axe_passes(
    open_page, demo, role, language
):
    page = open_page(viewport=LAPTOP)
    sign_in(page, role, language)
    navigation = page.get_by_role("navigation", name=word(NAVIGATION, language))

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("language-switcher").get_by_role("combobox")).to_have_value(language)
    expect(navigation).to_be_visible()
    expect(page.get_by_role("button", name=word(MENU, language))).to_be_hidden()
    expect(navigation.get_by_role("link", name=word(DASHBOARD, language))).to_have_attribute(
        "aria-current", "page"
    )
    items = page.evaluate(MEASURE_ITEMS)
    assert len(items) >= 4  # the dashboard, at least one more page, second factor, sign out
    for item in items:
        assert item["lines"] == 1, item
        assert item["height"] <= item["oneLine"] + 1, item
        assert not item["overflows"], item
    # Beside the page, not above it: the sidebar ends where the main content starts (on the left
    # of it, or on the right in a right-to-left language).
    sidebar = navigation.bounding_box()
    main = page.get_by_role("main").bounding_box()
    if page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl":
        assert main["x"] + main["width"] <= sidebar["x"] + 1
    else:
        assert sidebar["x"] + sidebar["width"] <= main["x"] + 1
    assert axe_violations(page) == []


def test_following_an_item_marks_that_page_current(open_page, demo):
    page = open_page(viewport=LAPTOP)
    sign_in(page, "organiser", "en")
    navigation = page.get_by_role("navigation", name="Main navigation")

    navigation.get_by_role("link", name="Arrivals").click()

    expect(page).to_have_url(re.compile(r"/housing/arrivals/$"))
    expect(navigation.get_by_role("link", name="Arrivals")).to_have_attribute(
        "aria-current", "page"
    )
    expect(navigation.locator('[aria-current="page"]')).to_have_count(1)
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_menu_button_opens_and_closes_the_menu(open_page, demo, language):
    page = open_page(viewport=PHONE)
    sign_in(page, "organiser", language)
    button = page.get_by_role("button", name=word(MENU, language))
    first_item = page.locator("#main-nav").get_by_role("link").first

    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(first_item).to_be_hidden()

    button.click()

    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(first_item).to_be_visible()
    assert axe_violations(page) == []

    button.click()

    expect(button).to_have_attribute("aria-expanded", "false")
    expect(first_item).to_be_hidden()


def test_on_a_phone_the_menu_opens_with_the_keyboard(open_page, demo):
    page = open_page(viewport=PHONE)
    sign_in(page, "coordinator", "en")
    button = page.get_by_role("button", name="Menu")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.keyboard.press("Tab")
    expect(page.locator("#main-nav").get_by_role("link", name="Dashboard")).to_be_focused()
