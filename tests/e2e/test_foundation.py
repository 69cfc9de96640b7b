"""The foundation in a real browser: each demo role signs in, reads its dashboard, leaves."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.demo.season import DEMO_LOGINS, load_demo_season
from ish.seasons.models import Quota
from ish.seasons.selectors import current_season
from tests.e2e.languages import choose_language

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# Set ISH_E2E_SCREENSHOTS to a folder to keep a screenshot of each dashboard there.
SCREENSHOTS = os.environ.get("ISH_E2E_SCREENSHOTS")
LOGIN_PATH = "/accounts/login/"
PHONE = {"width": 375, "height": 740}
LOGINS = {
    "organiser": "office",
    "coordinator": "kumamoto",
    "lab_host": "dkfz-genome",
}


@pytest.fixture
def demo(live_server, reference_data) -> dict[str, User]:
    """The demo season in the live database, and its English-speaking user per role."""
    load_demo_season()
    return {role: User.objects.get(username=username) for role, username in LOGINS.items()}


def password_of(user: User) -> str:
    return next(login.password for login in DEMO_LOGINS if login.username == user.username)


def sign_in(page: Page, user: User) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(rf"{LOGIN_PATH}\?next=/$"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password_of(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def expect_dashboard_figures(page: Page, role: str, user: User) -> None:
    season = current_season()
    quotas = Quota.objects.filter(season=season)
    if role == "organiser":
        expect(page.get_by_test_id("quota-table").locator("tbody tr")).to_have_count(quotas.count())
        expect(page.get_by_test_id("total-places")).to_have_text(
            str(sum(quota.places for quota in quotas))
        )
    elif role == "coordinator":
        quota = quotas.get(city=user.city)
        expect(page.get_by_role("heading", name=user.city.name)).to_be_visible()
        expect(page.get_by_test_id("places")).to_have_text(str(quota.places))
        expect(page.get_by_test_id("alternates")).to_have_text(str(quota.alternates))
    else:
        expect(page.get_by_role("heading", name=user.lab.name)).to_be_visible()
        expect(page.get_by_test_id("capacity")).to_have_text(str(user.lab.capacity))


def keep_screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"e2e-{name}.png", full_page=True)


@pytest.mark.parametrize("role", list(LOGINS))
def test_each_demo_role_signs_in_reads_its_dashboard_in_german_and_signs_out(page, demo, role):
    user = demo[role]

    sign_in(page, user)
    expect_dashboard_figures(page, role, user)
    keep_screenshot(page, role)

    choose_language(page, "Deutsch")
    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    expect_dashboard_figures(page, role, user)
    keep_screenshot(page, f"{role}-de")

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(rf"{LOGIN_PATH}$"))
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()


def test_a_german_demo_coordinator_is_greeted_in_german(page, demo):
    bautzen = User.objects.get(username="bautzen")

    page.goto(LOGIN_PATH)
    page.get_by_label("Username").fill(bautzen.username)
    page.get_by_label("Password").fill(password_of(bautzen))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Bautzen")).to_be_visible()


def test_the_login_form_works_with_the_keyboard_alone(page, demo):
    user = demo["coordinator"]
    page.goto(LOGIN_PATH)

    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(password_of(user))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect_dashboard_figures(page, "coordinator", user)


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page, demo):
    sign_in(page, demo["organiser"])

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()


@pytest.mark.parametrize("role", list(LOGINS))
def test_the_dashboard_fits_a_phone_without_horizontal_scrolling(open_page, demo, role):
    page = open_page(viewport=PHONE)

    sign_in(page, demo[role])
    expect_dashboard_figures(page, role, demo[role])
    keep_screenshot(page, f"{role}-phone")

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_on_a_phone_the_menu_opens_and_signs_out(open_page, demo):
    page = open_page(viewport=PHONE)
    sign_in(page, demo["organiser"])
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()

    page.get_by_role("button", name="Menu").click()
    # Click only once the menu has finished sliding open: a click during Bootstrap's collapse
    # transition can land where the button was a moment before.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    sign_out.click()

    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
