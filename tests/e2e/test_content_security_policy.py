"""The portal under its Content-Security-Policy in a real browser: every page each role can reach
by following links, and the public pages, load without a single violation or script error (the
`open_page` fixture fails the test on any), and what needs scripts or styles still works."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.demo.season import DEMO_LOGINS, load_demo_season
from ish.exchange.models import Application
from ish.exchange.services import nominator_token
from ish.nominations.models import Nomination
from ish.participants.links import token_for
from ish.participants.models import ParticipantLink
from ish.rosters.models import ExportJob
from ish.seasons.selectors import current_season

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

LOGINS = {"organiser": "office", "coordinator": "kumamoto", "lab_host": "dkfz-genome"}
FIRST_LOAD_MS = 20_000
# Links that lead to no page: files, the admin (visited on its own below) and the API.
NOT_A_PAGE = re.compile(
    r"/download/|/personal-data/|/documents/\d+/|/import/template/|[?&]inline=1|^/admin/|^/api/|^/static/"
    r"|/presentations/export/|\.ics$"
)
MOST_PAGES_PER_ROLE = 80  # far more than any role has: a guard against crawling in circles
# Bootstrap's green, the colour of an accepted nomination's badge, as the browser computes it.
GREEN = "rgb(25, 135, 84)"


@pytest.fixture
def demo(live_server, reference_data) -> dict[str, User]:
    load_demo_season()
    return {role: User.objects.get(username=username) for role, username in LOGINS.items()}


def sign_in(page: Page, user: User) -> None:
    password = next(login.password for login in DEMO_LOGINS if login.username == user.username)
    page.goto("/accounts/login/", timeout=FIRST_LOAD_MS)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def shape(path: str) -> str:
    """Pages that differ only in an id are one page to check: /nominations/12/ → /nominations/#/."""
    return re.sub(r"/\d+(?=/)", "/#", path)


def visit_every_linked_page(page: Page, start: str) -> list[str]:
    """Visits `start` and every page linked from a visited page (one per shape), asserting each
    answers 200; returns the paths visited."""
    origin = urlsplit(page.url)._replace(path="", query="", fragment="").geturl()
    queue, seen, visited = [start], {shape(start)}, []
    while queue:
        assert len(visited) < MOST_PAGES_PER_ROLE, visited
        url = queue.pop(0)
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        visited.append(url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(urljoin(page.url, href))
            path = link.path + (f"?{link.query}" if link.query else "")
            if (
                link.geturl().startswith(origin)
                and not NOT_A_PAGE.search(path)
                and shape(link.path) not in seen
            ):
                seen.add(shape(link.path))
                queue.append(path)
    return visited


def test_every_page_of_each_role_and_the_public_pages_load_without_a_policy_violation(
    open_page, demo
):
    expected = {
        "organiser": ["/season/", "/nominations/#/", "/placements/board/", "/housing/",
                      "/nysf/applications/#/", "/emails/#/", "/exports/"],
        "coordinator": ["/nominations/#/", "/placements/", "/housing/city/", "/exports/"],
        "lab_host": ["/placements/offers/", "/placements/#/", "/exports/"],
    }  # fmt: skip
    for role, user in demo.items():
        page = open_page()
        sign_in(page, user)

        visited = visit_every_linked_page(page, "/")

        assert set(expected[role]) <= {shape(urlsplit(url).path) for url in visited}, role

    anonymous = open_page()
    application = Application.objects.filter(season=current_season()).first()
    link = ParticipantLink.objects.filter(revoked_at=None).first()
    for path in [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/nysf/apply/",
        f"/nysf/nomination/{nominator_token(application)}/",
        f"/p/{token_for(link)}/",
    ]:
        assert anonymous.goto(path).status == 200, path
        expect(anonymous.get_by_role("heading", level=1)).to_be_visible()


def test_badges_charts_progress_bars_the_admin_and_the_api_docs_work_under_the_policy(
    open_page, demo
):
    organiser = demo["organiser"]
    ExportJob.objects.create(
        kind=ExportJob.Kind.ROSTER,
        season=current_season(),
        requested_by=organiser,
        status=ExportJob.Status.RUNNING,
        progress=40,
    )
    page = open_page()
    sign_in(page, organiser)

    page.goto(f"/nominations/?status={Nomination.Status.ACCEPTED}")
    badge = page.locator('.badge[data-status="accepted"]').first
    expect(badge).to_be_visible()
    assert badge.evaluate("badge => getComputedStyle(badge).backgroundColor") == GREEN

    page.goto("/season/")
    charts = page.locator('svg[data-testid^="svg-"]')
    expect(charts.first).to_be_visible()
    assert charts.count() >= 4
    assert charts.first.locator("rect").first.bounding_box()["width"] > 0

    # The running export's row polls for its progress through htmx, drawn 40 % wide.
    with page.expect_request(re.compile(r"/exports/\d+/row/$"), timeout=5_000):
        page.goto("/exports/")
    bar = page.get_by_role("progressbar").locator(".progress-bar")
    expect(bar).to_have_text("40%")
    # Measured in one script run on the bar in the document: the row is swapped every second,
    # and a bar measured just after its row left the page has no width (0 / 0).
    share = page.wait_for_function(
        """() => {
            const bar = document.querySelector('[role="progressbar"] .progress-bar');
            const track = bar && bar.parentElement.clientWidth;
            return track ? bar.offsetWidth / track : null;
        }"""
    ).json_value()
    assert share == pytest.approx(0.4, abs=0.02)

    nomination = Nomination.objects.first()
    for path in [
        "/admin/",
        "/admin/nominations/nomination/",
        f"/admin/nominations/nomination/{nomination.pk}/change/",
        "/admin/seasons/season/add/",
    ]:
        assert page.goto(path).status == 200, path

    page.goto("/api/docs/")
    # Swagger UI draws the schema once the server has generated it: seconds on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "ISH Manager API", timeout=FIRST_LOAD_MS
    )
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()


def test_the_watch_reports_what_the_policy_blocks(page, browser_problems):
    page.goto("/accounts/login/", timeout=FIRST_LOAD_MS)

    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)

    assert any("style-src-attr" in problem for problem in browser_problems), browser_problems
    browser_problems.clear()  # seen: the fixture need not fail the test for it
