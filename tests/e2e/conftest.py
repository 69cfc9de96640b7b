"""Browser fixtures: one headless Chromium for the whole e2e run, a fresh context per test."""

import os
from pathlib import Path

import pytest

from tests.conftest import service_missing

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 5_000


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`'s download).

    Package-scoped rather than session-scoped: Playwright's sync API keeps an asyncio loop
    running in this thread, so the ORM may run beside it only with DJANGO_ALLOW_ASYNC_UNSAFE,
    which must not outlive the browser tests.
    """
    if not CHROMIUM.exists():
        service_missing(f"needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a new browser context on the live server; `viewport` etc. as options."""
    contexts = []

    def open_in_new_context(**options):
        # An English browser: Accept-Language must not pick the portal's language for the test.
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_in_new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()
