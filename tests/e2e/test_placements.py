"""Lab placements in a real browser: the office matches and offers, a lab host answers."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.nominations.models import Document
from ish.seasons.models import ResearchField
from tests.factories import (
    PASSWORD,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
    attach_documents,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

SCREENSHOTS = os.environ.get("ISH_E2E_SCREENSHOTS")
SHARED = [Document.Kind.CV, Document.Kind.MOTIVATION_LETTER]


@pytest.fixture
def season_to_place(live_server, reference_data, settings, tmp_path) -> dict[str, User]:
    """Two accepted students for the one lab covering medicine, one nobody covers; the office
    and the lab's host."""
    settings.MEDIA_ROOT = tmp_path / "media"
    season = SeasonFactory()
    lab = LabFactory(name="Genome Lab", fields=[ResearchField.objects.get(slug="medicine")])
    for given, family, interest in [
        ("Greta", "Gene", "medicine"),
        ("Milan", "Medic", "medicine"),
        ("Stella", "Stargazer", "astronomy"),
    ]:
        student = NominationFactory(
            season=season, status="accepted", given_name=given, family_name=family,
            interests=[interest],
        )  # fmt: skip
        attach_documents(student, SHARED)
    return {
        "organiser": OrganiserFactory(username="office-e2e", first_name="Ida"),
        "lab_host": LabHostFactory(username="genome-host", lab=lab),
    }


def sign_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def keep_screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"e2e-placements-{name}.png", full_page=True)


def test_the_office_matches_and_offers_and_the_lab_host_accepts_one_and_declines_one(
    open_page, season_to_place
):
    office = open_page()
    sign_in(office, season_to_place["organiser"])
    office.get_by_role("link", name="Placements").click()
    expect(office.get_by_test_id("count-unplaced")).to_have_text("3")

    office.get_by_role("button", name="Run matching").click()
    expect(office.get_by_text("The matching proposed a lab for 2 students.")).to_be_visible()
    stella = office.locator("article", has_text="Stella Stargazer")
    expect(stella).to_contain_text("No lab covers the student's research interests.")
    explained = office.get_by_text("Matched on the student's research interest 1: Medicine.")
    expect(explained).to_have_count(2)

    office.get_by_role("button", name=re.compile(r"^Offer all proposals")).click()
    expect(office.get_by_text("2 proposals are offered to their labs")).to_be_visible()
    expect(office.get_by_test_id("count-offered")).to_have_text("2")
    keep_screenshot(office, "board")

    host = open_page()
    sign_in(host, season_to_place["lab_host"])
    host.get_by_role("link", name="Your offers").click()
    expect(host.get_by_test_id("offer")).to_have_count(2)
    host.get_by_role("button", name="Accept Greta Gene").click()
    expect(host.get_by_text("Greta Gene in Genome Lab: accepted.")).to_be_visible()
    milan = host.locator("article", has_text="Milan Medic")
    milan.get_by_label("Comment").fill("Our sequencer is away for repairs in July.")
    milan.get_by_role("button", name="Decline Milan Medic").click()

    expect(host.get_by_text("Milan Medic in Genome Lab: declined.")).to_be_visible()
    expect(host.get_by_test_id("no-pending")).to_be_visible()
    answered = host.get_by_test_id("answered")
    expect(answered.locator("li", has_text="Greta Gene")).to_contain_text("accepted")
    expect(answered.locator("li", has_text="Milan Medic")).to_contain_text(
        "Our sequencer is away for repairs in July."
    )
    keep_screenshot(host, "offers")

    office.reload()
    expect(office.get_by_test_id("count-accepted")).to_have_text("1")
    expect(office.locator("article", has_text="Milan Medic")).to_contain_text(
        "Genome Lab: declined"
    )
    expect(office.locator("article", has_text="Greta Gene")).to_contain_text("accepted")
