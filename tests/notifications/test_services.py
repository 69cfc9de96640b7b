import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from ish.celery import app as celery_app
from ish.notifications import services
from ish.notifications.catalogue import EVENTS
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, notify
from ish.notifications.tasks import deliver_email, deliver_emails, requeue_pending_emails
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db

ALICE = Recipient("alice@example.org", "en", "Alice")
CONTEXT = {
    "student": "Aiko Tanaka",
    "city": "Kumamoto",
    "season": "2027",
    "comment": "Welcome!",
    "url": "http://testserver/n/1/",
}


class RefusingBackend:
    """A mail server that is down: every send raises, as smtplib does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.RefusingBackend"


def accept(quota, recipients=(ALICE,), **kwargs):
    return notify(
        "nomination_accepted", about=quota, recipients=recipients, context=CONTEXT, **kwargs
    )


def test_a_rolled_back_change_leaves_no_message_and_sends_no_mail(
    quota, django_capture_on_commit_callbacks
):
    def failing_change():
        with transaction.atomic():
            accept(quota)
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()

    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_committed_change_sends_exactly_one_mail(quota, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accept(quota)

    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["alice@example.org"]
    assert sent.subject == "ISH 2027: Aiko Tanaka is accepted"
    assert "Aiko Tanaka (Kumamoto) has been accepted" in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert "Welcome!" in html
    assert '<a href="http://testserver/n/1/"' in html
    assert sent.extra_headers["X-ISH-Event"] == "nomination_accepted"


def test_mail_is_only_enqueued_once_the_change_commits(quota, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        accept(quota)
        assert mail.outbox == []

    assert len(callbacks) == 1


def test_the_same_event_for_the_same_object_and_recipient_is_stored_once(
    quota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = accept(quota)
        second = accept(quota, recipients=[Recipient("ALICE@example.org", "en", "Alice")])

    assert len(first) == 1
    assert second == []
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_occasion_of_the_same_event_is_a_new_message(quota):
    accept(quota, occasion="14 days")
    accept(quota, occasion="3 days")

    assert OutboundEmail.objects.count() == 2


def test_one_message_per_distinct_recipient(quota):
    bob = Recipient("bob@example.org", "de", "Bob")

    created = accept(quota, recipients=[ALICE, bob, ALICE])

    assert sorted(email.to for email in created) == ["alice@example.org", "bob@example.org"]


def test_running_the_delivery_task_twice_sends_one_mail(quota):
    (email,) = accept(quota)

    deliver_email.delay(email.pk)
    deliver_email.delay(email.pk)

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1


def test_a_failing_mail_server_is_retried_then_the_message_is_marked_failed(
    quota, mail_server_down, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 3
    (email,) = accept(quota)

    deliver_email.delay(email.pk)  # eager: Celery's retries run inline

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 3
    assert "SMTPServerDisconnected" in email.last_error
    assert mail.outbox == []


def test_retries_back_off_exponentially(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 60

    delays = [services.retry_delay(attempt).total_seconds() for attempt in (1, 2, 3, 4)]

    assert delays == [60, 120, 240, 480]


def test_a_failed_delivery_schedules_the_next_attempt_after_the_backoff(
    quota, mail_server_down, settings
):
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    (email,) = accept(quota)

    with time_machine.travel(dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        result = services.deliver(email.pk)

    email.refresh_from_db()
    assert result.outcome == services.Delivery.RETRY
    assert email.status == OutboundEmail.Status.PENDING
    assert email.next_attempt_at == dt.datetime(2027, 1, 10, 12, 1, tzinfo=dt.UTC)


def test_resending_a_failed_message_delivers_it(
    quota, mail_server_down, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_MAX_ATTEMPTS = 2
    (email,) = accept(quota)
    deliver_email.delay(email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        services.resend(email)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert len(mail.outbox) == 1


def test_only_failed_messages_can_be_resent(quota):
    (email,) = accept(quota)

    with pytest.raises(services.ResendRefused, match="pending"):
        services.resend(email)


def test_a_broker_outage_saves_the_change_and_beat_delivers_the_mail_later(
    quota, monkeypatch, django_capture_on_commit_callbacks, settings
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_emails, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        quota.places = 3
        quota.save()
        accept(quota)

    quota.refresh_from_db()
    assert quota.places == 3
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.PENDING
    assert mail.outbox == []

    monkeypatch.undo()  # the broker is back
    later = timezone.now() + dt.timedelta(seconds=settings.EMAIL_REQUEUE_GRACE_SECONDS + 1)
    with time_machine.travel(later):
        assert requeue_pending_emails.delay().get() == 1

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_fresh_and_finished_messages_alone(quota):
    (_fresh,) = accept(quota)
    (sent,) = accept(quota, occasion="earlier")
    OutboundEmail.objects.filter(pk=sent.pk).update(
        status=OutboundEmail.Status.SENT, next_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert services.pending_due() == []


def test_german_recipients_get_the_german_message(quota):
    (email,) = accept(quota, recipients=[Recipient("greta@example.org", "de", "Greta")])

    assert email.language == "de"
    assert email.subject == "ISH 2027: Aiko Tanaka ist angenommen"
    assert email.body_text.startswith("Hallo Greta,")
    assert "Mit freundlichen Grüßen" in email.body_text
    assert '<html lang="de" dir="ltr">' in email.body_html


def test_a_missing_context_key_is_a_programming_error(quota):
    with pytest.raises(ValueError, match="comment"):
        notify("nomination_accepted", about=quota, recipients=[ALICE], context={"student": "A"})


DATE_KEYS = {"expires_on", "respond_by", "starts_on", "ends_on", "offered_on", "check_in",
             "check_out", "departure_on"}  # fmt: skip
DATETIME_KEYS = {"expires_at", "deadline"}


def sample_context(event) -> dict:
    context = {}
    for key in event.context:
        if key in DATE_KEYS:
            context[key] = dt.date(2027, 7, 19)
        elif key in DATETIME_KEYS:
            context[key] = dt.datetime(2027, 3, 31, 23, 59, tzinfo=dt.UTC)
        elif key in {"days_left", "limit"}:
            context[key] = 3
        else:
            context[key] = f"«{key}»"
    return context


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.name)
def test_every_event_renders_in_english_and_german_using_all_its_context(event):
    context = sample_context(event)
    rendered = {
        language: services.render(event, context, Recipient("x@example.org", language, "Kim"))
        for language in ("en", "de")
    }

    for language, (subject, text, html) in rendered.items():
        assert subject
        assert "\n" not in subject
        for key, value in context.items():
            if isinstance(value, str):
                assert value in subject + text, f"{language}: {key} missing"
        assert f'<html lang="{language}" dir="ltr">' in html
    assert rendered["de"][1].startswith("Hallo Kim,")
    assert rendered["en"][1] != rendered["de"][1]
    assert rendered["en"][0] != rendered["de"][0]


@pytest.fixture
def broker_on_a_closed_port(monkeypatch):
    """Tasks are published, not run eagerly, to a Redis port nothing listens on."""

    def forget_connections() -> None:
        # Celery keeps its connection pools once made; without them it connects anew.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    eager = celery_app.conf.task_always_eager
    # Celery reads the broker's address from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    celery_app.conf.task_always_eager = False
    forget_connections()
    assert celery_app.connection_for_write().port == 1
    yield
    monkeypatch.undo()
    celery_app.conf.task_always_eager = eager
    forget_connections()


@pytest.mark.redis
def test_with_redis_unreachable_a_committed_change_keeps_its_mail_pending_without_error(
    quota, broker_on_a_closed_port, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        quota.places = 3
        quota.save()
        (email,) = accept(quota)

    quota.refresh_from_db()
    assert quota.places == 3
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.PENDING, 0)
    assert mail.outbox == []
    assert f"e-mail {email.pk} stays pending" in caplog.text


@pytest.mark.redis
def test_a_real_worker_delivers_a_committed_changes_mail(real_worker, quota):
    with transaction.atomic():
        (email,) = accept(quota)

    wait_for(lambda: OutboundEmail.objects.filter(pk=email.pk, status="sent").exists())
    assert [sent.to for sent in mail.outbox] == [["alice@example.org"]]
