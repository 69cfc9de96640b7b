"""Reads of the portal's operational state."""

import datetime as dt

from django.utils import timezone

from ish.portal.models import WorkerHeartbeat

# Beat sends a heartbeat every minute; five missed ones mean mails and exports are stuck.
HEARTBEAT_STALE_AFTER = dt.timedelta(minutes=5)


def worker_status() -> dict:
    """`{"seen_at": datetime | None, "alive": bool}` for the organiser's dashboard."""
    heartbeat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    seen_at = heartbeat.seen_at if heartbeat else None
    alive = seen_at is not None and timezone.now() - seen_at < HEARTBEAT_STALE_AFTER
    return {"seen_at": seen_at, "alive": alive}
