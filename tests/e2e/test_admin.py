"""The admin's widgets that its scripts draw or copy are named for assistive technology as the
ones the walk checks (ish/static/ish/admin.js): a row added to an inline, and its autocomplete."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]


def test_a_row_added_to_an_inline_is_named_by_its_columns_and_passes_axe(open_page, organiser):
    page = open_page()
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(organiser.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(reverse("admin:seasons_season_add"))

    page.get_by_role("button", name="Add another quota").click()

    row = page.locator("#quotas-0")
    expect(row.get_by_role("combobox", name="City")).to_be_visible()
    expect(row.get_by_role("spinbutton", name="Places")).to_be_visible()
    expect(row.get_by_role("textbox", name="Date:")).to_have_accessible_name(
        "Own deadline (Overrides the season's nomination deadline for this city.) Date:"
    )
    assert axe_violations(page, within="#quotas-group") == []
