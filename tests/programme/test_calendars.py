"""The per-user calendar feed behind its secret address: read back with the `icalendar` library
(events, time zone, revisions, cancellations), scoped by role, in the reader's language, reset
on the user's calendar page, refused for unknown, reset and deactivated addresses, rate limited,
and flat in queries."""

import datetime as dt
import uuid

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ish.nominations.models import Nomination
from ish.programme.models import CalendarFeed
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    CoordinatorFactory,
    EventFactory,
    LabHostFactory,
    OrganiserFactory,
    SeasonFactory,
)
from tests.programme.summer import make_summer

pytestmark = pytest.mark.django_db

ACCEPTED = Nomination.Status.ACCEPTED
DURING_THE_SUMMER = dt.datetime(2027, 7, 20, 9, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def in_the_summer():
    with time_machine.travel(DURING_THE_SUMMER, tick=False):
        yield


@pytest.fixture
def summer():
    """Kumamoto's Aiko in the genome lab, Rehovot's Noa in the optics lab, and one event for
    each way of naming an audience."""
    summer = make_summer(noa_status=ACCEPTED)
    season = summer.season
    EventFactory(season=season, title="Welcome", kind="welcome")
    kumamoto_dinner = EventFactory(season=season, title="Kumamoto dinner", audience="cities")
    kumamoto_dinner.cities.set([summer.kumamoto])
    optics_day = EventFactory(season=season, title="Optics lab day", audience="labs", kind="lab")
    optics_day.labs.set([summer.optics])
    noas_visit = EventFactory(season=season, title="Noa's visit", audience="participants")
    noas_visit.participants.set([summer.noa])
    summer.titles = {"Welcome", "Kumamoto dinner", "Optics lab day", "Noa's visit"}
    return summer


def feed_url_of(user) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return reverse("programme:calendar_feed", args=[feed.secret])


def read_feed(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def titles(calendar: icalendar.Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in calendar.events}


# --- what a feed says about an event -----------------------------------------------------------


def test_the_feed_carries_each_event_with_its_place_time_zone_and_revision(client, organiser):
    event = EventFactory(
        title="Castle excursion",
        kind="excursion",
        starts_at=dt.datetime(2027, 7, 24, 9, 30, tzinfo=BERLIN),
        ends_at=dt.datetime(2027, 7, 24, 13, 0, tzinfo=BERLIN),
        place="Heidelberg Castle",
        address="Schlosshof 1\n69117 Heidelberg",
        meeting_point="Bismarckplatz, tram stop",
        meal="packed_lunch",
        notes="Wear good shoes.",
    )
    type(event).objects.filter(pk=event.pk).update(sequence=3)

    calendar = read_feed(client, feed_url_of(organiser))

    assert calendar["VERSION"] == "2.0"
    assert "ISH Manager" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "ISH Heidelberg programme"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [vevent] = calendar.events
    assert vevent["UID"] == str(event.uid)
    assert vevent["SEQUENCE"] == 3
    assert vevent["SUMMARY"] == "Castle excursion"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent["DTEND"].params["TZID"] == "Europe/Berlin"
    assert vevent.start == dt.datetime(2027, 7, 24, 9, 30, tzinfo=BERLIN)
    assert vevent.start.utcoffset() == dt.timedelta(hours=2)
    assert vevent.end == dt.datetime(2027, 7, 24, 13, 0, tzinfo=BERLIN)
    assert vevent["LOCATION"] == "Heidelberg Castle, Schlosshof 1, 69117 Heidelberg"
    assert vevent["DESCRIPTION"] == (
        "Meeting point: Bismarckplatz, tram stop\nMeal: packed lunch\nWear good shoes."
    )
    assert "DTSTAMP" in vevent
    assert "LAST-MODIFIED" in vevent


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, organiser):
    kept = EventFactory(title="Neckar boat trip")
    called_off = EventFactory(title="Speyer", cancelled_at=timezone.now())

    calendar = read_feed(client, feed_url_of(organiser))

    by_uid = {str(event["UID"]): event for event in calendar.events}
    assert by_uid[str(kept.uid)]["STATUS"] == "CONFIRMED"
    assert by_uid[str(called_off.uid)]["STATUS"] == "CANCELLED"
    assert by_uid[str(called_off.uid)]["SUMMARY"] == "Cancelled: Speyer"


def test_the_feed_speaks_its_readers_language(client):
    reader = OrganiserFactory(language="de")
    EventFactory(
        title="Farewell at the town hall",
        title_translations={"de": "Abschied im Rathaus"},
        meeting_point="Marktplatz",
        meal="dinner",
    )

    [vevent] = read_feed(client, feed_url_of(reader)).events

    assert vevent["SUMMARY"] == "Abschied im Rathaus"
    assert vevent["DESCRIPTION"].startswith("Treffpunkt: Marktplatz\n")
    assert str(read_feed(client, feed_url_of(reader))["X-WR-CALNAME"]) == "ISH-Heidelberg-Programm"


def test_an_event_without_place_or_details_has_no_empty_properties(client, organiser):
    EventFactory(place="", address="", meeting_point="", notes="")

    [vevent] = read_feed(client, feed_url_of(organiser)).events

    assert "LOCATION" not in vevent
    assert "DESCRIPTION" not in vevent


def test_a_season_over_for_more_than_a_year_leaves_the_feed(client, organiser):
    EventFactory(season=SeasonFactory(year=2025), title="Two summers ago")
    EventFactory(season=SeasonFactory(year=2026), title="Last summer")
    EventFactory(title="This summer")

    assert titles(read_feed(client, feed_url_of(organiser))) == {"Last summer", "This summer"}


# --- whose events ------------------------------------------------------------------------------


def test_the_office_reads_every_event(client, organiser, summer):
    assert titles(read_feed(client, feed_url_of(organiser))) == summer.titles


def test_a_coordinator_reads_only_their_citys_participants_events(client, coordinator, summer):
    assert titles(read_feed(client, feed_url_of(coordinator))) == {"Welcome", "Kumamoto dinner"}


def test_another_citys_coordinator_reads_theirs(client, summer):
    rehovot = CoordinatorFactory(city=City.objects.get(slug="rehovot-test"))

    assert titles(read_feed(client, feed_url_of(rehovot))) == {
        "Welcome",
        "Optics lab day",
        "Noa's visit",
    }


def test_a_lab_host_reads_only_their_students_events(client, summer):
    optics_host = LabHostFactory(lab=summer.optics)
    genome_host = LabHostFactory(lab=summer.genome)

    assert titles(read_feed(client, feed_url_of(optics_host))) == {
        "Welcome",
        "Optics lab day",
        "Noa's visit",
    }
    assert titles(read_feed(client, feed_url_of(genome_host))) == {"Welcome", "Kumamoto dinner"}


def test_a_lab_host_without_students_reads_an_empty_calendar_with_its_time_zone(client, lab_host):
    EventFactory()

    calendar = read_feed(client, feed_url_of(lab_host))

    assert calendar.events == []
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


# --- the secret address ------------------------------------------------------------------------


def test_an_unknown_address_is_not_found(client, organiser):
    feed_url_of(organiser)

    response = client.get(reverse("programme:calendar_feed", args=["not-the-secret"]))

    assert response.status_code == 404


def test_a_deactivated_users_address_is_not_found(client, coordinator, summer):
    url = feed_url_of(coordinator)
    coordinator.is_active = False
    coordinator.save()

    assert client.get(url).status_code == 404


def test_the_feed_needs_no_sign_in_and_sets_no_cookie(client, organiser):
    response = client.get(feed_url_of(organiser))

    assert response.status_code == 200
    assert not response.cookies
    assert "private" in response["Cache-Control"]


def test_too_many_requests_from_one_address_are_refused_for_an_hour(client, organiser, settings):
    settings.CALENDAR_FEEDS_PER_ADDRESS = 2
    url = feed_url_of(organiser)

    answers = [client.get(url).status_code for _ in range(3)]
    with time_machine.travel(DURING_THE_SUMMER + dt.timedelta(hours=1), tick=False):
        later = client.get(url).status_code

    assert answers == [200, 200, 429]
    assert later == 200


def test_guessing_addresses_counts_against_the_limit_too(client, settings):
    settings.CALENDAR_FEEDS_PER_ADDRESS = 2

    answers = [
        client.get(reverse("programme:calendar_feed", args=[uuid.uuid4().hex])).status_code
        for _ in range(3)
    ]

    assert answers == [404, 404, 429]


# --- the calendar page: the address and its reset -----------------------------------------------


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_every_role_finds_its_calendar_address_on_its_calendar_page(client_as, user_of, role):
    response = client_as(role).get(reverse("programme:my_calendar"))

    assert response.status_code == 200
    secret = CalendarFeed.objects.get(user=user_of(role)).secret
    page = response.content.decode()
    assert f"http://127.0.0.1:8000/programme/calendar/{secret}.ics" in page
    assert f"webcal://127.0.0.1:8000/programme/calendar/{secret}.ics" in page
    assert 'aria-current="page">Calendar<' in page


def test_the_calendar_page_needs_a_sign_in(client):
    response = client.get(reverse("programme:my_calendar"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_resetting_gives_a_new_address_and_the_old_one_is_not_found(client_as, coordinator):
    old_url = feed_url_of(coordinator)
    page = client_as("coordinator")

    response = page.post(reverse("programme:reset_my_calendar"), follow=True)

    new_url = feed_url_of(coordinator)
    assert new_url != old_url
    assert "Your calendar has a new address" in response.content.decode()
    assert new_url in response.content.decode()
    assert page.get(old_url).status_code == 404
    assert page.get(new_url).status_code == 200


def test_a_reset_changes_only_ones_own_address(client_as, organiser, coordinator):
    organisers_url = feed_url_of(organiser)

    client_as("coordinator").post(reverse("programme:reset_my_calendar"))

    assert feed_url_of(organiser) == organisers_url


def test_the_reset_takes_only_a_post(client_as, coordinator):
    url = feed_url_of(coordinator)

    response = client_as("coordinator").get(reverse("programme:reset_my_calendar"))

    assert response.status_code == 405
    assert feed_url_of(coordinator) == url


# --- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_the_feed_takes_the_same_few_queries_for_10_or_200_events(
    client, coordinator, summer, count, django_assert_max_num_queries
):
    for index in range(count):
        EventFactory(season=summer.season, title=f"Event {index}")
    url = feed_url_of(coordinator)

    with django_assert_max_num_queries(3):
        calendar = read_feed(client, url)

    assert len(calendar.events) == count + 2  # and the welcome and Kumamoto's dinner
