"""The participant's own programme on their self-service page and a user's calendar page, in real
Chromium: axe's WCAG 2.2 A and AA rules with events on the page (the walker of every page sees
the demo season, whose programme may be empty), in English and in Hebrew, at a laptop's and a
phone's width."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ish.nominations.models import Nomination
from ish.participants import links
from ish.seasons.models import City
from tests.e2e.accessibility import axe_violations
from tests.factories import (
    BERLIN,
    CoordinatorFactory,
    EventFactory,
    NominationFactory,
    SeasonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


@pytest.fixture
def programme(reference_data):
    """A participant of the 2027 season with a welcome, an excursion and a cancelled trip."""
    season = SeasonFactory()
    student = NominationFactory(
        season=season,
        city=City.objects.get(slug="kumamoto"),
        status=Nomination.Status.ACCEPTED,
        given_name="Aiko",
    )
    day = dt.datetime(2027, 7, 21, 9, 0, tzinfo=BERLIN)
    EventFactory(
        season=season,
        title="Welcome",
        title_translations={"he": "קבלת פנים"},
        starts_at=day,
        ends_at=day + dt.timedelta(hours=2),
        place="Rathaus",
        address="Marktplatz 10\n69117 Heidelberg",
        meeting_point="Main entrance",
    )
    EventFactory(
        season=season,
        title="Castle",
        starts_at=day + dt.timedelta(days=1),
        ends_at=day + dt.timedelta(days=1, hours=3),
        meeting_point="Bismarckplatz",
    )
    EventFactory(
        season=season,
        title="Speyer",
        starts_at=day + dt.timedelta(days=2),
        ends_at=day + dt.timedelta(days=2, hours=8),
        cancelled_at=timezone.now(),
    )
    return links.token_for(links.send_link(student))


def problems_on(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200
    problems = []
    for viewport in SIZES:
        page.set_viewport_size(viewport)
        problems += [f"{url} at {viewport['width']} px: {found}" for found in axe_violations(page)]
    return problems


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_participants_programme_passes_axe(open_page, live_server, programme, language):
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, 0, tzinfo=BERLIN)):
        page = open_page()
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        url = reverse("participants:self_service", args=[programme])
        problems = problems_on(page, url)
        events = page.get_by_test_id("programme-event").count()

    assert problems == [], "\n".join(problems)
    assert events == 3


def test_the_calendar_page_passes_axe(open_page, live_server, reference_data):
    client = Client()
    client.force_login(CoordinatorFactory())
    page = open_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    problems = problems_on(page, reverse("programme:my_calendar"))

    assert problems == [], "\n".join(problems)
    assert page.get_by_test_id("calendar-url").input_value().endswith(".ics")
