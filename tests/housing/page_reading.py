"""The housing pages' addresses, and reading a page as a person would: the calendar's cells and
the words a reader sees."""

import re
from html import unescape
from html.parser import HTMLParser

from django.urls import reverse

CALENDAR = reverse("housing:calendar")
ARRIVALS = reverse("participants:arrivals")
MINE = reverse("housing:mine")
PLACES = reverse("housing:accommodations")
NEW_PLACE = reverse("housing:accommodation_add")


class Cells(HTMLParser):
    """The calendar's cells as a reader meets them: (place id, night) → state, text, label."""

    def __init__(self, html: str):
        super().__init__()
        self.cells: dict[tuple[int, str], dict] = {}
        self._place: int | None = None
        self._cell: dict | None = None
        self._hidden = 0  # depth inside the visually hidden label
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("data-testid") == "calendar-row":
            self._place = int(attrs["data-place"])
        elif tag == "td" and attrs.get("data-testid") == "cell":
            self._cell = {**attrs, "text": "", "label": ""}
            self.cells[self._place, attrs["data-night"]] = self._cell
        elif (
            self._cell is not None
            and tag == "span"
            and (self._hidden or "visually-hidden" in (attrs.get("class") or ""))
        ):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["label" if self._hidden else "text"] += data


def cells(response) -> dict[tuple[int, str], dict]:
    return Cells(response.content.decode()).cells


NEXT_WEEK = re.compile(r'href="\?([^"#]*)#calendar-heading" data-testid="next-week"')


def every_weeks_cells(client, url: str = CALENDAR) -> dict[tuple[int, str], dict]:
    """The calendar's cells of every week, read as a person would: following "Next week"."""
    found = {}
    while url:
        html = client.get(url).content.decode()
        found |= Cells(html).cells
        following = NEXT_WEEK.search(html)
        url = f"{CALENDAR}?{unescape(following[1])}" if following else ""
    return found


class Text(HTMLParser):
    """A page's words as a reader sees them, tags and scripts left out."""

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._script = tag in {"script", "style"}

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.parts.append(data)


def text(response) -> str:
    return " ".join(" ".join(Text(response.content.decode()).parts).split())


def edit_url(assignment) -> str:
    return reverse("housing:assignment_edit", args=[assignment.pk])
