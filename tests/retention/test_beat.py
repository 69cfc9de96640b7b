"""Beat's daily run: only seasons past their period, and NYSF applicants not selected whose
decision is more than six months old."""

import datetime as dt

import pytest
from celery import current_app
from celery.schedules import crontab
from django.conf import settings

from ish.exchange.models import Application, ApplicationChange
from ish.nominations.models import Nomination
from ish.retention import tasks
from ish.retention.models import RetentionRun
from tests.factories import BERLIN, ApplicationFactory, SeasonFactory, accepted_nomination


def decided(season, status: str, when: dt.datetime, clock) -> Application:
    """An application of `season` moved to `status` at `when`."""
    clock.move_to(when)
    application = ApplicationFactory(season=season, status=status)
    ApplicationChange.record(application, status.removesuffix("ed"), "shortlisted")
    return application


@pytest.fixture
def season_2026(clock):
    return SeasonFactory(year=2026)


def test_beat_runs_the_retention_task_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["task"] == "ish.retention.tasks.apply_retention"
    assert entry["schedule"] == crontab(hour=3, minute=30)
    assert "ish.retention.tasks.apply_retention" in current_app.tasks


def test_the_daily_run_takes_only_seasons_past_their_period(past, season_2026, organiser, clock):
    kept = accepted_nomination(organiser, season=season_2026, given_name="Mei")

    def runs():
        return list(RetentionRun.objects.order_by("pk").values_list("season__year", "scope"))

    clock.move_to(dt.datetime(2026, 8, 12, 4, 0, tzinfo=BERLIN))
    assert tasks.apply_retention() == 1
    # 2025's rejected applicant, decided in spring 2025; the season is kept one more day.
    assert runs() == [(2025, "not_selected")]
    assert Nomination.objects.get(pk=past.nomination.pk).anonymised_at is None

    clock.move_to(dt.datetime(2026, 8, 13, 4, 0, tzinfo=BERLIN))  # 2025's last day + 12 months
    assert tasks.apply_retention() == 1

    assert runs() == [(2025, "not_selected"), (2025, "season")]
    assert Nomination.objects.get(pk=past.nomination.pk).anonymised_at is not None
    assert Nomination.objects.get(pk=kept.pk).given_name == "Mei"
    assert tasks.apply_retention() == 0  # the next day finds nothing


def test_applicants_not_selected_go_six_months_after_the_decision(season_2026, clock):
    rejected = decided(season_2026, "rejected", dt.datetime(2026, 2, 1, 10, tzinfo=BERLIN), clock)
    withdrawn = decided(season_2026, "withdrawn", dt.datetime(2026, 2, 2, 10, tzinfo=BERLIN), clock)
    recent = decided(season_2026, "rejected", dt.datetime(2026, 3, 1, 10, tzinfo=BERLIN), clock)
    selected = decided(season_2026, "selected", dt.datetime(2026, 1, 5, 10, tzinfo=BERLIN), clock)

    clock.move_to(dt.datetime(2026, 8, 3, 4, 0, tzinfo=BERLIN))
    assert tasks.apply_retention() == 1

    anonymised = set(
        Application.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {rejected.pk, withdrawn.pk}
    assert {recent.pk, selected.pk}.isdisjoint(anonymised)
    run = RetentionRun.objects.get(season=season_2026)
    assert run.scope == "not_selected"
    assert (run.before["applications"], run.after["applications"]) == (2, 2)
    assert run.after["applications_with_personal_data"] == 0
    assert run.before["nominations"] == 0
    assert tasks.apply_retention() == 0
