"""The language switcher in a real browser: every offered language in one list, each in its own
name, changed by keyboard alone on the sign-in page and by a student on their self-service page,
without an accessibility violation."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ish.nominations.models import Nomination
from ish.participants import links
from tests.e2e.accessibility import axe_violations
from tests.e2e.languages import choose_language
from tests.factories import NominationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# Written out, in settings.LANGUAGES' order: what a reader looks for.
OWN_NAMES = [
    "English",
    "Deutsch",
    "Français",
    "עברית",
    "日本語",
    "Русский",
    "Українська",
    "简体中文",
]


def test_a_visitor_changes_the_sign_in_page_to_japanese_with_the_keyboard_alone(page):
    page.goto(reverse("login"))
    choices = page.get_by_role("contentinfo").get_by_role("combobox", name="Language")
    expect(choices.get_by_role("option")).to_have_text(OWN_NAMES)
    assert axe_violations(page) == []

    for _press in range(30):  # from the top of the page, as far as the list
        page.keyboard.press("Tab")
        if choices.evaluate("element => element === document.activeElement"):
            break
    expect(choices).to_be_focused()
    for _press in range(4):  # English → Deutsch → Français → עברית → 日本語
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change language")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page).to_have_url(re.compile(rf"{re.escape(reverse('login'))}$"))
    switcher = page.get_by_test_id("language-switcher").get_by_role("combobox")
    expect(switcher).to_have_value("ja")
    assert axe_violations(page) == []


def test_a_student_opens_their_page_in_ukrainian_and_changes_it_to_french(
    open_page, reference_data, season
):
    student = NominationFactory(
        season=season, status=Nomination.Status.ACCEPTED, language="uk", given_name="Olena"
    )
    address = reverse("participants:self_service", args=[links.token_for(links.send_link(student))])
    page = open_page()
    page.goto(address)
    switcher = page.get_by_test_id("language-switcher").get_by_role("combobox")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(switcher).to_have_value("uk")

    choose_language(page, "Français")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(switcher).to_have_value("fr")
    expect(page).to_have_url(re.compile(rf"{re.escape(address)}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Olena")
    assert axe_violations(page) == []
