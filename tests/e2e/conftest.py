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
# A wait only lasts this long when something is slow: on 2 cores shared with the rest of the
# suite a page that needs 0.3 s alone took over 5 s now and then.
TIMEOUT_MS = 15_000


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


# Runs in every document of a watched context, frames included, before the page's own scripts.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}` +
    ` (${event.sourceFile}:${event.lineNumber}: ${event.sample})`
  );
});
"""


class BrowserProblems(list):
    """What went wrong in the browser during a test: every Content-Security-Policy violation (as
    the page's `securitypolicyviolation` event and Chromium's console report it) and every
    uncaught script error. A page that works under the policy adds nothing."""

    def watch(self, context) -> None:
        context.expose_binding(
            "reportCspViolation", lambda source, text: self.append(f"CSP violation: {text}")
        )
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", self.watch_page)

    def watch_page(self, page) -> None:
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.append(f"script error on {page.url}: {error}"))

    def console(self, message) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.append(f"console {message.type} on {message.location['url']}: {message.text}")


@pytest.fixture
def browser_problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def open_page(browser, live_server, browser_problems):
    """Opens a page in a new browser context on the live server; `viewport` etc. as options.

    Every page is watched: a test fails if any page it opened broke the Content-Security-Policy
    or raised a script error, so each browser test also shows its pages work under the policy."""
    contexts = []

    def open_in_new_context(**options):
        # An English browser: Accept-Language must not pick the portal's language for the test.
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        browser_problems.watch(context)
        contexts.append(context)
        return context.new_page()

    yield open_in_new_context
    for context in contexts:
        context.close()
    assert list(browser_problems) == [], "\n".join(browser_problems)


@pytest.fixture
def page(open_page):
    return open_page()
