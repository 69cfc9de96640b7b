"""Hebrew in a real browser: the layout mirrors (the sidebar on the right at 1280 px), a Latin name
in a Hebrew table reads in its own order, the season's charts keep every name inside them, the
calendar's place names stay at the start side while the nights scroll, and axe passes. Nothing
here depends on the Hebrew wording: only on direction and positions."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from ish.nominations.models import Nomination
from tests.e2e import test_calendar_display, test_content_security_policy
from tests.e2e.accessibility import axe_violations
from tests.e2e.test_calendar_display import sign_in as sign_in_with_password
from tests.e2e.test_content_security_policy import sign_in
from tests.e2e.test_season_figures import HIDDEN_PARTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


# The demo season; each role's demo user.
demo = test_content_security_policy.demo


def read_in(page: Page, language: str) -> None:
    """The portal's language for this browser from now on (the switcher's cookie), the page
    reloaded in it."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}]
    )
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", language)


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_at_1280_px_in_hebrew_the_sidebar_is_on_the_right_and_in_english_on_the_left(
    open_page, demo
):
    page = open_page(viewport=DESKTOP)
    sign_in(page, demo["organiser"])

    sidebar, main = box(page, "#main-nav"), box(page, "main")
    assert sidebar["x"] + sidebar["width"] <= main["x"] + 1
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"

    read_in(page, "he")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    sidebar, main = box(page, "#main-nav"), box(page, "main")
    assert main["x"] + main["width"] <= sidebar["x"] + 1
    assert sidebar["x"] + sidebar["width"] == pytest.approx(DESKTOP["width"], abs=20)
    # Bootstrap's own right-to-left build is what is loaded, from the site itself.
    sheets = page.evaluate("[...document.styleSheets].map((sheet) => sheet.href || '')")
    assert any(sheet.endswith(".rtl.min.css") for sheet in sheets), sheets
    # The current page's mark is on the sidebar's start side: its right edge in Hebrew.
    current = page.locator('#main-nav [aria-current="page"]').first
    assert current.evaluate("link => getComputedStyle(link).borderRightWidth") == "3px"
    assert current.evaluate("link => getComputedStyle(link).borderLeftWidth") == "0px"


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_hebrew_dashboard_passes_axe(open_page, demo, role):
    page = open_page(viewport=DESKTOP)
    sign_in(page, demo[role])
    read_in(page, "he")

    assert axe_violations(page) == []


# In the text of an element, where its first and last characters are drawn.
CHARACTER_EDGES = """(element) => {
  const text = element.firstChild;
  const range = document.createRange();
  const at = (index) => {
    range.setStart(text, index);
    range.setEnd(text, index + 1);
    return range.getBoundingClientRect();
  };
  const first = at(0), last = at(text.length - 1);
  return {first: first.left, last: last.right};
}"""


def test_a_latin_name_in_a_hebrew_table_reads_left_to_right(open_page, demo):
    student = Nomination.objects.filter(season__year=2027).order_by("family_name").first()
    # Punctuation at its end is what a right-to-left table would carry to the wrong side.
    Nomination.objects.filter(pk=student.pk).update(family_name="Müller (Jr.)")
    name = f"{student.given_name} Müller (Jr.)"
    page = open_page(viewport=DESKTOP)
    sign_in(page, demo["organiser"])
    read_in(page, "he")

    page.goto(f"{reverse('nominations:list')}?season={student.season_id}&search=Jr")
    cell = page.get_by_test_id("nomination-table").locator("bdi", has_text=name)
    expect(cell).to_have_count(1)
    expect(cell).to_have_text(name)
    assert cell.evaluate("bdi => getComputedStyle(bdi).direction") == "ltr"
    edges = cell.evaluate(CHARACTER_EDGES)
    assert edges["first"] < edges["last"]  # "A…" on the left, "…)" on the right
    # The table itself is right to left: the name's column is the rightmost but the selection's.
    table = page.get_by_test_id("nomination-table")
    assert table.evaluate("table => getComputedStyle(table).direction") == "rtl"


# In the horizontal bar charts, the totals whose right edge is not left of their bar's segments.
TOTALS_BEYOND_THEIR_BARS = """() => {
  const misplaced = [];
  for (const bar of document.querySelectorAll('svg[data-testid="svg-nominations"] > g')) {
    const texts = [...bar.querySelectorAll(":scope > text")];
    const total = texts.find((text) => !text.querySelector("tspan"));
    const segments = [...bar.querySelectorAll("rect")].map((rect) => rect.getBBox().x);
    const end = total ? total.getBBox().x + total.getBBox().width : 0;
    if (total && segments.length && end > Math.min(...segments)) {
      misplaced.push(total.textContent);
    }
  }
  return misplaced;
}"""


def test_in_hebrew_the_season_charts_keep_every_name_inside_them_beside_their_bars(open_page, demo):
    page = open_page(viewport=DESKTOP)
    sign_in(page, demo["organiser"])
    read_in(page, "he")
    page.goto(reverse("portal:season"))

    assert page.evaluate(HIDDEN_PARTS) == []
    # Each bar's total is written beyond its end: left of its leftmost segment in Hebrew.
    misplaced = page.evaluate(TOTALS_BEYOND_THEIR_BARS)
    assert misplaced == [], misplaced
    svg = page.get_by_test_id("svg-nominations")
    frame = svg.bounding_box()
    for name in svg.locator(":scope > g > text[direction]").all():
        if name.locator("tspan").count():  # a city's name: right of the middle, where bars start
            label = name.bounding_box()
            assert label["x"] > frame["x"] + frame["width"] / 2, label
    assert axe_violations(page) == []


# The calendar's season whose first week ends tonight, a place and the organiser "office-today".
running_season = test_calendar_display.running_season


def test_in_hebrew_the_calendars_place_names_stay_at_the_start_side_while_nights_scroll(
    open_page, running_season
):
    season, _ = running_season
    page = open_page(viewport=PHONE)
    sign_in_with_password(page, "office-today")  # in English, then in Hebrew
    read_in(page, "he")
    page.goto(f"{reverse('housing:calendar')}?season={season.pk}")

    scroller = page.locator(".occ-scroll")
    place = page.locator("thead th.occ-place")
    tonight = page.locator('th[aria-current="date"]')
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")
    # Today's column, scrolled into view left of the names (scrollLeft is negative leftwards).
    assert scroller.evaluate("box => box.scrollLeft") < 0
    shown, names, column = scroller.bounding_box(), place.bounding_box(), tonight.bounding_box()
    assert names["x"] + names["width"] == pytest.approx(shown["x"] + shown["width"], abs=2)
    assert column["x"] + column["width"] <= names["x"] + 1, (names, column)
    assert column["x"] >= shown["x"] - 1, (shown, column)

    # Scrolled to the last night (the far left), the names are still at the right edge.
    scroller.evaluate("box => { box.scrollLeft = -box.scrollWidth; }")
    scroller.evaluate("box => box.scrollIntoView({block: 'start'})")  # below the forms on a phone
    expect(place).to_be_in_viewport()
    shown, names = scroller.bounding_box(), place.bounding_box()
    assert names["x"] + names["width"] == pytest.approx(shown["x"] + shown["width"], abs=2)
    first_night = page.locator("thead th.occ-night").first.bounding_box()
    assert first_night["x"] >= names["x"] - 1  # the first night went off to the right, under them
    assert axe_violations(page) == []
