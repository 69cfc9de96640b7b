"""Housing and arrivals in a real browser: a student opens their personal link on a phone and
enters their travel; the office sees it on the arrivals page, runs "Suggest beds", confirms
the suggestion on the occupancy calendar and changes the bed's dates on its edit page."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from ish.participants import links
from tests.factories import (
    PASSWORD,
    AccommodationFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# Set ISH_E2E_SCREENSHOTS to a folder to keep a screenshot of each step there.
SCREENSHOTS = os.environ.get("ISH_E2E_SCREENSHOTS")
PHONE = {"width": 375, "height": 740}


def keep_screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"e2e-housing-{name}.png", full_page=True)


def fits_the_screen(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture
def accepted_student(reference_data):
    """Aiko of Kumamoto, accepted for ISH 2027, with her personal link; and a host family."""
    season = SeasonFactory()
    aiko = NominationFactory(
        season=season,
        status=Nomination.Status.ACCEPTED,
        given_name="Aiko",
        family_name="Tanaka",
    )
    AccommodationFactory(name="Familie Neckarblick", beds=2)
    link = links.send_link(aiko)
    return aiko, reverse("participants:self_service", args=[links.token_for(link)])


def test_a_student_enters_travel_and_the_office_houses_them(open_page, accepted_student):
    aiko, link = accepted_student
    office = OrganiserFactory(username="office-e2e")

    # The student, on her phone, with nothing but the link.
    student = open_page(viewport=PHONE)
    student.goto(link)
    expect(student.get_by_role("heading", name="Welcome, Aiko!")).to_be_visible()
    student.get_by_label("Arrival in Heidelberg (date and time)").fill("2027-07-16T10:40")
    student.get_by_label("Departure (date and time)").fill("2027-08-14T09:15")
    student.get_by_label("Flights or trains, airports or stations").fill(
        "LH 711 to Frankfurt Airport (FRA)"
    )
    student.get_by_label("Dietary needs").fill("vegetarian")
    student.get_by_label("Emergency contact (name)").fill("Keiko Tanaka")
    student.get_by_label("Emergency contact (phone, with country code)").fill("+81 96 123 4567")
    student.get_by_label("I confirm that I will take part in the programme.").check()
    keep_screenshot(student, "self-service-phone")
    assert fits_the_screen(student)
    student.get_by_role("button", name="Save").click()
    expect(student.get_by_text("Thank you! Your details are saved.")).to_be_visible()
    expect(student.get_by_test_id("confirmed")).to_be_visible()

    # The office signs in and sees her arrival.
    page = open_page()
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(office.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation").get_by_role("link", name="Arrivals").click()
    arrival_day = page.get_by_test_id("day").filter(
        has=page.get_by_role("heading", name="Friday, 16 July 2027")
    )
    arrival = arrival_day.get_by_test_id("arrival")
    expect(arrival).to_contain_text("10:40")
    expect(arrival).to_contain_text("Aiko Tanaka")
    expect(arrival).to_contain_text("LH 711 to Frankfurt Airport (FRA)")
    expect(arrival).to_contain_text("No bed yet")
    keep_screenshot(page, "arrivals")

    # Suggest beds, then confirm the proposal on the calendar.
    page.get_by_role("navigation").get_by_role("link", name="Housing").click()
    page.get_by_role("button", name="Suggest beds").click()
    expect(page.get_by_text("A bed is proposed for 1 student.")).to_be_visible()
    row = page.get_by_test_id("assignment-row").filter(has_text="Aiko Tanaka")
    expect(row).to_contain_text("Familie Neckarblick")
    expect(row).to_contain_text("proposed")
    night = page.get_by_test_id("calendar-row").filter(has_text="Familie Neckarblick")
    expect(night.locator('[data-night="2027-07-17"]')).to_have_attribute("data-state", "partly")
    keep_screenshot(page, "calendar-proposed")

    row.get_by_role("button", name=re.compile("^Confirm")).click()

    expect(page.get_by_text("Aiko Tanaka at Familie Neckarblick is confirmed")).to_be_visible()
    expect(page.get_by_test_id("assignment-row").filter(has_text="Aiko Tanaka")).to_contain_text(
        "confirmed"
    )
    keep_screenshot(page, "calendar-confirmed")
    assignment = HousingAssignment.objects.get(nomination=aiko)
    assert assignment.status == HousingAssignment.Status.CONFIRMED
    assert (str(assignment.check_in), str(assignment.check_out)) == ("2027-07-16", "2027-08-14")

    # She leaves a day earlier: the office changes the bed from its row.
    page.get_by_test_id("assignment-row").filter(has_text="Aiko Tanaka").get_by_role(
        "link", name=re.compile("^Edit")
    ).click()
    expect(page.get_by_role("heading", name="Bed of Aiko Tanaka")).to_be_visible()
    page.get_by_label("Check-out").fill("2027-08-13")
    keep_screenshot(page, "assignment-edit")
    page.get_by_role("button", name="Save").click()

    moved = "Aiko Tanaka now stays at Familie Neckarblick, 16 July 2027 to 13 August 2027"
    expect(page.get_by_text(moved)).to_be_visible()
    assignment.refresh_from_db()
    assert (str(assignment.check_out), assignment.version) == ("2027-08-13", 2)
