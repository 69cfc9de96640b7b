"""The programme's week and day pages by role, and the office's pages to add, change, cancel,
delete and copy events."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ish.programme import services
from ish.programme.models import Attendance, Event
from tests.factories import SeasonFactory
from tests.programme.summer import JULY_19, at, events_summer, grow_events, office_event

pytestmark = pytest.mark.django_db

WEEK = "/programme/"
DAY = "/programme/day/"


@pytest.fixture
def summer():
    summer = events_summer()
    summer.everyone = office_event(
        summer,
        title="Welcome",
        title_translations={"de": "Begrüßung"},
        kind="welcome",
        place="Rathaus",
        address="Marktplatz 10",
        meeting_point="Main entrance",
        meal="lunch",
        notes="Bring your passport.",
    )
    summer.kumamoto_day = office_event(
        summer,
        title="Kumamoto day",
        audience="cities",
        cities=[summer.kumamoto],
        starts_at=at(JULY_19 + dt.timedelta(days=2), 14),
        ends_at=at(JULY_19 + dt.timedelta(days=2), 16),
    )
    summer.optics_week = office_event(
        summer,
        title="Optics lab",
        kind="lab",
        audience="labs",
        labs=[summer.optics],
        starts_at=at(JULY_19, 11),
        ends_at=at(JULY_19, 17),
    )
    return summer


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(user, url, **query) -> str:
    response = browser(user).get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_sees_every_event_of_the_week_in_order(summer):
    html = page(summer.organiser, WEEK, season=summer.season.pk, week="2027-07-21")
    assert html.index("Welcome") < html.index("Optics lab") < html.index("Kumamoto day")
    assert html.count('data-testid="week-day"') == 7
    assert "New event" in html


def test_the_week_starts_on_monday_and_links_the_weeks_around_it(summer):
    html = page(summer.organiser, WEEK, season=summer.season.pk, week="2027-07-25")
    assert "Monday, 19 July 2027" in html
    assert "Sunday, 25 July 2027" in html
    assert "week=2027-07-12" in html
    assert "week=2027-07-26" in html


def test_a_coordinator_sees_their_citys_events_only_without_office_actions(summer):
    html = page(summer.coordinator, WEEK, season=summer.season.pk, week="2027-07-19")
    assert "Welcome" in html
    assert "Kumamoto day" in html
    assert "Optics lab" not in html
    assert "New event" not in html


def test_a_lab_host_sees_their_students_events_only(summer):
    html = page(summer.lab_host, WEEK, season=summer.season.pk, week="2027-07-19")
    assert "Optics lab" in html
    assert "Welcome" in html
    assert "Kumamoto day" not in html


def test_a_reader_with_no_participants_sees_an_empty_week(summer):
    for user in (summer.other_coordinator, summer.other_lab_host):
        html = page(user, WEEK, season=summer.season.pk, week="2027-07-19")
        assert html.count('data-testid="week-event"') == 0


def test_the_expected_count_is_the_readers_own_participants(summer):
    office = page(summer.organiser, DAY, season=summer.season.pk, day="2027-07-19")
    coordinator = page(summer.coordinator, DAY, season=summer.season.pk, day="2027-07-19")
    assert office.count(">2 expected<") == 1  # Welcome: Aiko and Noa
    assert coordinator.count(">1 expected<") == 1  # Welcome: Aiko only
    assert ">2 expected<" not in coordinator


def test_the_day_shows_an_events_details_and_the_office_its_clashes(summer):
    html = page(summer.organiser, DAY, season=summer.season.pk, day="2027-07-19")
    for detail in ("Rathaus", "Marktplatz 10", "Main entrance", "lunch", "Bring your passport."):
        assert detail in html
    assert 'data-testid="warnings"' in html
    assert "<bdi>Noa Levi</bdi>" in html
    coordinator = page(summer.coordinator, DAY, season=summer.season.pk, day="2027-07-19")
    assert 'data-testid="warnings"' not in coordinator
    assert "Noa Levi" not in coordinator


def test_the_day_is_in_the_readers_language_with_the_german_title(summer):
    client = browser(summer.coordinator)
    client.cookies["django_language"] = "de"
    html = client.get(DAY, {"season": summer.season.pk, "day": "2027-07-19"}).content.decode()
    assert "Begrüßung" in html
    assert "Montag, 19. Juli 2027" in html


def test_a_cancelled_event_is_struck_through(summer):
    services.cancel_event(summer.everyone, actor=summer.organiser)
    html = page(summer.coordinator, DAY, season=summer.season.pk, day="2027-07-19")
    assert "<s><bdi>Welcome</bdi></s>" in html
    assert 'data-testid="cancelled"' in html


def test_a_nonsense_day_shows_the_seasons_first_day(summer):
    html = page(summer.organiser, DAY, season=summer.season.pk, day="not-a-day")
    assert "Saturday, 17 July 2027" in html


@pytest.mark.parametrize(
    "url", ["/programme/events/new/", "/programme/copy-day/", "/programme/copy-season/"]
)
@pytest.mark.parametrize("reader", ["coordinator", "lab_host"])
def test_only_the_office_opens_the_event_pages(summer, url, reader):
    assert browser(getattr(summer, reader)).get(url).status_code == 403
    edit = f"/programme/events/{summer.everyone.pk}/edit/"
    assert browser(getattr(summer, reader)).get(edit).status_code == 403


def test_signed_out_the_programme_asks_to_sign_in(summer):
    assert Client().get(WEEK).status_code == 302


def test_a_missing_event_is_a_404(summer):
    assert browser(summer.organiser).get("/programme/events/999999/edit/").status_code == 404


def event_post(**values) -> dict:
    data = {
        "title": "Castle tour",
        "kind": "excursion",
        "starts_at": "2027-07-20T09:30",
        "ends_at": "2027-07-20T12:00",
        "place": "Heidelberg Castle",
        "audience": "everyone",
        "meal": "packed_lunch",
        "title_de": "Schlossführung",
    }
    return data | values


def test_the_office_adds_an_event_in_heidelberg_time_and_lands_on_its_day(summer):
    client = browser(summer.organiser)
    response = client.post(f"/programme/events/new/?season={summer.season.pk}", event_post())
    event = Event.objects.get(title="Castle tour")
    assert response.status_code == 302
    assert response["Location"].endswith(f"day=2027-07-20#event-{event.pk}")
    assert event.starts_at == at(dt.date(2027, 7, 20), 9, 30)
    assert event.title_translations == {"de": "Schlossführung"}
    assert event.meal == "packed_lunch"


def test_saving_a_clashing_event_shows_the_clash_as_a_warning(summer):
    client = browser(summer.organiser)
    data = event_post(starts_at="2027-07-19T11:00", ends_at="2027-07-19T13:00")
    response = client.post(f"/programme/events/new/?season={summer.season.pk}", data, follow=True)
    html = response.content.decode()
    assert "is saved" in html
    assert "alert-warning" in html
    assert "at the same time" in html


def test_a_bad_event_is_refused_naming_the_field(summer):
    client = browser(summer.organiser)
    data = event_post(ends_at="2027-07-20T08:00", audience="cities")
    response = client.post(f"/programme/events/new/?season={summer.season.pk}", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "ends_at" in form.errors
    assert not Event.objects.filter(title="Castle tour").exists()


def test_a_city_event_without_cities_is_refused_on_the_cities(summer):
    client = browser(summer.organiser)
    data = event_post(audience="cities")
    response = client.post(f"/programme/events/new/?season={summer.season.pk}", data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["cities"]


def test_the_office_changes_an_event_and_its_sequence_grows(summer):
    client = browser(summer.organiser)
    url = f"/programme/events/{summer.kumamoto_day.pk}/edit/"
    assert client.get(url).status_code == 200
    data = event_post(
        title="Kumamoto day",
        starts_at="2027-07-21T14:00",
        ends_at="2027-07-21T17:00",
        audience="cities",
        cities=[summer.kumamoto.pk],
    )
    assert client.post(url, data).status_code == 302
    summer.kumamoto_day.refresh_from_db()
    assert summer.kumamoto_day.ends_at == at(dt.date(2027, 7, 21), 17)
    assert summer.kumamoto_day.sequence == 1


def test_the_office_cancels_an_event(summer):
    response = browser(summer.organiser).post(f"/programme/events/{summer.everyone.pk}/cancel/")
    assert response.status_code == 302
    summer.everyone.refresh_from_db()
    assert summer.everyone.is_cancelled


def test_deleting_an_event_with_marked_attendance_is_refused_with_the_reason(summer):
    Attendance.objects.create(event=summer.everyone, nomination=summer.aiko, status="present")
    client = browser(summer.organiser)
    response = client.post(f"/programme/events/{summer.everyone.pk}/delete/", follow=True)
    assert "cancel it instead" in response.content.decode()
    assert Event.objects.filter(pk=summer.everyone.pk).exists()
    client.post(f"/programme/events/{summer.kumamoto_day.pk}/delete/")
    assert not Event.objects.filter(pk=summer.kumamoto_day.pk).exists()


def test_the_office_copies_a_day(summer):
    client = browser(summer.organiser)
    url = f"/programme/copy-day/?season={summer.season.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"day": "2027-07-19", "to": "2027-07-26"})
    assert response.status_code == 302
    copied = Event.objects.filter(starts_at__gte=at(dt.date(2027, 7, 26), 0))
    assert sorted(copied.values_list("title", flat=True)) == ["Optics lab", "Welcome"]


def test_the_office_copies_last_seasons_programme_and_hears_what_was_left(summer):
    services.create_event(
        actor=summer.organiser,
        season=summer.season,
        title="Mentoring",
        kind="other",
        starts_at=at(JULY_19, 18),
        ends_at=at(JULY_19, 19),
        audience="participants",
        participants=[summer.aiko],
    )
    target = SeasonFactory(year=2028)
    client = browser(summer.organiser)
    url = f"/programme/copy-season/?season={target.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"source": summer.season.pk}, follow=True)
    html = response.content.decode()
    assert target.events.count() == 4
    assert "4 events copied." in html
    assert "Mentoring" in html
    again = client.post(url, {"source": summer.season.pk})
    assert again.status_code == 409
    assert target.events.count() == 4


@pytest.mark.parametrize("url", [WEEK, DAY])
@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_pages_make_as_many_queries_for_200_events_as_for_10(summer, url, role):
    client = browser(getattr(summer, role))

    def queries(wanted: int) -> int:
        grow_events(summer, wanted)
        with CaptureQueriesContext(connection) as captured:
            query = {"season": summer.season.pk, "day": "2027-07-19", "week": "2027-07-19"}
            response = client.get(url, query)
        assert response.status_code == 200
        # two of each three: a coordinator's city's and a lab host's lab's, and the listed ones
        assert response.content.decode().count("<bdi>Event ") >= (wanted - 3) * 2 // 3
        return len(captured)

    assert queries(10) == queries(200)


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("url", [WEEK, DAY])
@pytest.mark.parametrize(
    ("role", "queries"), [("organiser", 15), ("coordinator", 9), ("lab_host", 9)]
)
def test_the_pages_stay_within_their_queries_at_10_and_at_200_events(
    summer, url, role, queries, count, django_assert_max_num_queries
):
    grow_events(summer, count)
    client = browser(getattr(summer, role))
    query = {"season": summer.season.pk, "day": "2027-07-19", "week": "2027-07-19"}

    with django_assert_max_num_queries(queries):
        response = client.get(url, query)

    assert response.status_code == 200
    assert response.content.decode().count("<bdi>Event ") >= (count - 3) * 2 // 3
