"""The portal's forms in a real browser: a length limit counted as one types, a pasted text kept
whole and refused by the server naming the field, every error of a form at once, and axe's WCAG
A/AA rules passed by the forms as shown and with their errors."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ish.nominations.models import Nomination
from ish.participants import links
from tests.e2e import test_nominations
from tests.e2e.accessibility import axe_violations
from tests.factories import CoordinatorFactory, NominationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

FORM = "[data-testid=nomination-form]"
# Next summer's season with nominations open, as the nomination pages' browser tests have it.
open_season = test_nominations.open_season
sign_in = test_nominations.sign_in


@pytest.fixture
def new_nomination(open_page, open_season) -> Page:
    """The coordinator of Kumamoto on the form for a new nomination."""
    page = open_page()
    sign_in(page, CoordinatorFactory(username="kumamoto"))
    page.goto("/nominations/new/")
    return page


def test_the_counter_follows_the_typing_and_a_long_paste_is_kept_and_refused(new_nomination):
    page = new_nomination
    motivation = page.get_by_label("Motivation", exact=True)
    counter = page.locator("#id_motivation_count")

    motivation.press_sequentially("Proteins")
    expect(counter).to_have_text("8 of 5,000 characters")
    motivation.fill("x" * 10_000)  # as a paste arrives: all at once

    expect(counter).to_have_text("10,000 of 5,000 characters: 5,000 too many")
    assert len(motivation.input_value()) == 10_000  # nothing cut
    page.get_by_label("Given name").fill("Yui")
    page.get_by_label("Family name").fill("Nakamura")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator("#id_motivation_error")).to_have_text(
        "“Motivation” may have at most 5000 characters; this text has 10000."
    )
    assert len(motivation.input_value()) == 10_000  # given back whole, to be shortened
    expect(counter).to_have_text("10,000 of 5,000 characters: 5,000 too many")
    assert not Nomination.objects.exists()


def test_three_independent_errors_come_back_at_once_and_the_form_passes_axe(
    new_nomination, open_season
):
    page = new_nomination
    assert axe_violations(page, within=FORM) == []

    page.get_by_label("Given name").fill("Yui")
    page.get_by_label("Date of birth").fill(f"{open_season.year + 3}-03-01")
    page.get_by_label("Graduation year").fill("1850")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator("#id_family_name_error")).to_have_text("This field is required.")
    expect(page.locator("#id_date_of_birth_error")).to_contain_text("on the first programme day")
    expect(page.locator("#id_graduation_year_error")).to_contain_text("2000")
    assert page.locator(".is-valid").count() == 0  # no tick on what nobody judged
    assert axe_violations(page, within=FORM) == []


def test_the_students_own_form_counts_and_passes_axe(open_page, open_season):
    student = NominationFactory(season=open_season, status=Nomination.Status.ACCEPTED)
    token = links.token_for(links.send_link(student))
    page = open_page()
    page.goto(reverse("participants:self_service", args=[token]))

    page.get_by_label("Allergies").fill("cats")
    expect(page.locator("#id_allergies_count")).to_have_text("4 of 500 characters")
    assert axe_violations(page, within="main form") == []
