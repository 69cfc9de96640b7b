"""/healthz names the worker and beat when their heartbeats are older than the limit, so a
monitor notices stuck e-mails and exports; with tasks run inline it needs neither."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.portal.services import record_beat, record_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks_go_to_a_worker(monkeypatch):
    """The broker of `make run` (kombu's folders), instead of the test settings' inline tasks."""
    monkeypatch.setattr("ish.portal.views.broker_status", lambda: "embedded")


def minutes_ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def test_healthz_is_200_while_worker_and_beat_have_reported_within_five_minutes(
    client, tasks_go_to_a_worker
):
    record_heartbeat("celery@laptop", now=minutes_ago(4.5))
    record_beat("laptop", "ish.portal.tasks.record_heartbeat", now=minutes_ago(1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "embedded", "worker": "ok", "beat": "ok"}


def test_healthz_is_503_naming_the_worker_whose_heartbeat_is_six_minutes_old(
    client, tasks_go_to_a_worker
):
    record_heartbeat("celery@laptop", now=minutes_ago(6))
    record_beat("laptop", "ish.portal.tasks.record_heartbeat", now=minutes_ago(0.5))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["broker"], body["beat"]) == ("ok", "embedded", "ok")
    assert body["worker"].startswith("down: last heartbeat at ")
    assert "celery@laptop" in body["worker"]


def test_healthz_is_503_naming_beat_when_it_has_sent_nothing_for_six_minutes(
    client, tasks_go_to_a_worker
):
    record_heartbeat("celery@laptop", now=minutes_ago(0.5))
    record_beat("beat-host", "ish.portal.tasks.record_heartbeat", now=minutes_ago(6))

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["worker"] == "ok"
    assert body["beat"].startswith("down: last heartbeat at ")
    assert "beat-host" in body["beat"]


def test_healthz_is_503_before_worker_or_beat_ever_reported(client, tasks_go_to_a_worker):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"] == "down: no heartbeat yet"
    assert response.json()["beat"] == "down: no heartbeat yet"


def test_the_limit_is_configurable(client, tasks_go_to_a_worker, settings):
    settings.HEARTBEAT_MAX_AGE_MINUTES = 10
    record_heartbeat("celery@laptop", now=minutes_ago(9))
    record_beat("laptop", "ish.portal.tasks.record_heartbeat", now=minutes_ago(9))

    assert client.get("/healthz").status_code == 200

    settings.HEARTBEAT_MAX_AGE_MINUTES = 2
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"].startswith("down")
    assert response.json()["beat"].startswith("down")


def test_with_tasks_run_inline_healthz_needs_no_worker_nor_beat(client, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("runs with the test settings' eager tasks")
    record_heartbeat("celery@laptop", now=minutes_ago(60))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert "worker" not in response.json()
    assert "beat" not in response.json()


def test_the_dashboard_uses_the_same_limit(client_as, settings, season):
    settings.HEARTBEAT_MAX_AGE_MINUTES = 10
    record_heartbeat("celery@laptop", now=minutes_ago(8))

    status = client_as("organiser").get("/").content.decode()

    assert "Background worker running" in status
