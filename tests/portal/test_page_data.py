"""What the office's dashboard shows, read as plain data: every city's quota of the season with
its nominations per status in workflow order and the quota's use, the totals, and the worker."""

import datetime as dt

import pytest
from django.utils import timezone

from ish.nominations.models import Nomination
from ish.portal.selectors import office_dashboard
from ish.portal.services import record_heartbeat
from ish.seasons.models import City
from tests.factories import NominationFactory, QuotaFactory

pytestmark = pytest.mark.django_db

Status = Nomination.Status


def test_each_city_shows_its_nominations_per_status_in_workflow_order_and_its_quotas_use(
    organiser, season
):
    kumamoto, hangzhou = (City.objects.get(slug=slug) for slug in ("kumamoto", "hangzhou"))
    QuotaFactory(season=season, city=kumamoto, places=2, alternates=1)
    QuotaFactory(season=season, city=hangzhou, places=3, alternates=2)
    for status in [Status.ACCEPTED, Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED]:
        NominationFactory(season=season, city=kumamoto, status=status)

    dashboard = office_dashboard(organiser, season)

    assert [row.quota.city for row in dashboard.quotas] == [hangzhou, kumamoto]
    empty, kumamoto_row = dashboard.quotas
    assert empty.statuses == ()
    assert [(status, count) for status, _label, count in kumamoto_row.statuses] == [
        (Status.DRAFT, 1),
        (Status.SUBMITTED, 1),
        (Status.ACCEPTED, 2),
    ]
    assert (kumamoto_row.use.used, kumamoto_row.use.placed) == (3, 2)
    assert (dashboard.total_places, dashboard.total_alternates) == (5, 3)


def test_without_a_season_the_dashboard_has_no_quotas(organiser):
    assert office_dashboard(organiser, None).quotas == ()


def test_the_worker_is_alive_while_its_heartbeat_is_recent(organiser, season):
    assert office_dashboard(organiser, season).worker.alive is False

    record_heartbeat("celery@laptop", now=timezone.now() - dt.timedelta(minutes=1))
    assert office_dashboard(organiser, season).worker.alive is True

    record_heartbeat("celery@laptop", now=timezone.now() - dt.timedelta(minutes=6))
    assert office_dashboard(organiser, season).worker.alive is False
