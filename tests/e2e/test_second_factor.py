"""The second factor in a real browser: a coordinator sets up an authenticator app from the QR
code page, keeps the recovery codes, and signs in again with one of them; each of these pages,
reached only by a form's answer or halfway through a sign-in, passes axe."""

import pytest
from playwright.sync_api import expect

from tests.accounts.totp import totp
from tests.e2e.accessibility import axe_violations
from tests.factories import PASSWORD, CoordinatorFactory, SeasonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]


def _sign_in_with_the_password(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("aiko")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_sets_up_the_second_factor_and_signs_in_with_a_recovery_code(
    page, reference_data
):
    SeasonFactory()
    CoordinatorFactory(username="aiko")
    _sign_in_with_the_password(page)
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    page.get_by_role("link", name="Second factor").click()
    page.get_by_role("button", name="Set up the second factor").click()
    expect(page.get_by_role("img", name="QR code of the key").locator("svg")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.get_by_test_id("second-factor-secret").inner_text()
    page.get_by_role("textbox", name="Code").fill(totp(secret))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your second factor is on")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(set(codes)) == 10
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign out").click()

    _sign_in_with_the_password(page)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
