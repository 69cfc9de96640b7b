"""Beat's scheduler records that beat is alive, when it starts and with each task it sends, so
that /healthz can name a stopped beat apart from a stopped worker."""

import socket

import pytest
from celery.beat import ScheduleEntry
from django.db import DatabaseError
from django.utils import timezone

from ish.celery import app
from ish.portal.beat import Scheduler
from ish.portal.models import BeatHeartbeat
from ish.portal.tasks import record_heartbeat

# The scheduler replaces old database connections as a long-running process must, which a
# test may only do outside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scheduler(tmp_path):
    scheduler = Scheduler(app=app, schedule_filename=str(tmp_path / "celerybeat-schedule"))
    yield scheduler
    scheduler.close()


def heartbeat_entry() -> ScheduleEntry:
    """The schedule's heartbeat entry; the test settings run its task inline."""
    return ScheduleEntry(
        name="worker-heartbeat", task=record_heartbeat.name, schedule=60.0, app=app
    )


def test_beat_is_run_with_the_scheduler_that_records_it():
    assert app.conf.beat_scheduler == "ish.portal.beat:Scheduler"


def test_beat_records_its_heartbeat_as_it_starts(scheduler):
    heartbeat = BeatHeartbeat.objects.get()

    assert heartbeat.host == socket.gethostname()
    assert heartbeat.task == ""
    assert (timezone.now() - heartbeat.sent_at).total_seconds() < 60


def test_beat_records_each_task_it_has_sent(scheduler):
    BeatHeartbeat.objects.all().delete()

    scheduler.apply_async(heartbeat_entry())

    heartbeat = BeatHeartbeat.objects.get()
    assert heartbeat.task == "ish.portal.tasks.record_heartbeat"
    assert (timezone.now() - heartbeat.sent_at).total_seconds() < 60


def test_beat_keeps_sending_when_it_cannot_record_its_heartbeat(scheduler, monkeypatch, caplog):
    def database_down(**kwargs):
        raise DatabaseError("the database is down")

    monkeypatch.setattr("ish.portal.services.record_beat", database_down)

    scheduler.apply_async(heartbeat_entry())

    assert "could not record its heartbeat" in caplog.text
