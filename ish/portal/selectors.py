"""Reads of the portal's operational state and of the dashboards' figures."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.nominations.quotas import QuotaUse
from ish.nominations.selectors import nominations_visible_to
from ish.portal.models import BeatHeartbeat, WorkerHeartbeat
from ish.seasons.models import Quota, Season
from ish.seasons.selectors import quotas_visible_to


@dataclass(frozen=True)
class WorkerStatus:
    """A background process's latest sign of life, and whether it is recent enough (within
    HEARTBEAT_MAX_AGE_MINUTES: beat sends a heartbeat every minute, so several missed ones mean
    mails and exports are stuck)."""

    seen_at: dt.datetime | None  # the latest heartbeat
    alive: bool
    name: str = ""  # the worker's or beat's host


def _status(seen_at: dt.datetime | None, name: str = "") -> WorkerStatus:
    max_age = dt.timedelta(minutes=settings.HEARTBEAT_MAX_AGE_MINUTES)
    return WorkerStatus(seen_at, seen_at is not None and timezone.now() - seen_at < max_age, name)


def worker_status() -> WorkerStatus:
    """Whether a worker has run a task sent through the broker lately: beat sends it the
    heartbeat task every minute, so this proves the whole way from beat to a worker."""
    heartbeat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    return _status(heartbeat.seen_at, heartbeat.worker) if heartbeat else _status(None)


def beat_status() -> WorkerStatus:
    """Whether beat has sent a task to the broker lately, whether or not a worker took it."""
    heartbeat = BeatHeartbeat.objects.order_by("-sent_at").first()
    return _status(heartbeat.sent_at, heartbeat.host) if heartbeat else _status(None)


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


@dataclass(frozen=True)
class CityQuota:
    """A city's quota on the office's dashboard, with how many of its nominations have each
    status (those it has, in workflow order) and how much of the quota they use."""

    quota: Quota
    statuses: tuple[tuple[Nomination.Status, str, int], ...]  # status, its label, how many
    use: QuotaUse


@dataclass(frozen=True)
class OfficeDashboard:
    quotas: tuple[CityQuota, ...]  # by city name
    worker: WorkerStatus

    @property
    def total_places(self) -> int:
        return sum(row.quota.places for row in self.quotas)

    @property
    def total_alternates(self) -> int:
        return sum(row.quota.alternates for row in self.quotas)


def office_dashboard(user: User, season: Season | None) -> OfficeDashboard:
    """The organiser's dashboard: every city's quota of the season and the background worker."""
    quotas = quotas_visible_to(user).filter(season=season).order_by("city__name")
    counts = nomination_counts_per_city(user, season) if season else {}
    rows = []
    for quota in quotas:
        city_counts = counts.get(quota.city_id, {})
        statuses = tuple(
            # The status as a member of Nomination.Status: its badge finds its colour by it.
            (status, status.label, city_counts[status])
            for status in Nomination.Status
            if city_counts.get(status)
        )
        rows.append(CityQuota(quota, statuses, QuotaUse.from_counts(quota, city_counts)))
    return OfficeDashboard(tuple(rows), worker_status())
