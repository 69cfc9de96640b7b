"""Exports in a real browser: an organiser starts a roster, watches its progress, downloads it."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from ish.nominations.models import Nomination
from ish.rosters import workbooks
from ish.rosters.models import ExportJob
from ish.rosters.tasks import build_export
from tests.e2e.accessibility import axe_violations
from tests.factories import (
    PASSWORD,
    HousingAssignmentFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]
# The progress bar is polled every second; give the worker's result a few polls to show.
POLLS_MS = 10_000


@pytest.fixture
def queued_exports(monkeypatch) -> list[int]:
    """Exports wait here, as in a broker, until the test lets a worker build them: the page
    must be seen waiting and then catching up, which a task run inside the request never is."""
    queue: list[int] = []
    monkeypatch.setattr(build_export, "delay", queue.append)
    return queue


@pytest.fixture
def worker_pauses_midway(monkeypatch) -> list:
    """The worker pauses after its first progress report between 0 and 100 while the watchers
    the test adds (waits for the page to show that value) run: the page must be seen in the
    middle of a build, which otherwise takes less than one poll."""
    build, watchers, paused = workbooks.build, [], []

    def build_watched(kind, user, season, target, progress, parameters=None):
        def report(percent: int) -> None:
            progress(percent)
            if 0 < percent < 100 and not paused:
                paused.append(percent)
                for watch in watchers:
                    watch(percent)

        return build(kind, user, season, target, report, parameters)

    monkeypatch.setattr(workbooks, "build", build_watched)
    return watchers


@pytest.fixture
def organiser_with_a_season(reference_data):
    """An organiser and a 2027 season with three accepted students, placed and housed."""
    season = SeasonFactory()
    for family_name in ["Abe", "Sato", "Dupont"]:
        student = NominationFactory(
            season=season, family_name=family_name, status=Nomination.Status.ACCEPTED
        )
        PlacementFactory(nomination=student, status="accepted")
        HousingAssignmentFactory(nomination=student)
    return OrganiserFactory(username="office")


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_an_organiser_starts_a_roster_watches_it_grow_and_downloads_it(
    page, organiser_with_a_season, queued_exports, worker_pauses_midway, tmp_path
):
    sign_in(page, "office")
    page.get_by_role("navigation").get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", name="Exports", level=1)).to_be_visible()

    page.get_by_label("What").select_option("roster")
    page.get_by_role("button", name="Start export").click()

    # Right after "Start": a message saying so, and the new export's bar at 0 %.
    started = page.get_by_role("status").filter(has_text="Export of Roster 2027 started")
    expect(started).to_be_visible()
    (job_id,) = queued_exports
    row = page.get_by_test_id(f"export-{job_id}")
    progress = row.get_by_role("progressbar")
    expect(progress).to_be_visible()
    assert axe_violations(page) == []
    expect(row).to_have_attribute("data-status", "pending")
    expect(progress).to_have_attribute("aria-valuenow", "0")
    expect(row).to_contain_text("Waiting for a worker")
    expect(row.get_by_role("link", name="Download")).to_have_count(0)

    seen_midway = []

    def watch(percent: int) -> None:  # runs inside the worker, paused after reporting
        expect(progress).to_have_attribute("aria-valuenow", str(percent), timeout=POLLS_MS)
        expect(progress).to_have_text(f"{percent}%")
        expect(row).to_have_attribute("data-status", "running")
        seen_midway.append(percent)

    worker_pauses_midway.append(watch)
    build_export.apply(args=[job_id])  # a worker picks the job up

    assert len(seen_midway) == 1
    assert 0 < seen_midway[0] < 100
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=POLLS_MS)
    expect(progress).to_have_text("100%")
    expect(row).to_have_attribute("data-status", "done")
    expect(row).to_contain_text(re.compile(r"\d+ rows"))
    # Said in the live region too, for whoever cannot see the bar.
    announcement = page.get_by_test_id("export-announcement")
    expect(announcement).to_have_attribute("role", "status")
    expect(announcement).to_contain_text("Roster 2027 is ready.")
    expect(announcement.get_by_role("link", name="Download")).to_have_attribute(
        "href", f"/exports/{job_id}/download/"
    )
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download").click()
    download = download_info.value
    assert re.fullmatch(r"ish-2027-roster-\d{8}-\d{4}\.xlsx", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    workbook = load_workbook(saved)
    assert workbook.sheetnames == [
        "Participants", "Placements", "Housing", "Arrivals", "Emergency contacts"
    ]  # fmt: skip
    participants = [
        row[0] for row in workbook["Participants"].iter_rows(min_row=2, values_only=True)
    ]
    assert participants == ["Abe", "Dupont", "Sato"]
    assert ExportJob.objects.get(pk=job_id).rows == 3 * 5  # three students on each of 5 sheets
