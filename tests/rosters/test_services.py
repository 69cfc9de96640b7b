"""Export jobs: who may ask for which, progress from 0 to 100, failures and retries, the mail,
and the removal of expired files."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ish.errors import RuleViolation
from ish.notifications.models import OutboundEmail
from ish.rosters import services, workbooks
from ish.rosters.models import ExportJob
from ish.rosters.tasks import build_export, delete_expired_exports
from tests.conftest import wait_for

Status = ExportJob.Status


@pytest.fixture
def progress_seen(monkeypatch):
    """The job's status and progress as a poller reads them from the database, each time the
    worker is about to write a row of the workbook."""
    seen: list[tuple[str, int]] = []
    append = WriteOnlyWorksheet.append

    def append_and_look(worksheet, row):
        seen.extend(ExportJob.objects.values_list("status", "progress"))
        return append(worksheet, row)

    monkeypatch.setattr(WriteOnlyWorksheet, "append", append_and_look)
    return seen


@pytest.fixture
def broken_arrivals(monkeypatch):
    """The arrivals sheet cannot be read, as if its table were gone."""

    def unreadable(user, season):
        raise RuntimeError("arrivals are unreadable")

    monkeypatch.setattr(workbooks, "_arrivals", unreadable)
    return monkeypatch


def built_job(user, season, kind: str = "roster") -> ExportJob:
    job = services.request_export(user=user, kind=kind, season=season)
    services.run_export(job.pk)
    job.refresh_from_db()
    return job


def test_each_role_may_export_its_own_kinds_only(organiser, coordinator, lab_host):
    assert services.kinds_for(organiser) == [
        "roster",
        "placements",
        "housing",
        "arrivals",
        "exchange",
    ]
    assert services.kinds_for(coordinator) == ["roster", "placements", "housing", "arrivals"]
    assert services.kinds_for(lab_host) == ["roster", "placements"]


@pytest.mark.parametrize(
    ("role", "kind"),
    [("coordinator", "exchange"), ("lab_host", "housing"), ("lab_host", "arrivals"),
     ("lab_host", "exchange")],
)  # fmt: skip
def test_a_role_may_not_request_an_export_beyond_its_kinds(season, user_of, role, kind):
    with pytest.raises(PermissionDenied):
        services.request_export(user=user_of(role), kind=kind, season=season)

    assert not ExportJob.objects.exists()


def test_a_requested_export_waits_for_a_worker_until_the_request_commits(
    season, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.request_export(user=coordinator, kind="roster", season=season)

    assert (job.status, job.progress, job.requested_by) == (Status.PENDING, 0, coordinator)
    assert len(callbacks) == 1


def test_progress_moves_from_0_to_100_while_the_worker_writes(
    roster, organiser, season, progress_seen
):
    job = services.request_export(user=organiser, kind="roster", season=season)

    services.run_export(job.pk)

    job.refresh_from_db()
    assert progress_seen[0] == (Status.RUNNING, 0)
    assert {status for status, _progress in progress_seen} == {Status.RUNNING}
    percents = [progress for _status, progress in progress_seen]
    assert percents == sorted(percents)
    assert len({percent for percent in percents if 0 < percent < 100}) >= 5
    assert (job.status, job.progress) == (Status.DONE, 100)


def test_a_finished_export_keeps_its_file_rows_and_expiry(roster, organiser, season, settings):
    settings.EXPORT_TTL_HOURS = 48

    job = built_job(organiser, season)

    assert job.rows == 23  # 5 participants, 4 placements, 4 beds, 5 arrivals, 5 contacts
    assert job.started_at <= job.finished_at
    assert job.expires_at == job.finished_at + dt.timedelta(hours=48)
    assert job.error == ""
    with job.file.open("rb") as file:
        assert load_workbook(file).sheetnames[0] == "Participants"


def test_the_requester_is_mailed_when_the_export_is_ready(roster, coordinator, season):
    job = built_job(coordinator, season)

    email = OutboundEmail.objects.get(event="export_ready")
    assert email.to == coordinator.email
    assert email.subject == "Your export is ready: roster 2027"
    assert "/exports/" in email.body_text
    assert email.object_id == job.pk


def test_an_export_is_built_only_once_however_often_the_task_runs(roster, organiser, season):
    job = built_job(organiser, season)
    first = (job.file.name, job.finished_at)

    services.run_export(job.pk)

    job.refresh_from_db()
    assert (job.file.name, job.finished_at) == first
    assert OutboundEmail.objects.filter(event="export_ready").count() == 1


def test_a_failure_is_reported_on_the_job(roster, organiser, season, broken_arrivals):
    job = built_job(organiser, season)

    assert job.status == Status.FAILED
    assert job.error == "RuntimeError: arrivals are unreadable"
    assert job.finished_at is not None
    assert not job.file
    assert not OutboundEmail.objects.exists()


def test_a_failed_export_can_be_retried_and_then_succeeds(
    roster, organiser, season, broken_arrivals, django_capture_on_commit_callbacks
):
    job = built_job(organiser, season)
    broken_arrivals.undo()

    with django_capture_on_commit_callbacks(execute=True):
        retried = services.retry(job, user=organiser)

    assert (retried.status, retried.progress, retried.error) == (Status.PENDING, 0, "")
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == (Status.DONE, 100, 23)
    assert job.file


@pytest.mark.parametrize("status", [Status.PENDING, Status.RUNNING, Status.DONE])
def test_only_a_failed_export_can_be_retried(organiser, season, status):
    job = ExportJob.objects.create(
        kind="roster", season=season, requested_by=organiser, status=status
    )

    with pytest.raises(RuleViolation, match="Only a failed export can be retried"):
        services.retry(job, user=organiser)

    job.refresh_from_db()
    assert job.status == status


def test_expired_exports_lose_their_file_and_row_and_fresh_ones_stay(
    roster, organiser, coordinator, season, settings
):
    settings.EXPORT_TTL_HOURS = 24
    old = built_job(organiser, season)
    storage, path = old.file.storage, old.file.name
    assert storage.exists(path)

    with time_machine.travel(timezone.now() + dt.timedelta(hours=20)):
        fresh = built_job(coordinator, season)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        removed = delete_expired_exports()

    assert removed == 1
    assert not storage.exists(path)
    assert list(ExportJob.objects.all()) == [fresh]
    assert fresh.file.storage.exists(fresh.file.name)


def test_nothing_is_removed_before_its_time(roster, organiser, season):
    job = built_job(organiser, season)

    assert services.delete_expired() == 0
    assert ExportJob.objects.get().file.storage.exists(job.file.name)


def test_the_task_builds_the_job_it_is_given(roster, lab_host, season):
    job = services.request_export(user=lab_host, kind="placements", season=season)

    build_export(job.pk)

    job.refresh_from_db()
    assert (job.status, job.rows) == (Status.DONE, 2)


def test_the_export_task_costs_the_same_queries_for_10_or_200_students(
    season, organiser, add_students
):
    def queries_of_an_export() -> int:
        job = services.request_export(user=organiser, kind="roster", season=season)
        with CaptureQueriesContext(connection) as captured:
            services.run_export(job.pk)
        assert ExportJob.objects.get(pk=job.pk).status == Status.DONE
        return len(captured)

    add_students(10)
    queries_of_an_export()  # the first export also looks up what later ones find cached
    few = queries_of_an_export()
    add_students(190)

    assert queries_of_an_export() == few
    assert ExportJob.objects.order_by("-pk").first().rows == 200 * 5


@pytest.mark.redis
def test_a_real_worker_builds_an_export(real_worker, roster, coordinator, season):
    with transaction.atomic():
        job = services.request_export(user=coordinator, kind="roster", season=season)

    def finished() -> ExportJob | None:
        try:
            return ExportJob.objects.filter(pk=job.pk, status=Status.DONE).first()
        except OperationalError:  # SQLite's in-memory test database: locked while the worker writes
            return None

    done = wait_for(finished)
    assert done.progress == 100
    assert done.rows == 10
    with done.file.open("rb") as file:
        assert "Dupont" not in str(list(load_workbook(file)["Participants"].values))
