"""Changing the portal's language in the browser as a reader does: the footer's list of languages,
each in its own name, and its button."""

from playwright.sync_api import Page


def choose_language(page: Page, own_name: str) -> None:
    """Pick a language by its own name ("Deutsch", "日本語") and change to it, from any page in
    any language."""
    switcher = page.get_by_role("contentinfo").get_by_test_id("language-switcher")
    switcher.get_by_role("combobox").select_option(label=own_name)
    switcher.get_by_role("button").click()
