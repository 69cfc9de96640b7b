"""The programme in the admin: events listed and changed (a calendar-visible change raises
SEQUENCE), attendance read only, calendar feeds without their secrets."""

import pytest
from django.urls import reverse

from ish.programme.models import Attendance, CalendarFeed, Event
from tests.factories import EventFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["programme_event", "programme_presentation", "programme_attendance", "programme_calendarfeed"],
)
def test_the_office_lists_the_programme_in_the_admin(client_as, organiser, model):
    EventFactory()
    CalendarFeed.objects.create(user=organiser)
    response = client_as("organiser").get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


def test_changing_an_events_place_in_the_admin_raises_its_sequence(client_as):
    event = EventFactory(title="Castle", place="Schloss")
    client = client_as("organiser")
    url = reverse("admin:programme_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data |= {
        "place": "Schlosshof",
        "starts_at_0": "2027-07-18",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2027-07-18",
        "ends_at_1": "12:00:00",
        "title_translations": "{}",
    }
    for name in ("starts_at", "ends_at"):
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.place, event.sequence) == ("Schlosshof", 1)


def test_the_admin_never_shows_a_calendar_secret(client_as, organiser):
    feed = CalendarFeed.objects.create(user=organiser)
    client = client_as("organiser")
    html = client.get(reverse("admin:programme_calendarfeed_change", args=[feed.pk])).content
    assert feed.secret.encode() not in html
    assert (
        feed.secret.encode()
        not in client.get(reverse("admin:programme_calendarfeed_changelist")).content
    )


def test_attendance_is_read_only_in_the_admin(client_as):
    event = EventFactory()
    row = Attendance.objects.create(
        event=event,
        nomination=NominationFactory(season=event.season, status="accepted"),
        status="present",
    )
    client = client_as("organiser")
    url = reverse("admin:programme_attendance_change", args=[row.pk])
    client.post(
        url, {"status": "absent", "reason": "", "event": event.pk, "nomination": row.nomination_id}
    )
    row.refresh_from_db()
    assert row.status == "present"
    assert client.get(reverse("admin:programme_attendance_add")).status_code == 403
    assert Event.objects.count() == 1
