"""The demo season's programme: the four weeks laid out from its first day, loaded once."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.accounts.models import User
from ish.demo.season import load_demo_season
from ish.programme.clashes import OUTSIDE_PROGRAMME, OVERLAP, clashes
from ish.programme.models import Event
from ish.programme.selectors import events_visible_to
from ish.seasons.models import Season

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_season(today=dt.date(2027, 1, 10))
    return Season.objects.get(year=2027)


def test_the_demo_programme_runs_from_the_town_hall_to_the_farewell(demo):
    events = list(demo.events.all())
    first, last = events[0], events[-1]
    assert (first.title, first.kind) == ("Get-to-know day", "welcome")
    assert timezone.localtime(first.starts_at).date() == demo.starts_on
    assert (last.title, last.kind, last.meal) == ("Farewell", "ceremony", "dinner")
    assert {event.kind for event in events} >= {"welcome", "workshop", "lab", "excursion"}
    titles = " ".join(event.title for event in events)
    for place in ("Explo", "EMBL", "Haus der Astronomie", "MPIK", "MPIA", "Castle", "Königstuhl",
                  "Speyer", "Schwetzingen", "Neckar", "Final presentations"):  # fmt: skip
        assert place in titles
    assert demo.events.filter(kind="excursion", meal="packed_lunch").exists()
    assert first.title_in("de") == "Kennenlerntag"


def test_the_demo_programme_stays_within_its_days_without_double_bookings(demo):
    found = clashes(demo.events.select_related("season"))
    codes = {warning["code"] for warnings in found.values() for warning in warnings}
    assert not codes & {OUTSIDE_PROGRAMME, OVERLAP}


def test_the_lab_days_are_for_the_labs_with_students_and_loading_again_adds_nothing(demo):
    lab_day = demo.events.filter(kind="lab").first()
    assert "Neutrino Physics" in {lab.name for lab in lab_day.labs.all()}  # Sota accepted it
    # The demo lab host's two students have not answered their offers yet: no lab days.
    lab_host = User.objects.get(username="dkfz-genome")
    assert not events_visible_to(lab_host).filter(kind="lab").exists()
    count = Event.objects.count()
    load_demo_season(today=dt.date(2027, 1, 10))
    assert Event.objects.count() == count
