"""The nominations workflow in a real browser: a coordinator nominates, uploads and submits; the
organiser reviews and accepts; the coordinator sees the decision; a coordinator ranks by drag."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    CoordinatorFactory,
    NominationFactory,
    OrganiserFactory,
    QuotaFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

SCREENSHOTS = os.environ.get("ISH_E2E_SCREENSHOTS")
PHONE = {"width": 375, "height": 740}
FIRST_LOAD_MS = 20_000


@pytest.fixture
def open_season(live_server, reference_data):
    """Next summer's season with its deadline a month ahead, and Kumamoto's quota of 2 + 1."""
    year = timezone.localdate().year + 1
    season = SeasonFactory(year=year, nomination_deadline=timezone.now() + dt.timedelta(days=30))
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"))
    return season


@pytest.fixture
def coordinator(open_season) -> User:
    return CoordinatorFactory(username="kumamoto", first_name="Haruto", last_name="Sato")


@pytest.fixture
def organiser(open_season) -> User:
    return OrganiserFactory(username="office", first_name="Ida", last_name="Office")


@pytest.fixture
def documents(tmp_path) -> dict[str, Path]:
    """Three tiny but valid PDF files, as a coordinator would have them on their computer."""
    files = {}
    for name in ("cv", "motivation-letter", "transcript"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(PDF_BYTES)
    return files


def sign_in(page: Page, user: User) -> None:
    # The live server's first request loads every URLconf and template; on a busy machine that
    # alone can take longer than the default timeout.
    page.goto("/accounts/login/", timeout=FIRST_LOAD_MS)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def keep_screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"e2e-nominations-{name}.png", full_page=True)


def upload(page: Page, kind: str, file: Path) -> None:
    form = page.get_by_test_id("upload-form")
    form.get_by_label("Kind").select_option(label=kind)
    form.get_by_label("File").set_input_files(file)
    form.get_by_role("button", name="Upload").click()
    expect(page.get_by_test_id("documents")).to_contain_text(file.name)


def test_a_nomination_goes_from_the_coordinators_form_to_the_organisers_acceptance(
    open_page, open_season, coordinator, organiser, documents
):
    page = open_page()
    sign_in(page, coordinator)
    page.get_by_role("navigation").get_by_role("link", name="Nominations").click()
    expect(page.get_by_test_id("quota-use")).to_contain_text("0 of 2 places + 0 of 1 alternate")
    page.get_by_role("link", name="New nomination").click()

    page.get_by_label("Given name").fill("Yui")
    page.get_by_label("Family name").fill("Nakamura")
    page.get_by_label("Date of birth").fill(f"{open_season.year - 18}-05-01")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("E-mail").fill("yui.nakamura@example.jp")
    page.get_by_label("Nationality").select_option("JP")
    page.get_by_label("School", exact=True).fill("Kumamoto Prefectural Seiseiko High School")
    page.get_by_label("Graduation year").fill(str(open_season.year))
    page.get_by_label("English level").select_option("B2")
    page.get_by_label("German level").select_option("A2")
    page.get_by_label("First research interest").select_option(label="Biology")
    page.get_by_label("Second research interest").select_option(label="Chemistry")
    page.get_by_label("Motivation", exact=True).fill("I want to see how proteins fold.")
    keep_screenshot(page, "form")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", name="Yui Nakamura", level=1)).to_be_visible()
    expect(page.get_by_test_id("missing")).to_contain_text("CV, motivation letter, transcript")
    upload(page, "CV", documents["cv"])
    upload(page, "motivation letter", documents["motivation-letter"])
    upload(page, "transcript", documents["transcript"])
    expect(page.get_by_test_id("missing")).to_have_text("Complete: ready to submit.")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("status")).to_have_text("submitted")

    reviewer = open_page()
    sign_in(reviewer, organiser)
    reviewer.get_by_role("navigation").get_by_role("link", name="Nominations").click()
    reviewer.get_by_role("link", name="Yui Nakamura").click()
    expect(reviewer.get_by_test_id("documents")).to_contain_text("transcript.pdf")
    expect(reviewer.get_by_test_id("interests").get_by_role("listitem")).to_have_text(
        ["Biology", "Chemistry"]
    )
    keep_screenshot(reviewer, "review")
    reviewer.get_by_label("Comment").fill("Welcome to Heidelberg!")
    reviewer.get_by_role("button", name="Accept", exact=True).click()
    expect(reviewer.get_by_test_id("status")).to_have_text("accepted")
    expect(reviewer.get_by_test_id("history")).to_contain_text("Welcome to Heidelberg!")

    page.goto("/nominations/")
    row = page.get_by_test_id("nomination-row").filter(has_text="Yui Nakamura")
    expect(row.locator("[data-status]")).to_have_text("accepted")
    expect(page.get_by_test_id("quota-use")).to_contain_text("1 of 2 places + 0 of 1 alternate")
    keep_screenshot(page, "list")


def test_the_nomination_pages_fit_a_phone(open_page, open_season, coordinator):
    page = open_page(viewport=PHONE)
    sign_in(page, coordinator)

    for path in ("/nominations/", "/nominations/new/"):
        page.goto(path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


def test_the_coordinator_ranks_by_dragging_a_row_and_the_ranking_is_saved(
    page, open_season, coordinator
):
    for rank, (given, family) in enumerate(
        [("Aiko", "Tanaka"), ("Sota", "Kimura"), ("Ren", "Kobayashi")], start=1
    ):
        NominationFactory(season=open_season, rank=rank, given_name=given, family_name=family)
    sign_in(page, coordinator)
    page.goto(f"/nominations/?season={open_season.pk}")
    rows = page.get_by_test_id("nomination-row")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("Drag a nomination to change the ranking")).to_be_visible()

    # Ren's handle, dropped on the upper half of Aiko's row: Ren goes first.
    ren = rows.filter(has_text="Ren Kobayashi")
    ren.locator(".drag-handle").drag_to(rows.first, target_position={"x": 40, "y": 4})

    expect(page.get_by_text("The ranking is saved.")).to_be_visible()
    order = ["Ren Kobayashi", "Aiko Tanaka", "Sota Kimura"]
    expect(rows.get_by_role("link")).to_have_text(order)
    page.reload()
    expect(rows.get_by_role("link")).to_have_text(order)
    expect(rows.first).to_contain_text("1.")
    ranks = Nomination.objects.filter(season=open_season).order_by("rank")
    assert [n.full_name for n in ranks] == order
    assert [n.rank for n in ranks] == [1, 2, 3]
