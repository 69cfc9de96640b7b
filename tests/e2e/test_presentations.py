"""The presentations' schedule in a real browser: the office moves a slot with the keyboard (the
Later button, and the Move to… form) and by dragging it onto another slot, and the proposal's
preview passes axe; on a phone the schedule is a list by time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ish.nominations.models import Nomination
from ish.programme import presentations as services
from ish.programme.models import Presentation
from tests.e2e.accessibility import axe_violations
from tests.factories import (
    PASSWORD,
    LabFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

HEIDELBERG = ZoneInfo("Europe/Berlin")
PHONE = {"width": 375, "height": 740}


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 8, 12, hour, minute, tzinfo=HEIDELBERG)


@pytest.fixture
def schedule(reference_data):
    """Ana and Ben in Hörsaal 1 at 09:00 and 09:15, Cem in Hörsaal 2 at 09:00; the office."""
    season = SeasonFactory()
    lab = LabFactory(name="Genome", head="Prof. Gen")
    slots = {}
    for name, room, starts_at in [
        ("Ana", "Hörsaal 1", at(9)),
        ("Ben", "Hörsaal 1", at(9, 15)),
        ("Cem", "Hörsaal 2", at(9)),
    ]:
        student = NominationFactory(
            season=season, status=Nomination.Status.ACCEPTED, given_name=name, family_name="Test"
        )
        PlacementFactory(nomination=student, lab=lab, status="accepted")
        slots[name] = services.create_slot(
            season=season, room=room, starts_at=starts_at, minutes=15, nominations=[student]
        )
    return {"season": season, "slots": slots, "office": OrganiserFactory(username="office-e2e")}


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def where(slot: Presentation) -> tuple[str, dt.datetime]:
    slot.refresh_from_db()
    return slot.room, slot.starts_at


def open_schedule(page: Page, season) -> None:
    page.goto(f"{reverse('programme:presentations')}?season={season.pk}")
    expect(page.get_by_role("heading", name="Final presentations", level=1)).to_be_visible()


def test_the_office_moves_a_slot_with_the_keyboard(open_page, schedule):
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "office-e2e")
    open_schedule(page, schedule["season"])
    ana, ben = schedule["slots"]["Ana"], schedule["slots"]["Ben"]
    assert axe_violations(page) == []

    later = page.locator(f"#slot-{ana.pk}").get_by_role("button", name="Later")
    later.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The two slots have swapped places.")).to_be_visible()
    assert where(ana) == ("Hörsaal 1", at(9, 15))
    assert where(ben) == ("Hörsaal 1", at(9))

    # The Move to… form: open it, type a room and a time, submit, all by keyboard.
    card = page.locator(f"#slot-{ana.pk}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    card.get_by_label("Room").fill("Aula")
    card.get_by_label("Starts").focus()
    card.get_by_label("Starts").fill("2027-08-12T11:00")
    card.get_by_role("button", name="Move", exact=True).press("Enter")
    expect(page.get_by_text("The slot is moved.")).to_be_visible()
    assert where(ana) == ("Aula", at(11))
    expect(page.locator(f"#slot-{ana.pk}")).to_contain_text("Ana Test")


def test_the_office_drags_a_slot_onto_another_to_swap_them(open_page, schedule):
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "office-e2e")
    open_schedule(page, schedule["season"])
    ana, cem = schedule["slots"]["Ana"], schedule["slots"]["Cem"]
    page.locator(f"#slot-{ana.pk}").drag_to(page.locator(f"#slot-{cem.pk}"))
    expect(page.get_by_text("The two slots have swapped places.")).to_be_visible()
    assert where(ana) == ("Hörsaal 2", at(9))
    assert where(cem) == ("Hörsaal 1", at(9))


def test_the_proposal_preview_passes_axe_and_is_accepted(open_page, schedule):
    page = open_page(viewport={"width": 1280, "height": 900})
    sign_in(page, "office-e2e")
    open_schedule(page, schedule["season"])
    page.get_by_role("link", name="Propose a schedule").click()
    page.get_by_label("Rooms").fill("Seminarraum 1")
    page.get_by_label("Starts").fill("2027-08-13T09:00")
    page.get_by_label("Minutes").fill("20")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("preview-slot")).to_have_count(1)  # one lab, together
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accept this schedule").click()
    expect(page.get_by_text("The proposed schedule is saved: 1 slot.")).to_be_visible()
    assert list(Presentation.objects.values_list("room", flat=True)) == ["Seminarraum 1"]


def test_on_a_phone_the_schedule_is_a_list_by_time(open_page, schedule):
    page = open_page(viewport=PHONE)
    sign_in(page, "office-e2e")
    open_schedule(page, schedule["season"])
    expect(page.get_by_test_id("schedule-grid")).to_be_hidden()
    rows = page.get_by_test_id("list-slot")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("09:00")
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert axe_violations(page) == []
