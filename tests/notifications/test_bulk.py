"""Storing many messages at once: a fixed number of queries, one delivery task per batch, each
message still delivered and retried on its own, nothing stored or sent twice."""

import smtplib

import pytest
from django.core import mail

from ish.notifications import services
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Message, Recipient, notify_all
from ish.notifications.tasks import deliver_email, deliver_emails

pytestmark = pytest.mark.django_db

CONTEXT = {
    "student": "Aiko Tanaka",
    "city": "Kumamoto",
    "season": "2027",
    "comment": "",
    "url": "http://testserver/n/1/",
}


def messages(quota, count: int, *, to: str = "coordinator") -> list[Message]:
    """`count` acceptances about the quota, each to its own address."""
    return [
        Message(
            "nomination_accepted",
            about=quota,
            recipients=[Recipient(f"{to}{n}@example.org", "en", f"Person {n}")],
            context=CONTEXT,
        )
        for n in range(count)
    ]


@pytest.fixture
def tasks_handed_out(monkeypatch):
    """The batches given to the broker (none is run)."""
    batches, single = [], []
    monkeypatch.setattr(deliver_emails, "delay", batches.append)
    monkeypatch.setattr(deliver_email, "delay", single.append)
    yield batches
    assert single == []


@pytest.mark.parametrize("count", [10, 1000])
def test_storing_a_thousand_messages_takes_as_many_queries_as_ten(
    quota, count, django_assert_max_num_queries
):
    batch = messages(quota, count)

    # the lookup of the keys, the insert in its savepoint, the type of `about` (once)
    with django_assert_max_num_queries(5):
        created = notify_all(batch)

    assert len(created) == count
    assert OutboundEmail.objects.count() == count


def test_a_batch_is_handed_to_the_workers_as_one_task_on_commit(
    quota, tasks_handed_out, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_all(messages(quota, 1000))
        assert tasks_handed_out == []

    assert tasks_handed_out == [[email.pk for email in created]]


def test_the_task_of_a_batch_delivers_every_message_once(quota, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_all(messages(quota, 20))

    assert len(mail.outbox) == 20
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"coordinator{n}@example.org" for n in range(20)
    )
    assert set(OutboundEmail.objects.values_list("status", "attempts")) == {
        (OutboundEmail.Status.SENT, 1)
    }


def test_a_repeated_bulk_notify_stores_and_sends_nothing_twice(
    quota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_all(messages(quota, 50))
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_all(messages(quota, 50) + messages(quota, 2, to="office"))

    assert len(first) == 50
    assert sorted(email.to for email in again) == ["office0@example.org", "office1@example.org"]
    assert OutboundEmail.objects.count() == 52
    assert len(mail.outbox) == 52


def test_the_same_message_twice_in_one_batch_is_stored_once(quota):
    created = notify_all(messages(quota, 3) + messages(quota, 3))

    assert len(created) == 3


class RefusingOneAddress:
    """A mail server that refuses one recipient and takes everyone else's mail."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            if message.to == ["coordinator1@example.org"]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
            mail.outbox.append(message)
        return len(messages)


def test_a_failing_message_of_a_batch_is_retried_on_its_own(
    quota, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_bulk.RefusingOneAddress"
    settings.EMAIL_MAX_ATTEMPTS = 3

    with django_capture_on_commit_callbacks(execute=True):
        notify_all(messages(quota, 3))  # eager: the retries run inline

    by_address = {email.to: email for email in OutboundEmail.objects.all()}
    refused = by_address.pop("coordinator1@example.org")
    assert (refused.status, refused.attempts) == (OutboundEmail.Status.FAILED, 3)
    assert "SMTPRecipientsRefused" in refused.last_error
    assert {(email.status, email.attempts) for email in by_address.values()} == {
        (OutboundEmail.Status.SENT, 1)
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator0@example.org",
        "coordinator2@example.org",
    ]


def test_a_message_stored_meanwhile_by_another_transaction_is_left_out(quota, monkeypatch):
    """The twin arrives between the lookup of the keys and the insert."""
    render = services.render
    twin = messages(quota, 2)[1]

    def render_while_a_twin_is_stored(event, context, recipient):
        if not OutboundEmail.objects.exists():
            monkeypatch.setattr(services, "render", render)
            services.notify_all([twin])
        return render(event, context, recipient)

    monkeypatch.setattr(services, "render", render_while_a_twin_is_stored)

    created = notify_all(messages(quota, 3))

    assert sorted(email.to for email in created) == [
        "coordinator0@example.org",
        "coordinator2@example.org",
    ]
    assert OutboundEmail.objects.count() == 3
