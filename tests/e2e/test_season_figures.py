"""The season in figures in a real browser: at 1280 px, in each language, every table column and
every chart name shown whole; on a phone, what is wider than the screen scrolls in its frame."""

import pytest
from playwright.sync_api import Page, expect

from ish.demo.season import load_demo_season
from ish.labs.models import Lab
from tests.e2e.accessibility import axe_violations
from tests.e2e.languages import choose_language
from tests.e2e.test_content_security_policy import LOGINS, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# A name far longer than fits on one line left of a bar.
LONG_NAME = "Neutrino Physics and the Extraordinarily Long Names of Underground Detectors"

# What of the charts and their tables the reader cannot see: a table wider than its frame, a
# chart wider than its frame, a name cut short or drawn beyond its chart.
HIDDEN_PARTS = """() => {
  const hidden = [];
  const cut = (frame) => frame.scrollWidth > frame.clientWidth + 1;
  for (const table of document.querySelectorAll('table[data-testid^="figures-"]')) {
    if (cut(table.parentElement)) hidden.push(`${table.dataset.testid}: columns beyond its frame`);
  }
  for (const svg of document.querySelectorAll('svg[data-testid^="svg-"]')) {
    const name = svg.dataset.testid;
    if (cut(svg.parentElement)) hidden.push(`${name}: wider than its frame`);
    const view = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll(":scope > g > text")) {
      const box = text.getBBox();
      if (box.x < view.x || box.x + box.width > view.x + view.width
          || box.y < view.y || box.y + box.height > view.y + view.height) {
        hidden.push(`${name}: "${text.textContent}" drawn beyond the chart`);
      }
      const lines = [...text.querySelectorAll("tspan")].map((line) => line.textContent);
      const title = text.querySelector("title");
      if (lines.length && title && lines.join(" ") !== title.textContent) {
        hidden.push(`${name}: "${lines.join(" ")}" shown for "${title.textContent}"`);
      }
    }
  }
  return hidden;
}"""

# On a phone: frames wider than the screen scroll sideways by themselves, never the page.
UNSCROLLABLE_PARTS = """() => {
  const stuck = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) stuck.push("the page");
  const frames = [
    ...[...document.querySelectorAll('table[data-testid^="figures-"]')].map((t) => t.parentElement),
    ...[...document.querySelectorAll('svg[data-testid^="svg-"]')].map((svg) => svg.parentElement),
  ];
  for (const frame of frames) {
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(frame).overflowX);
    if (frame.scrollWidth > frame.clientWidth + 1 && !scrolls) {
      stuck.push(frame.firstElementChild.dataset.testid);
    }
  }
  return stuck;
}"""


@pytest.fixture
def office(live_server, reference_data) -> str:
    """The demo season, one of whose labs has a very long name; the organiser's login."""
    load_demo_season()
    Lab.objects.filter(name="Neutrino Physics").update(name=LONG_NAME)
    return LOGINS["organiser"]


def open_figures(page: Page, username: str) -> None:
    from ish.accounts.models import User

    sign_in(page, User.objects.get(username=username))
    page.goto("/season/")
    expect(page.get_by_role("heading", name="Season in figures", level=1)).to_be_visible()


def test_at_1280_px_no_column_and_no_chart_name_is_cut_in_either_language(open_page, office):
    page = open_page(viewport=DESKTOP)
    open_figures(page, office)
    nominations = page.get_by_test_id("figures-nominations")
    # The demo season has nominations of five statuses: seven columns with the city and total.
    expect(nominations.get_by_role("columnheader")).to_have_count(7)
    expect(nominations.get_by_role("columnheader", name="Confirmed")).to_be_visible()
    long_name = page.get_by_test_id("svg-labs").locator("text > title", has_text=LONG_NAME)
    expect(long_name).to_have_count(1)

    assert page.evaluate(HIDDEN_PARTS) == []
    assert axe_violations(page) == []

    choose_language(page, "Deutsch")
    expect(page.get_by_role("heading", name="Saison in Zahlen", level=1)).to_be_visible()
    assert page.evaluate(HIDDEN_PARTS) == []


def test_on_a_phone_what_is_wider_than_the_screen_scrolls_in_its_own_frame(open_page, office):
    page = open_page(viewport=PHONE)
    open_figures(page, office)

    assert page.evaluate(UNSCROLLABLE_PARTS) == []
    assert axe_violations(page) == []
    # The last column of the widest table is reached by scrolling its frame.
    total = page.get_by_test_id("figures-nominations").get_by_role("columnheader", name="Total")
    total.scroll_into_view_if_needed()
    expect(total).to_be_in_viewport()
