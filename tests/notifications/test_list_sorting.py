"""The e-mail log sorted by each column header, filtered with htmx, its empty filters saying
"All …" without a success mark, and a flat number of queries however it is sorted."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ish.notifications.models import OutboundEmail
from tests.factories import BERLIN
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:email_list")
Status = OutboundEmail.Status


def email(to: str, subject: str, event: str, status: str, attempts: int, day: int) -> None:
    about = ContentType.objects.get_for_model(OutboundEmail)
    stored = OutboundEmail.objects.create(
        to=to, subject=subject, body_text="-", body_html="-", event=event, language="en",
        content_type=about, object_id=1, idempotency_key=f"{to}-{subject}", status=status,
        attempts=attempts, next_attempt_at=timezone.now(),
    )  # fmt: skip
    # The log shows when each was written; auto_now_add would make them all now.
    created = dt.datetime(2027, 3, day, 9, 0, tzinfo=BERLIN)
    OutboundEmail.objects.filter(pk=stored.pk).update(created_at=created)


@pytest.fixture
def three(db):
    """ann@ (subject "Beta", export_ready, sent, 1 attempt, 2 March), bob@ ("Alpha",
    participant_link, failed, 5 attempts, 1 March), cy@ ("Gamma", deadline_reminder, pending,
    0 attempts, 3 March)."""
    email("ann@example.org", "Beta", "export_ready", Status.SENT, 1, 2)
    email("bob@example.org", "Alpha", "participant_link", Status.FAILED, 5, 1)
    email("cy@example.org", "Gamma", "deadline_reminder", Status.PENDING, 0, 3)


def addresses_in(response) -> list[str]:
    return [row[1].split("@")[0] for row in parse(response).table("email-table")]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created", ["bob", "ann", "cy"]),
        ("-created", ["cy", "ann", "bob"]),
        ("to", ["ann", "bob", "cy"]),
        ("-to", ["cy", "bob", "ann"]),
        ("subject", ["bob", "ann", "cy"]),
        ("-subject", ["cy", "ann", "bob"]),
        ("event", ["cy", "ann", "bob"]),
        ("-event", ["bob", "ann", "cy"]),
        ("status", ["bob", "cy", "ann"]),
        ("-status", ["ann", "cy", "bob"]),
        ("attempts", ["cy", "ann", "bob"]),
        ("-attempts", ["bob", "ann", "cy"]),
    ],
)
def test_the_office_sorts_the_email_log_by_each_column(client_as, three, sort, expected):
    assert addresses_in(client_as("organiser").get(LIST, {"sort": sort})) == expected


def test_the_newest_come_first_unless_asked_otherwise(client_as, three):
    assert addresses_in(client_as("organiser").get(LIST)) == ["cy", "ann", "bob"]


def test_the_empty_filters_say_all_and_show_no_success_mark(client_as, three):
    html = client_as("organiser").get(LIST, {"to": "", "event": "", "status": ""}).content.decode()

    assert "---------" not in html
    assert "is-valid" not in html
    assert '<option value="" selected>All events</option>' in html
    assert '<option value="" selected>All statuses</option>' in html
    assert '<option value="" selected>All languages</option>' in html


def test_a_refused_filter_value_is_still_marked(client_as, three):
    html = client_as("organiser").get(LIST, {"status": "lost"}).content.decode()

    assert "is-invalid" in html
    assert "is-valid" not in html.replace("is-invalid", "")


def test_htmx_gets_only_the_list_filtered(client_as, three):
    response = client_as("organiser").get(
        LIST, {"status": "failed"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="list-results"')
    assert "<html" not in html
    assert addresses_in(response) == ["bob"]


@pytest.mark.parametrize("sort", ["to", "-attempts"])
def test_the_sorted_log_needs_as_many_queries_for_200_emails_as_for_10(client_as, sort):
    client = client_as("organiser")
    client.get(LIST)  # the session and the translations, loaded once
    counts = {}
    for rows in (10, 200):
        for number in range(OutboundEmail.objects.count(), rows):
            email(f"p{number}@example.org", f"S{number}", "export_ready", Status.SENT, 1, 1)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"sort": sort})
        assert response.status_code == 200
        counts[rows] = len(queries)

    assert counts[10] == counts[200], counts
