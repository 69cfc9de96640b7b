"""The phone-first attendance page by role: who opens it, what it shows, marking with and without
htmx (the answer is the changed line and the counts), absent minors and the office's audited
look at their emergency contact, and the same queries for few and many participants."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from ish.programme.attendance import mark
from ish.programme.models import Attendance
from tests.portal.page_reader import page
from tests.programme.summer import attendance_summer, more_students

pytestmark = pytest.mark.django_db
summer = pytest.fixture(attendance_summer, name="summer")
HTMX = {"HX-Request": "true"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(event) -> str:
    return reverse("programme:attendance", args=[event.pk])


def mark_url(event, nomination) -> str:
    return reverse("programme:attendance_mark", args=[event.pk, nomination.pk])


def contact_url(event, nomination) -> str:
    return reverse("programme:attendance_contact", args=[event.pk, nomination.pk])


def names(response) -> list[str]:
    return [row.given_name for row in response.context["rows"]]


# --- who opens it --------------------------------------------------------------------------


def test_the_office_sees_every_expected_participant_with_city_and_the_counts(summer):
    mark(summer.workshop, summer.kenji.pk, "present", by=summer.organiser)

    response = signed_in(summer.organiser).get(page_of(summer.workshop))

    assert response.status_code == 200
    assert names(response) == ["Noa", "Kenji", "Aiko"]
    text = page(response).text("attendance-list")
    assert "Noa Levi" in text
    assert "Rehovot" in text
    assert page(response).text("count-present") == "1 / 3"
    assert page(response).text("count-unmarked") == "2"


def test_the_page_shows_no_contact_or_health_data(summer):
    summer.aiko.medical_notes = "Asthma"
    summer.aiko.save()
    mark(summer.workshop, summer.aiko.pk, "absent", by=summer.organiser)

    html = signed_in(summer.organiser).get(page_of(summer.workshop)).content.decode()

    assert "Haruka" not in html
    assert "Asthma" not in html
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_lab_host_sees_only_their_students_at_their_lab_event(summer):
    summer.lab_day.labs.add(summer.optics)

    response = signed_in(summer.genome_host).get(page_of(summer.lab_day))

    assert response.status_code == 200
    assert names(response) == ["Noa", "Aiko"]


@pytest.mark.parametrize(
    ("who", "event"),
    [
        ("optics_host", "lab_day"),  # another lab's event
        ("genome_host", "workshop"),  # not a lab event
        ("coordinator", "workshop"),  # coordinators do not run events
    ],
)
def test_whoever_does_not_run_the_event_gets_a_404(summer, who, event):
    user, event = getattr(summer, who), getattr(summer, event)
    client = signed_in(user)

    assert client.get(page_of(event)).status_code == 404
    response = client.post(mark_url(event, summer.aiko), {"status": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(summer):
    response = Client().get(page_of(summer.workshop))

    assert response.status_code == 302
    assert reverse("login") in response.url


# --- marking -------------------------------------------------------------------------------


def test_without_javascript_a_mark_posts_and_returns_to_the_persons_line(summer):
    response = signed_in(summer.organiser).post(
        mark_url(summer.workshop, summer.aiko), {"status": "present"}
    )

    assert response.status_code == 302
    assert response.url == page_of(summer.workshop) + f"#participant-{summer.aiko.pk}"
    assert Attendance.objects.get(nomination=summer.aiko).status == "present"


def test_with_htmx_the_answer_is_the_changed_line_and_the_counts_only(summer):
    more_students(summer, 30)

    response = signed_in(summer.organiser).post(
        mark_url(summer.workshop, summer.aiko), {"status": "present"}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="attendance-row"') == 1
    assert f'id="participant-{summer.aiko.pk}"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert page(response).text("count-present") == "1 / 33"
    assert len(html) < 8_000
    assert "<html" not in html


def test_excused_without_a_reason_shows_the_error_in_the_line(summer):
    response = signed_in(summer.organiser).post(
        mark_url(summer.workshop, summer.aiko), {"status": "excused", "reason": ""}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Give the reason for an excused absence." in page(response).text("mark-error")
    assert not Attendance.objects.exists()


def test_excused_without_a_reason_without_javascript_says_so_on_the_page(summer):
    client = signed_in(summer.organiser)

    response = client.post(
        mark_url(summer.workshop, summer.aiko), {"status": "excused"}, follow=True
    )

    assert "Give the reason for an excused absence." in page(response).text()


def test_excused_with_a_reason_shows_the_reason(summer):
    response = signed_in(summer.organiser).post(
        mark_url(summer.workshop, summer.aiko),
        {"status": "excused", "reason": "Dentist"},
        headers=HTMX,
    )

    assert page(response).text("reason") == "Reason: Dentist"
    assert page(response).text("count-excused") == "1"


def test_a_lab_host_marks_their_student_on_the_page(summer):
    response = signed_in(summer.genome_host).post(
        mark_url(summer.lab_day, summer.noa), {"status": "absent"}, headers=HTMX
    )

    assert response.status_code == 200
    assert Attendance.objects.get(nomination=summer.noa).marked_by == summer.genome_host


def test_a_participant_not_expected_is_a_404(summer):
    response = signed_in(summer.organiser).post(
        mark_url(summer.lab_day, summer.kenji), {"status": "present"}
    )

    assert response.status_code == 404


def test_marking_needs_a_post(summer):
    response = signed_in(summer.organiser).get(mark_url(summer.workshop, summer.aiko))

    assert response.status_code == 405


# --- absent minors -------------------------------------------------------------------------


def test_an_absent_minor_is_highlighted_with_the_contact_one_tap_away_for_the_office(summer):
    mark(summer.workshop, summer.aiko.pk, "absent", by=summer.organiser)
    mark(summer.workshop, summer.kenji.pk, "absent", by=summer.organiser)  # an adult

    response = signed_in(summer.organiser).get(page_of(summer.workshop))

    html = response.content.decode()
    assert html.count('data-testid="minor-absent"') == 1
    assert contact_url(summer.workshop, summer.aiko) in html
    assert contact_url(summer.workshop, summer.kenji) not in html


def test_the_office_opens_the_contact_and_the_read_is_audited(summer):
    client = signed_in(summer.organiser)

    partial = client.get(contact_url(summer.workshop, summer.aiko), headers=HTMX)
    full = client.get(contact_url(summer.workshop, summer.aiko))

    assert "Haruka Tanaka" in page(partial).text("emergency-contact")
    assert "+81 967-65-4321" in page(partial).text("emergency-contact")
    assert "tel:+81967654321" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "Haruka Tanaka" in page(full).text("emergency-contact")
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(summer.aiko.pk))
    assert reads.count() == 2
    assert {entry.actor for entry in reads} == {summer.organiser}


def test_a_lab_host_sees_the_minor_highlighted_but_never_the_contact(summer):
    mark(summer.lab_day, summer.aiko.pk, "absent", by=summer.organiser)
    client = signed_in(summer.genome_host)

    html = client.get(page_of(summer.lab_day)).content.decode()

    assert 'data-testid="minor-absent"' in html
    assert contact_url(summer.lab_day, summer.aiko) not in html
    assert client.get(contact_url(summer.lab_day, summer.aiko)).status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


# --- few and many --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 200])
def test_the_page_takes_the_same_queries_for_few_and_many(
    summer, count, django_assert_max_num_queries
):
    for student in more_students(summer, count)[::2]:
        mark(summer.workshop, student.pk, "present", by=summer.organiser)
    client = signed_in(summer.organiser)

    with django_assert_max_num_queries(7):
        response = client.get(page_of(summer.workshop))

    assert len(response.context["rows"]) == count + 3


@pytest.mark.parametrize("count", [10, 200])
def test_an_htmx_mark_takes_the_same_queries_for_few_and_many(
    summer, count, django_assert_max_num_queries
):
    more_students(summer, count)
    client = signed_in(summer.organiser)

    with django_assert_max_num_queries(16):
        response = client.post(
            mark_url(summer.workshop, summer.aiko), {"status": "present"}, headers=HTMX
        )

    assert response.status_code == 200
