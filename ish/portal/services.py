"""Changes to the portal's operational state."""

import datetime as dt

from django.utils import timezone

from ish.portal.models import WorkerHeartbeat

HEARTBEAT_ID = 1  # one row: the last heartbeat of any worker


def record_heartbeat(worker: str, now: dt.datetime | None = None) -> WorkerHeartbeat:
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        pk=HEARTBEAT_ID, defaults={"worker": worker, "seen_at": now or timezone.now()}
    )
    return heartbeat
