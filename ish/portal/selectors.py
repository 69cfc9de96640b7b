"""Reads of the portal's operational state and of the dashboards' figures."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from ish.accounts.models import User
from ish.nominations.selectors import nominations_visible_to
from ish.portal.models import WorkerHeartbeat
from ish.seasons.models import Season

# Beat sends a heartbeat every minute; five missed ones mean mails and exports are stuck.
HEARTBEAT_STALE_AFTER = dt.timedelta(minutes=5)


def worker_status() -> dict:
    """`{"seen_at": datetime | None, "alive": bool}` for the organiser's dashboard."""
    heartbeat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    seen_at = heartbeat.seen_at if heartbeat else None
    alive = seen_at is not None and timezone.now() - seen_at < HEARTBEAT_STALE_AFTER
    return {"seen_at": seen_at, "alive": alive}


def nomination_counts_per_city(user: User, season: Season) -> dict[int, dict[str, int]]:
    """Per city id, how many of the season's nominations have each status, in one query."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        nominations_visible_to(user)
        .filter(season=season)
        .prefetch_related(None)
        .order_by()
        .values_list("city_id", "status")
        .annotate(count=Count("pk"))
    )
    for city_id, status, count in rows:
        counts.setdefault(city_id, {})[status] = count
    return counts
