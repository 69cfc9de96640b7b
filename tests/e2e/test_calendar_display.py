"""The occupancy calendar in a real browser at 1280 px: the last night of the season is reached
by the week links and shown, the place names stay in view while the nights scroll, the guests'
names show in their cells on demand, the printed page drops its buttons, and axe passes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ish.housing.models import HousingAssignment
from tests.e2e.accessibility import axe_violations
from tests.factories import (
    PASSWORD,
    AccommodationFactory,
    HousingAssignmentFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def housed(reference_data):
    season = SeasonFactory(year=2027)
    place = AccommodationFactory(name="Familie Neckarblick", beds=2)
    aiko = NominationFactory(
        season=season, status="accepted", given_name="Aiko", family_name="Tanaka"
    )
    HousingAssignmentFactory(
        nomination=aiko,
        accommodation=place,
        status=HousingAssignment.Status.CONFIRMED,
        check_in=dt.date(2027, 8, 10),
        check_out=season.ends_on + dt.timedelta(days=1),
    )
    return {"season": season, "organiser": OrganiserFactory(username="office-cal")}


def sign_in(page: Page, username: str) -> None:
    page.goto(reverse("login"), timeout=30_000)  # the live server's first page, on a busy machine
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_the_calendar_reaches_the_last_night_and_names_its_guests_on_demand(open_page, housed):
    season = housed["season"]
    page = open_page(viewport=DESKTOP)
    sign_in(page, "office-cal")
    page.goto(f"{reverse('housing:calendar')}?season={season.pk}&week=2027-07-17")

    # The last of the week links opens the week of the season's last night.
    page.get_by_test_id("weeks").get_by_role("listitem").last.get_by_role("link").click()
    last_night = season.ends_on.isoformat()
    cell = page.locator(f'[data-testid="cell"][data-night="{last_night}"]')
    expect(cell).to_have_count(1)
    cell.scroll_into_view_if_needed()
    expect(cell).to_be_in_viewport()
    expect(cell).to_contain_text("1/2")
    expect(page.locator(f"#night-{last_night}")).to_be_visible()

    # The place's name stays in view when the nights scroll sideways.
    place = page.get_by_test_id("calendar-row").get_by_role("rowheader")
    page.locator(".occ-scroll").evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    expect(place).to_be_in_viewport()
    assert place.evaluate("cell => getComputedStyle(cell).position") == "sticky"

    # The guests' names, on demand: a toggle the keyboard reaches like any link.
    expect(cell.get_by_test_id("cell-names")).to_have_count(0)
    toggle = page.get_by_test_id("names-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    cell = page.locator(f'[data-testid="cell"][data-night="{last_night}"]')
    expect(cell.get_by_test_id("cell-names")).to_have_text("Aiko Tanaka")
    expect(page.get_by_test_id("names-toggle")).to_have_attribute("aria-pressed", "true")
    last_day = f"{season.ends_on.day} August 2027"
    expect(page.get_by_test_id("week")).to_contain_text(last_day)  # still the last week
    assert axe_violations(page) == []

    # Printed: the whole week without the scrolling box or the buttons.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("names-toggle")).to_be_hidden()
    expect(cell).to_be_visible()
    assert page.locator(".occ-scroll").evaluate("box => getComputedStyle(box).maxHeight") == "none"


PHONE = {"width": 375, "height": 740}


@pytest.fixture
def running_season(reference_data):
    """A season whose first week ends tonight: today is the week's last column, off to the right
    of a phone's screen until the calendar scrolls to it; a place free all season."""
    today = timezone.localdate()
    season = SeasonFactory(
        year=today.year, starts_on=today - dt.timedelta(days=6), ends_on=today + dt.timedelta(21)
    )
    AccommodationFactory(
        name="Familie Neckarblick",
        available_from=season.starts_on,
        available_until=season.ends_on + dt.timedelta(days=1),
    )
    OrganiserFactory(username="office-today")
    return season, today


def test_the_calendar_marks_today_and_scrolls_its_column_into_view_on_a_phone(
    open_page, running_season
):
    season, today = running_season
    page = open_page(viewport=PHONE)
    sign_in(page, "office-today")
    page.goto(f"{reverse('housing:calendar')}?season={season.pk}")

    tonight = page.locator('th[aria-current="date"]')
    expect(tonight).to_have_count(1)
    expect(tonight).to_have_attribute("id", f"night-{today.isoformat()}")
    scroller = page.locator(".occ-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")  # it had to scroll
    assert scroller.evaluate("box => box.scrollLeft") > 0
    shown = scroller.bounding_box()
    place = page.locator("thead th.occ-place").bounding_box()
    column = tonight.bounding_box()
    # Wholly in the scrolled box, right of the place names that stay over its left edge.
    assert place["x"] + place["width"] - 1 <= column["x"], (place, column)
    assert column["x"] + column["width"] <= shown["x"] + shown["width"] + 1, (shown, column)
    # Below the forms on a phone: brought up, the page moves and the sideways scroll stays.
    scroller.evaluate("box => box.scrollIntoView({block: 'start'})")
    expect(tonight).to_be_in_viewport(ratio=0.9)  # sub-pixel edges aside
