"""Beat's hourly upkeep deletes what sign-ins leave behind once it serves nothing: expired API
tokens and failed sign-ins whose lockout is over."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from knox.models import AuthToken

from ish.accounts.tasks import forget_expired_sign_ins
from tests.portal.page_reader import LOGIN

pytestmark = pytest.mark.django_db


def test_expired_tokens_and_old_failed_sign_ins_are_deleted(coordinator, lab_host, clock):
    AuthToken.objects.create(user=coordinator)
    Client(REMOTE_ADDR="192.0.2.1").post(LOGIN, {"username": "coordinator", "password": "no"})
    clock.shift(25 * 3600)
    kept_token, _token = AuthToken.objects.create(user=lab_host)

    forgotten = forget_expired_sign_ins.delay().get()

    assert forgotten == {"tokens": 1, "failed_sign_ins": 1}
    assert list(AuthToken.objects.all()) == [kept_token]
    assert not AccessAttempt.objects.exists()


def test_failed_sign_ins_within_their_lockout_are_kept(lab_host, clock):
    Client(REMOTE_ADDR="192.0.2.2").post(LOGIN, {"username": "labhost", "password": "no"})
    clock.shift(10 * 60)

    forgotten = forget_expired_sign_ins.delay().get()

    assert forgotten == {"tokens": 0, "failed_sign_ins": 0}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["labhost"]


def test_beat_runs_the_upkeep_every_hour(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == ("ish.accounts.tasks.forget_expired_sign_ins")
    ]

    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert (len(schedule.minute), schedule.hour) == (1, set(range(24)))
