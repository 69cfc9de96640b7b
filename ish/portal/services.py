"""Changes to the portal's operational state."""

import datetime as dt

from django.utils import timezone

from ish.portal.models import BeatHeartbeat, WorkerHeartbeat

HEARTBEAT_ID = 1  # one row each: the last heartbeat of any worker, and of beat


def record_heartbeat(worker: str, now: dt.datetime | None = None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        pk=HEARTBEAT_ID, defaults={"worker": worker, "seen_at": now or timezone.now()}
    )
    return heartbeat


def record_beat(host: str, task: str, now: dt.datetime | None = None) -> BeatHeartbeat:
    heartbeat, _ = BeatHeartbeat.objects.update_or_create(
        pk=HEARTBEAT_ID, defaults={"host": host, "task": task, "sent_at": now or timezone.now()}
    )
    return heartbeat
