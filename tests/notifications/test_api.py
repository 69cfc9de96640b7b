import pytest
from django.core import mail

from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, notify
from tests.factories import QuotaFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"student": "Aiko", "city": "Kumamoto", "season": "2027", "comment": "", "url": "u"}


def store(quota, to="alice@example.org", event="nomination_accepted", language="en"):
    (email,) = notify(event, about=quota, recipients=[Recipient(to, language)], context=CONTEXT)
    return email


@pytest.mark.parametrize(
    ("role", "status", "resend_status"),
    [
        ("organiser", 200, 409),  # a pending message cannot be resent
        ("coordinator", 403, 403),
        ("lab_host", 403, 403),
        ("anonymous", 401, 401),
    ],
)
def test_only_organisers_may_read_the_outbox(api_as, quota, role, status, resend_status):
    email = store(quota)

    assert api_as(role).get("/api/v1/emails/").status_code == status
    assert api_as(role).get(f"/api/v1/emails/{email.pk}/").status_code == status
    assert api_as(role).post(f"/api/v1/emails/{email.pk}/resend/").status_code == resend_status


def test_the_outbox_lists_every_message_with_its_delivery_status(api_as, quota):
    email = store(quota)

    response = api_as("organiser").get("/api/v1/emails/")

    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    assert row == {
        "id": email.pk,
        "to": "alice@example.org",
        "subject": "ISH 2027: Aiko is accepted",
        "event": "nomination_accepted",
        "language": "en",
        "status": "pending",
        "attempts": 0,
        "last_error": "",
        "created_at": row["created_at"],
        "sent_at": None,
    }


def test_one_message_shows_its_rendered_bodies(api_as, quota):
    email = store(quota)

    body = api_as("organiser").get(f"/api/v1/emails/{email.pk}/").json()

    assert body["body_text"].startswith("Hello,")
    assert "<html" in body["body_html"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("event=nomination_declined", ["bob@example.org"]),
        ("status=failed", ["carol@example.org"]),
        ("to=ALICE", ["alice@example.org"]),
        ("language=de", ["bob@example.org"]),
    ],
)
def test_the_outbox_filters_by_event_status_and_recipient(api_as, quota, query, expected):
    store(quota, "alice@example.org")
    store(quota, "bob@example.org", event="nomination_declined", language="de")
    failed = store(quota, "carol@example.org")
    OutboundEmail.objects.filter(pk=failed.pk).update(status="failed")

    response = api_as("organiser").get(f"/api/v1/emails/?{query}")

    assert [row["to"] for row in response.json()["results"]] == expected


def test_an_unknown_event_filter_is_a_400_naming_the_field(api_as):
    response = api_as("organiser").get("/api/v1/emails/?event=nope")

    assert response.status_code == 400
    assert "event" in response.json()


def test_resending_a_failed_message_delivers_it(api_as, quota, django_capture_on_commit_callbacks):
    email = store(quota)
    OutboundEmail.objects.filter(pk=email.pk).update(status="failed", attempts=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("organiser").post(f"/api/v1/emails/{email.pk}/resend/")

    assert response.status_code == 200
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_resending_a_message_that_did_not_fail_is_a_409(api_as, quota):
    email = store(quota)

    response = api_as("organiser").post(f"/api/v1/emails/{email.pk}/resend/")

    assert response.status_code == 409
    assert "Only failed e-mails can be resent" in response.json()["detail"]


@pytest.mark.parametrize("rows", [10, 200])
def test_the_outbox_list_needs_a_flat_number_of_queries(
    api_as, season, rows, django_assert_max_num_queries
):
    client = api_as("organiser")
    quotas = QuotaFactory.create_batch(rows, season=season)
    for quota in quotas:
        store(quota)

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/emails/?page_size=500")

    assert response.json()["count"] == rows
