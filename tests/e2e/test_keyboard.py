"""A coordinator's nomination from a new draft to submitted with the keyboard alone (Tab,
Shift+Tab, Enter, Space, arrow keys and typing; never a click): on every page the skip link is the
first stop and leads into the page's content, every stop shows where the focus is, and the focus
goes where the coordinator expects it (on the sign-in page, its first field holds the focus from
the start)."""

import contextlib

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ish.nominations.models import Nomination
from ish.seasons.models import ResearchField
from tests.e2e import test_nominations
from tests.factories import PASSWORD, PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# Next summer's season with nominations open, and Kumamoto's coordinator.
open_season = test_nominations.open_season
coordinator = test_nominations.coordinator
FIRST_LOAD_MS = 20_000
MOST_STOPS = 60  # Tab presses to reach anything on a page: more means the order has gone wrong

# The element with the focus: whether a ring shows it (an outline or Bootstrap's box-shadow) and
# whether it is on the screen.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    element: `${element.tagName} #${element.id} ${element.textContent.trim().slice(0, 40)}`,
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
      && box.right > 0 && box.left < innerWidth,
  };
}"""


def press(page: Page, key: str) -> None:
    """One key, after which the focus shows where it is."""
    page.keyboard.press(key)
    # Bootstrap eases both in: the page scrolls smoothly and a field's ring (a box-shadow) fades in
    # over 0.15 s, whose first frame is still "none"; slowly on two loaded cores (3 s were too few
    # in CI). If either never arrives, the assertions below name the element.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            f"() => {{ const f = ({FOCUSED})(); return f === null || (f.ring && f.onScreen); }}",
            timeout=15_000,
        )
    focused = page.evaluate(FOCUSED)
    assert focused is not None, f"after {key} nothing has the focus"
    assert focused["ring"], f"after {key} no ring shows the focus: {focused}"
    assert focused["onScreen"], f"after {key} the focus is off the screen: {focused}"


def tab_to(page: Page, target: Locator, *, most: int = MOST_STOPS, key: str = "Tab") -> None:
    """Tab (or Shift+Tab) until `target` has the focus, within `most` presses."""
    for _ in range(most):
        press(page, key)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} not reached in {most} presses of {key}")


def skip_to_content(page: Page) -> None:
    """The first Tab on a page reaches the skip link; Enter on it moves the focus into <main>."""
    press(page, "Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def type_into(page: Page, field: Locator, text: str, *, most: int = 3, delay: float = 0) -> None:
    tab_to(page, field, most=most)
    page.keyboard.type(text, delay=delay)


def choose(page: Page, field: Locator, option: str, value: str) -> None:
    """A closed <select> picks the option whose label is typed (as on every platform)."""
    tab_to(page, field, most=3)
    page.keyboard.type(option)
    expect(field).to_have_value(value)


def _field(slug: str) -> str:
    """The value of a research field's option."""
    return str(ResearchField.objects.get(slug=slug).pk)


def upload(page: Page, kind: str, file_path) -> None:
    form = page.get_by_test_id("upload-form")
    # Reached through a link to a part of the page (#main, #documents), the keyboard goes on
    # from that part, not from the skip link.
    kind_field = form.get_by_label("Kind")
    tab_to(page, kind_field)
    page.keyboard.type(kind)
    expect(kind_field).to_have_value(kind.lower().replace(" ", "_"))
    file_input = form.get_by_label("File")
    tab_to(page, file_input, most=1)
    # The operating system's file dialog is beyond the page: the file is handed to the field
    # the keyboard reached, as the dialog would.
    file_input.set_input_files(file_path)
    tab_to(page, form.get_by_role("button", name="Upload"), most=3)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("documents")).to_contain_text(file_path.name)
    at_fragment_settled(page)


# The page reached at a #fragment has scrolled there and stopped: Chromium may scroll to the
# fragment once the page has loaded, after the test already pressed a key, carrying the focused
# element off the screen; a person presses their next key on the settled page.
AT_FRAGMENT = """async () => {
  const target = document.getElementById(location.hash.slice(1));
  if (!target) return true;
  let last = null;
  for (let frame = 0; frame < 600; frame++) {
    await new Promise(requestAnimationFrame);
    const top = target.getBoundingClientRect().top;
    if (top === last && top >= -1 && top < innerHeight) return true;
    last = top;
  }
  return false;
}"""


def at_fragment_settled(page: Page) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate(AT_FRAGMENT), f"{page.url}: the page never settled at its fragment"


def test_a_coordinator_nominates_and_submits_with_the_keyboard_alone(
    open_page, open_season, coordinator, tmp_path
):
    page = open_page()
    page.goto("/accounts/login/", timeout=FIRST_LOAD_MS)
    # The sign-in page puts the focus in its first field (autofocus), past the skip link.
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(coordinator.username)
    type_into(page, page.get_by_label("Password"), PASSWORD, most=1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    # The menu comes before the page's content: past the skip link, Tab goes through it.
    press(page, "Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    tab_to(page, page.get_by_role("navigation").get_by_role("link", name="Nominations"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nominations", level=1)).to_be_visible()

    skip_to_content(page)
    tab_to(page, page.get_by_role("link", name="New nomination"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New nomination", level=1)).to_be_visible()

    skip_to_content(page)
    given_name = page.get_by_label("Given name")
    type_into(page, given_name, "Yiu", most=MOST_STOPS)
    type_into(page, page.get_by_label("Family name"), "Nakamura", most=1)
    # A typo noticed one field on: back with Shift+Tab, corrected, and on again.
    tab_to(page, given_name, most=1, key="Shift+Tab")
    page.keyboard.press("End")  # tabbing in selects the whole text
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("ui")
    expect(given_name).to_have_value("Yui")
    tab_to(page, page.get_by_label("Family name"), most=1)
    # The date's parts in the order headless Chromium shows them (month, day, year), typed at a
    # person's pace: typed at once, the year's last digits could still be pending in the field when
    # Tab left it, and the focus sometimes stayed on the field with no part of it focused.
    type_into(
        page, page.get_by_label("Date of birth"), f"0501{open_season.year - 18}", most=1, delay=50
    )
    expect(page.get_by_label("Date of birth")).to_have_value(f"{open_season.year - 18}-05-01")
    choose(page, page.get_by_label("Gender"), "Female", "female")
    type_into(page, page.get_by_label("E-mail"), "yui.nakamura@example.jp")
    choose(page, page.get_by_label("Nationality"), "Japan", "JP")
    type_into(
        page, page.get_by_label("School", exact=True), "Kumamoto Seiseiko High School", most=6
    )
    type_into(page, page.get_by_label("Graduation year"), str(open_season.year))
    english = page.get_by_label("English level")
    tab_to(page, english, most=1)
    # Arrow keys walk a closed list's options: B1 then, one further, B2.
    page.keyboard.type("B1")
    page.keyboard.press("ArrowDown")
    expect(english).to_have_value("B2")
    choose(page, page.get_by_label("German level"), "A2", "A2")
    choose(page, page.get_by_label("First research interest"), "Biology", _field("biology"))
    choose(page, page.get_by_label("Second research interest"), "Chemistry", _field("chemistry"))
    type_into(page, page.get_by_label("Motivation", exact=True), "I want to see how proteins fold.")
    tab_to(page, page.get_by_role("button", name="Save draft"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Yui Nakamura", level=1)).to_be_visible()
    for kind in ("CV", "Motivation letter", "Transcript"):
        document = tmp_path / f"{kind.lower().replace(' ', '-')}.pdf"
        document.write_bytes(PDF_BYTES)
        upload(page, kind, document)
    expect(page.get_by_test_id("missing")).to_have_text("Complete: ready to submit.")

    # Back up from the documents to the actions above them.
    tab_to(page, page.get_by_role("button", name="Submit"), key="Shift+Tab")
    page.keyboard.press("Space")

    expect(page.get_by_test_id("status")).to_have_text("submitted")
    nomination = Nomination.objects.get(family_name="Nakamura")
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.given_name == "Yui"
    assert [interest.field.slug for interest in nomination.interests.order_by("rank")] == [
        "biology",
        "chemistry",
    ]
