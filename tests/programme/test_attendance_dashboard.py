"""The dashboard's attendance items: today's events (the office's all, a lab host's own lab
events) with their counts and links, and the office's events that ended without attendance;
the dashboard's queries stay the same for few and many participants."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ish.programme.attendance import mark
from tests.factories import BERLIN
from tests.portal.page_reader import DASHBOARD, page
from tests.programme.summer import DAY, attendance_summer, more_students

pytestmark = pytest.mark.django_db
summer = pytest.fixture(attendance_summer, name="summer")

AT_LUNCH = dt.datetime.combine(DAY, dt.time(12, 30), tzinfo=BERLIN)
IN_THE_EVENING = dt.datetime.combine(DAY, dt.time(20), tzinfo=BERLIN)


def dashboard_of(user, at: dt.datetime):
    with time_machine.travel(at, tick=False):
        client = Client()
        client.force_login(user)  # then: a session from today would have expired by July
        return client.get(DASHBOARD)


def todays(response) -> list[tuple[str, str]]:
    return [(item.event.title, item.counts.present) for item in response.context["todays_events"]]


def test_the_office_sees_todays_events_with_counts_and_attendance_links(summer):
    mark(summer.workshop, summer.aiko.pk, "present", by=summer.organiser)

    response = dashboard_of(summer.organiser, AT_LUNCH)

    assert todays(response) == [("Explo workshop", 1), ("Genome lab day", 0)]
    text = page(response).text("todays-events")
    assert "1 of 3 present, 2 not yet marked" in text
    html = response.content.decode()
    assert reverse("programme:attendance", args=[summer.workshop.pk]) in html
    assert reverse("programme:attendance", args=[summer.lab_day.pk]) in html


def test_the_office_is_told_of_events_that_ended_without_attendance(summer):
    for student in (summer.aiko, summer.kenji, summer.noa):
        mark(summer.workshop, student.pk, "present", by=summer.organiser)

    at_lunch = page(dashboard_of(summer.organiser, AT_LUNCH))
    evening = dashboard_of(summer.organiser, IN_THE_EVENING)

    keys = [item.key for item in evening.context["attention"]]
    assert "missing-attendance" in keys
    item = next(i for i in evening.context["attention"] if i.key == "missing-attendance")
    assert item.count == 1
    assert [entry.text for entry in item.entries] == ["Genome lab day"]
    assert item.entries[0].url == reverse("programme:attendance", args=[summer.lab_day.pk])
    assert "lacks attendance" not in at_lunch.text("attention")
    assert "1 event that has ended lacks attendance" in page(evening).text("attention")


def test_a_lab_host_sees_their_own_lab_events_today(summer):
    assert todays(dashboard_of(summer.genome_host, AT_LUNCH)) == [("Genome lab day", 0)]
    response = dashboard_of(summer.optics_host, AT_LUNCH)
    assert todays(response) == []
    assert "No events today." in page(response).text("todays-events")


def test_a_coordinator_has_no_todays_events_to_run(summer):
    response = dashboard_of(summer.coordinator, AT_LUNCH)

    assert "todays_events" not in response.context
    assert 'data-testid="todays-events"' not in response.content.decode()


@pytest.mark.parametrize(("role", "queries"), [("organiser", 18), ("genome_host", 9)])
@pytest.mark.parametrize("count", [10, 200])
def test_the_dashboard_takes_the_same_queries_for_few_and_many_participants(
    summer, role, queries, count, django_assert_max_num_queries
):
    for student in more_students(summer, count)[::2]:
        mark(summer.lab_day, student.pk, "present", by=summer.organiser)
    with time_machine.travel(IN_THE_EVENING, tick=False):
        client = Client()
        client.force_login(getattr(summer, role))
        with django_assert_max_num_queries(queries):
            response = client.get(DASHBOARD)

    assert response.status_code == 200
