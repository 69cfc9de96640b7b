"""How the portal's page tests read a page as its reader sees it (all text, the text of each
`data-testid`, each table's rows), and the addresses and cookie they all use."""

from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse

DASHBOARD = reverse("portal:dashboard")
LOGIN = reverse("login")
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


class _Page(HTMLParser):
    """A page as a reader sees it: all text, the text of each `data-testid`, each table's rows."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self.testids: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self._open: list[str | None] = []  # testid (or None) of each open element
        self._skip = 0
        self._table: str | None = None
        self._in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        testid = dict(attrs).get("data-testid")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "table":
            self._table = testid
            self.rows.setdefault(testid, [])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows[self._table].append([])
        elif tag in ("td", "th") and self._in_body:
            self.rows[self._table][-1].append("")
        if tag not in self.VOID:
            self._open.append(testid)
            if testid:
                self.testids.setdefault(testid, [])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "tbody":
            self._in_body = False
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        for testid in filter(None, self._open):
            self.testids[testid].append(data)
        if self._in_body and self.rows.get(self._table) and self.rows[self._table][-1]:
            self.rows[self._table][-1][-1] += data

    def text(self, testid: str | None = None) -> str:
        parts = self.parts if testid is None else self.testids[testid]
        return " ".join(" ".join(parts).split())

    def table(self, testid: str) -> list[list[str]]:
        return [[" ".join(cell.split()) for cell in row] for row in self.rows[testid]]


def page(response) -> _Page:
    return _Page(response.content.decode())
