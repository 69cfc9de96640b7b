"""The participant's own programme on their self-service page (their coming events by day, in
their language, nobody else's) and their calendar feed, keyed by the self-service link's token:
it works as long as the link does."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ish.nominations.models import Nomination
from ish.participants import links
from ish.participants.models import ParticipantLink
from ish.seasons.models import City
from tests.factories import BERLIN, CityFactory, EventFactory, NominationFactory

pytestmark = pytest.mark.django_db

DURING_THE_SUMMER = dt.datetime(2027, 7, 20, 9, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def in_the_summer():
    with time_machine.travel(DURING_THE_SUMMER, tick=False):
        yield


@pytest.fixture
def anna(season):
    """A German-speaking participant from Kumamoto."""
    return NominationFactory(
        season=season,
        city=City.objects.get(slug="kumamoto"),
        status=Nomination.Status.ACCEPTED,
        given_name="Anna",
        language="de",
    )


@pytest.fixture
def her_token(anna) -> str:
    return links.token_for(links.send_link(anna))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 7, day, hour, minute, tzinfo=BERLIN)


def page_of(client, token: str) -> str:
    response = client.get(reverse("participants:self_service", args=[token]))
    assert response.status_code == 200
    return response.content.decode()


def programme_part(page: str) -> str:
    start = page.index('data-testid="programme"')
    return page[start : page.index("</section>", start)]


# --- the page ----------------------------------------------------------------------------------


def test_the_page_lists_her_coming_events_by_day_in_her_language(client, season, anna, her_token):
    EventFactory(
        season=season,
        title="Castle excursion",
        title_translations={"de": "Ausflug zum Schloss"},
        starts_at=at(24, 9, 30),
        ends_at=at(24, 13),
        place="Heidelberger Schloss",
        meeting_point="Bismarckplatz",
    )
    EventFactory(
        season=season,
        title="Farewell",
        title_translations={"de": "Abschied im Rathaus"},
        starts_at=at(21, 18),
        ends_at=at(21, 21),
        place="Rathaus",
    )

    part = programme_part(page_of(client, her_token))

    assert "Ihr Programm" in part
    assert part.index("Mittwoch, 21. Juli 2027") < part.index("Samstag, 24. Juli 2027")
    assert part.index("Abschied im Rathaus") < part.index("Ausflug zum Schloss")
    assert "09:30–13:00" in part
    assert "18:00–21:00" in part
    assert "Heidelberger Schloss" in part
    assert "Treffpunkt: Bismarckplatz" in part
    assert "Castle excursion" not in part


def test_the_page_shows_only_her_events(client, season, anna, her_token):
    elsewhere = CityFactory(slug="rehovot-test", name="Rehovot (test)")
    NominationFactory(season=season, city=elsewhere, status=Nomination.Status.ACCEPTED)
    EventFactory(season=season, title="Welcome", starts_at=at(21, 10), ends_at=at(21, 12))
    other_city = EventFactory(season=season, title="Rehovot dinner", audience="cities")
    other_city.cities.set([elsewhere])
    others_visit = EventFactory(season=season, title="Someone's visit", audience="participants")
    others_visit.participants.set([NominationFactory(season=season, status="accepted")])

    part = programme_part(page_of(client, her_token))

    assert "Welcome" in part
    assert "Rehovot dinner" not in part
    assert "Someone's visit" not in part


def test_past_events_leave_the_page_and_cancelled_ones_say_so(client, season, anna, her_token):
    EventFactory(season=season, title="Yesterday", starts_at=at(19, 10), ends_at=at(19, 12))
    EventFactory(
        season=season,
        title="Boat trip",
        starts_at=at(22, 10),
        ends_at=at(22, 12),
        cancelled_at=timezone.now(),
    )

    part = programme_part(page_of(client, her_token))

    assert "Yesterday" not in part
    assert "<s><bdi>Boat trip</bdi></s>" in part
    assert "abgesagt" in part


def test_without_events_the_page_says_the_programme_comes(client, anna, her_token):
    part = programme_part(page_of(client, her_token))

    assert "Ihr Programm erscheint hier" in part


def test_the_page_links_her_calendar_by_her_links_token(client, anna, her_token):
    part = programme_part(page_of(client, her_token))

    assert f'href="http://127.0.0.1:8000/p/{her_token}/calendar.ics"' in part


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_takes_the_same_queries_for_10_or_200_events(
    client, season, anna, her_token, count, django_assert_max_num_queries
):
    for index in range(count):
        EventFactory(season=season, title=f"Event {index}", starts_at=at(22, 10))
    url = reverse("participants:self_service", args=[her_token])

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.content.decode().count('data-testid="programme-event"') == count


# --- her calendar ------------------------------------------------------------------------------


def calendar_url(token: str) -> str:
    return reverse("participants:calendar", args=[token])


def test_her_calendar_holds_her_events_in_her_language(client, season, anna, her_token):
    mine = EventFactory(season=season, title="Farewell", title_translations={"de": "Abschied"})
    EventFactory(season=season, title="Not mine", audience="cities")
    gone = EventFactory(season=season, title="Speyer", cancelled_at=timezone.now())

    response = client.get(calendar_url(her_token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    by_uid = {str(event["UID"]): event for event in calendar.events}
    assert set(by_uid) == {str(mine.uid), str(gone.uid)}
    assert by_uid[str(mine.uid)]["SUMMARY"] == "Abschied"
    assert by_uid[str(gone.uid)]["STATUS"] == "CANCELLED"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_reading_her_calendar_does_not_count_as_opening_her_page(client, anna, her_token):
    client.get(calendar_url(her_token))

    assert ParticipantLink.objects.get(nomination=anna).opened_at is None


def test_her_calendar_stops_with_a_revoked_link(client, anna, her_token):
    links.revoke(anna)

    assert client.get(calendar_url(her_token)).status_code == 404


def test_her_calendar_stops_when_her_link_is_sent_anew(client, anna, her_token):
    fresh = links.token_for(links.send_link(anna, resend=True))

    assert client.get(calendar_url(her_token)).status_code == 404
    assert client.get(calendar_url(fresh)).status_code == 200


def test_her_calendar_stops_after_the_programme(client, anna, her_token):
    with time_machine.travel(dt.datetime(2027, 9, 1, 9, 0, tzinfo=BERLIN)):
        assert client.get(calendar_url(her_token)).status_code == 404


def test_a_withdrawn_students_calendar_stops(client, anna, her_token):
    Nomination.objects.filter(pk=anna.pk).update(status=Nomination.Status.WITHDRAWN)

    assert client.get(calendar_url(her_token)).status_code == 404


def test_a_made_up_token_is_not_found(client, anna):
    assert client.get(calendar_url("nonsense")).status_code == 404


def test_her_calendar_is_rate_limited_like_the_others(client, anna, her_token, settings):
    settings.CALENDAR_FEEDS_PER_ADDRESS = 1

    assert [client.get(calendar_url(her_token)).status_code for _ in range(2)] == [200, 429]
