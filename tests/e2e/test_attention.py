""" "Needs your attention" in a real browser: each role's dashboard lists what is to do, passes
axe's WCAG 2 A/AA rules, and its links lead to where the work is done."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.seasons.models import City
from tests.e2e.accessibility import axe_violations
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    QuotaFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]


@pytest.fixture
def people(live_server, reference_data) -> dict[str, User]:
    """A season with something to do for each role."""
    season = SeasonFactory()
    kumamoto = City.objects.get(slug="kumamoto")
    QuotaFactory(season=season, city=kumamoto, places=3, alternates=1)
    NominationFactory(season=season, given_name="Drafty", family_name="Draft")
    NominationFactory(season=season, status="submitted", given_name="Sub", family_name="Mitted")
    host = LabHostFactory(username="attention-host")
    PlacementFactory(
        nomination=NominationFactory(season=season, status="accepted", given_name="Olga"),
        lab=host.lab,
        status="offered",
        offered_at=timezone.now() - dt.timedelta(days=6),
    )
    PlacementFactory(
        nomination=NominationFactory(season=season, status="accepted", given_name="Hanna"),
        lab=LabFactory(name="Hostless Lab"),
    )
    return {
        "organiser": OrganiserFactory(username="attention-office"),
        "coordinator": CoordinatorFactory(username="attention-kumamoto", city=kumamoto),
        "lab_host": host,
    }


def sign_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def expect_accessible(page: Page) -> None:
    assert axe_violations(page) == []


def test_the_coordinator_sees_the_draft_and_what_it_lacks_and_opens_it(page, people):
    sign_in(page, people["coordinator"])
    attention = page.get_by_test_id("attention")
    expect(attention.get_by_role("heading", name="Needs your attention")).to_be_visible()
    drafts = page.get_by_test_id("attention-drafts")
    expect(drafts).to_contain_text("1 draft is not submitted yet")
    expect(drafts).to_contain_text("missing CV")
    expect_accessible(page)

    drafts.get_by_role("link", name="Drafty Draft").click()

    expect(page.get_by_role("heading", name="Drafty Draft", level=1)).to_be_visible()


def test_the_lab_host_sees_the_offer_with_its_age_and_goes_to_the_offers(page, people):
    sign_in(page, people["lab_host"])
    offers = page.get_by_test_id("attention-offers")
    expect(offers).to_contain_text("1 offer waits for your answer")
    expect(offers).to_contain_text("offered 6 days ago")
    expect_accessible(page)

    offers.get_by_role("link", name="1 offer waits for your answer").click()

    expect(page.get_by_test_id("offer")).to_have_count(1)


def test_the_office_sees_its_items_and_reaches_the_labs_without_a_host(page, people):
    sign_in(page, people["organiser"])
    expect(page.get_by_test_id("attention-to-decide")).to_contain_text(
        "1 nomination waits for your decision"
    )
    expect(page.get_by_test_id("attention-offers-overdue")).to_contain_text("Olga")
    hostless = page.get_by_test_id("attention-labs-without-host")
    expect(hostless).to_contain_text("1 lab with students proposed or offered has no host account")
    expect_accessible(page)

    hostless.get_by_role("link").click()

    expect(page.get_by_test_id("lab-without-host")).to_have_count(1)
    expect(page.get_by_test_id("lab-without-host")).to_contain_text("Hostless Lab")
    expect_accessible(page)
