"""The office's lists in a real browser: a filter applied as it is typed (htmx, no reload, the
address kept), a column sorted, and a bulk action on three selected rows, confirmed, with a
result per row; each page passes axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from tests.e2e.accessibility import axe_violations
from tests.factories import PASSWORD, NominationFactory, OrganiserFactory, SeasonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

FIRST_LOAD_MS = 20_000
Status = Nomination.Status


@pytest.fixture
def organiser(live_server, reference_data) -> User:
    return OrganiserFactory(username="office", first_name="Ida", last_name="Office")


@pytest.fixture
def students(organiser) -> list[Nomination]:
    """Three accepted students, a draft, and one of another name to be filtered away."""
    season = SeasonFactory()
    accepted = Status.ACCEPTED
    rows = [
        NominationFactory(season=season, status=accepted, given_name=given, family_name=family)
        for given, family in (("Aiko", "Abe"), ("Bo", "Berg"), ("Cem", "Cruz"))
    ]
    rows.append(NominationFactory(season=season, given_name="Dana", family_name="Diaz"))
    NominationFactory(season=season, given_name="Zoe", family_name="Zimmer")
    return rows


def sign_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/", timeout=FIRST_LOAD_MS)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_a_filter_typed_and_a_column_sorted_change_the_list_without_a_reload(
    page: Page, organiser, students
):
    sign_in(page, organiser)
    page.goto("/nominations/")
    table = page.get_by_test_id("nomination-table")
    expect(table).to_contain_text("Zoe Zimmer")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Search").fill("Berg")

    expect(table).not_to_contain_text("Zoe Zimmer")
    expect(table).to_contain_text("Bo Berg")
    expect(page).to_have_url(re.compile(r"search=Berg"))
    assert page.evaluate("window.notReloaded") is True

    page.get_by_label("Search").fill("")
    expect(table).to_contain_text("Zoe Zimmer")
    page.get_by_role("link", name="Student").click()
    student = page.locator('th:has(a[data-sort="name"])')
    expect(student).to_have_attribute("aria-sort", "ascending")  # the list is back, by name
    page.get_by_role("link", name="Student").click()  # a second click turns the order

    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.locator("tbody tr").first).to_contain_text("Zoe Zimmer")
    expect(page).to_have_url(re.compile(r"sort=-name"))
    assert page.evaluate("window.notReloaded") is True
    assert axe_violations(page) == []

    page.reload()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")


def test_the_office_sends_links_to_three_selected_students_and_sees_a_result_for_each(
    page: Page, organiser, students
):
    abe, berg, _cruz, diaz = students
    sign_in(page, organiser)
    page.goto("/nominations/?sort=name")

    for student in (abe, berg, diaz):
        page.get_by_label(f"Select {student.full_name}").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send self-service links").click()

    expect(page.get_by_test_id("bulk-count")).to_have_text(
        "Send a new self-service link to 3 students?"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send self-service links").click()

    results = page.get_by_test_id("bulk-results").locator("tbody tr")
    expect(results).to_have_count(3)
    expect(results.nth(0)).to_contain_text("Aiko Abe")
    expect(results.nth(0)).to_contain_text("Done")
    expect(results.nth(1)).to_contain_text("Bo Berg")
    expect(results.nth(1)).to_contain_text("Done")
    expect(results.nth(2)).to_contain_text("Dana Diaz")
    expect(results.nth(2)).to_contain_text("Skipped")
    expect(results.nth(2)).to_contain_text(
        "Skipped Only accepted students get a self-service link."
    )
    assert axe_violations(page) == []
    assert OutboundEmail.objects.filter(event="participant_link").count() == 2

    page.get_by_role("link", name="Back to the list").click()
    expect(page).to_have_url(re.compile(r"/nominations/\?sort=name$"))


def test_select_all_ticks_every_row_of_the_page(page: Page, organiser, students):
    sign_in(page, organiser)
    page.goto("/nominations/")

    page.get_by_label("Select all on this page").check()

    boxes = page.locator('input[name="selected"]')
    expect(boxes).to_have_count(5)
    for index in range(5):
        expect(boxes.nth(index)).to_be_checked()
    page.get_by_role("button", name="Send self-service links").click()
    expect(page.get_by_test_id("bulk-count")).to_have_text(
        "Send a new self-service link to 5 students?"
    )
