"""The NYSF exchange in a real browser: a pupil applies with her documents; her principal
confirms the nomination; the office scores, shortlists and selects her, and ticks an item of her
pre-departure checklist."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from ish.exchange.models import Application
from ish.notifications.models import OutboundEmail
from tests.e2e.applying import fill_application
from tests.factories import PASSWORD, PDF_BYTES, OrganiserFactory, SchoolFactory, SeasonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# Set ISH_E2E_SCREENSHOTS to a folder to keep screenshots (desktop and phone) of each page there.
SCREENSHOTS = os.environ.get("ISH_E2E_SCREENSHOTS")
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def nysf(live_server, reference_data, settings, tmp_path):
    """A season open for applications, two schools, and the office."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the hourly submission count
    season = SeasonFactory()
    season.exchange_deadline = timezone.now() + dt.timedelta(days=30)
    season.save(update_fields=["exchange_deadline"])
    SchoolFactory(name="Bunsen-Gymnasium", address="Humboldtstraße 23, 69120 Heidelberg")
    SchoolFactory(name="Helmholtz-Gymnasium")
    office = OrganiserFactory(username="office", first_name="Ida", last_name="Office")
    for path in ("/accounts/login/", "/nysf/apply/"):  # compile URLs and templates in-process
        Client().get(path)
    yield office
    cache.clear()


def keep_screenshot(page: Page, name: str) -> None:
    if not SCREENSHOTS:
        return
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=Path(SCREENSHOTS) / f"nysf-{name}-{size}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_pupil_applies_and_the_office_selects_her(open_page, nysf, tmp_path):
    cv, letter = tmp_path / "lebenslauf.pdf", tmp_path / "motivation.pdf"
    cv.write_bytes(PDF_BYTES)
    letter.write_bytes(PDF_BYTES)

    # The pupil, without an account.
    page = open_page(viewport=DESKTOP)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Heidelberg pupils: apply for the NYSF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("National Youth Science Forum")
    fill_application(
        page,
        given_name="Lea",
        family_name="Hoffmann",
        email="lea.hoffmann@example.de",
        language="de",
        subjects="Biology, Chemistry",
        motivation="I would love to meet young scientists in Canberra.",
        documents={"cv": cv, "motivation_letter": letter},
    )
    keep_screenshot(page, "apply")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying!")).to_be_visible()
    application = Application.objects.get(email="lea.hoffmann@example.de")
    assert application.documents.count() == 2

    # The principal, through the link in their e-mail: without it she could not be shortlisted.
    mail = OutboundEmail.objects.get(to="principal@bunsen.example.de")
    link = re.search(r"https?://\S+(/nysf/nomination/\S+/)", mail.body_text).group(1)
    page = open_page(viewport=DESKTOP)
    page.goto(link)
    page.get_by_label("I confirm this nomination").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("nomination-confirmed")).to_be_visible()

    # The office.
    page = open_page(viewport=DESKTOP)
    page.goto("/nysf/applications/")
    page.get_by_label("Username").fill("office")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Outbound applications", level=1)).to_be_visible()
    row = page.get_by_test_id("application-table").locator(
        f"tr[data-application='{application.pk}']"
    )
    expect(row).to_contain_text("Bunsen-Gymnasium")
    expect(row).to_contain_text("0 (0 reviewers)")
    keep_screenshot(page, "list")
    row.get_by_role("link", name="Lea Hoffmann").click()

    expect(page.get_by_role("heading", name="Lea Hoffmann", level=1)).to_be_visible()
    expect(page.get_by_test_id("documents")).to_contain_text("lebenslauf.pdf")
    page.locator("#id_points").fill("8")
    page.locator("#id_comment").fill("A convincing letter.")
    page.get_by_role("button", name="Save my score").click()
    expect(page.get_by_test_id("total-score")).to_have_text("8 points from 1 reviewer")
    page.get_by_role("button", name="Shortlist", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("shortlisted")
    page.locator("#decision-comment").fill("Congratulations: you are going to Canberra!")
    page.get_by_role("button", name="Select", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("selected")
    expect(page.get_by_test_id("history")).to_contain_text("Congratulations")
    keep_screenshot(page, "review")

    page.get_by_role("link", name="Pre-departure checklist").click()
    candidate = page.locator(f"#candidate-{application.pk}")
    flights = candidate.locator("[data-item='flights_done_on']")
    expect(flights).to_have_attribute("data-missing", "yes")
    flights.get_by_role("button", name="Today").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved for Lea Hoffmann")
    expect(flights).to_have_attribute("data-missing", "no")
    expect(flights.locator("input")).to_have_value(timezone.localdate().isoformat())
    expect(page.get_by_test_id("missing-summary")).not_to_contain_text("flights")
    keep_screenshot(page, "departures")

    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    assert application.score == 8
    assert application.flights_done_on == timezone.localdate()
