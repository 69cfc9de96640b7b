"""Attendance on a phone (390×844) in real Chromium: the office opens today's event from the
dashboard, marks three present, one excused with a reason and a minor absent, and sees the counts
change without the page reloading; axe finds nothing wrong on the page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ish.nominations.models import Nomination
from tests.e2e.accessibility import axe_violations
from tests.e2e.test_calendar_display import sign_in
from tests.factories import (
    EventFactory,
    NominationFactory,
    OrganiserFactory,
    SeasonFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]
PHONE = {"width": 390, "height": 844}
FAMILY_NAMES = ["Abe", "Dupont", "Levi", "Sato", "Weber"]


@pytest.fixture
def todays_event(reference_data):
    """A workshop running now for everyone of a season around today; five participants, Weber
    a minor on the day; and the office's account."""
    today = timezone.localdate()
    season = SeasonFactory(
        year=today.year,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=20),
    )
    students = {
        name: NominationFactory(
            season=season,
            family_name=name,
            status=Nomination.Status.ACCEPTED,
            date_of_birth=dt.date(today.year - 16, 1, 1)
            if name == "Weber"
            else dt.date(2000, 1, 1),
            emergency_contact_name="Eva Weber",
            emergency_contact_phone="+49 6221 123456",
        )
        for name in FAMILY_NAMES
    }
    now = timezone.now()
    event = EventFactory(
        season=season,
        title="Explo workshop",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    OrganiserFactory(username="office")
    return event, students


def test_the_office_marks_attendance_on_a_phone_and_the_counts_follow(open_page, todays_event):
    _event, students = todays_event
    page = open_page(viewport=PHONE)
    sign_in(page, "office")

    today = page.get_by_test_id("todays-events")
    expect(today).to_contain_text("Explo workshop")
    today.get_by_role("link", name=re.compile(r"^Attendance\b.*Explo workshop")).click()
    expect(page.get_by_role("heading", name="Explo workshop", level=1)).to_be_visible()
    expect(page.get_by_test_id("count-present")).to_have_text("0 / 5")
    # A reload would lose this mark: it must still be there after every tap.
    page.evaluate("() => { window.notReloaded = true; }")

    for number, name in enumerate(["Abe", "Dupont", "Levi"], start=1):
        row = page.locator(f"#participant-{students[name].pk}")
        row.get_by_role("button", name=re.compile(rf"^Present\b.*Aiko {name}")).click()
        expect(row).to_have_attribute("data-status", "present")
        expect(page.get_by_test_id("count-present")).to_have_text(f"{number} / 5")

    sato = page.locator(f"#participant-{students['Sato'].pk}")
    sato.get_by_text("Excused…").click()
    sato.get_by_label("Reason").fill("Doctor's appointment")
    sato.get_by_role("button", name=re.compile(r"^Excused\b.*Aiko Sato")).click()
    expect(sato).to_have_attribute("data-status", "excused")
    expect(sato.get_by_test_id("reason")).to_have_text("Reason: Doctor's appointment")
    expect(page.get_by_test_id("count-excused")).to_have_text("1")
    expect(page.get_by_test_id("count-unmarked")).to_have_text("1")

    weber = page.locator(f"#participant-{students['Weber'].pk}")
    weber.get_by_role("button", name=re.compile(r"^Absent\b.*Aiko Weber")).click()
    expect(weber.get_by_test_id("minor-absent")).to_be_visible()
    weber.get_by_role("link", name=re.compile(r"^Emergency contact\b.*Aiko Weber")).click()
    expect(weber.get_by_test_id("emergency-contact")).to_contain_text("Eva Weber")
    expect(page.get_by_test_id("count-absent")).to_have_text("1")
    expect(page.get_by_test_id("count-unmarked")).to_have_text("0")

    assert page.evaluate("() => window.notReloaded") is True
    assert page.evaluate("() => document.getElementById('attendance-counts').ariaLive") == "polite"
    assert axe_violations(page) == []
    small = page.evaluate(
        """() => [...document.querySelectorAll('.attendance-actions button, summary')]
            .map(b => [b, b.getBoundingClientRect()])
            .filter(([b, box]) => box.height < 24 || box.width < 24)
            .map(([b, box]) => b.textContent)"""
    )
    assert small == []
