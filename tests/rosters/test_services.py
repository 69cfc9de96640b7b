"""Export jobs: who may ask for which, progress from 0 to 100, failures and retries, the mail,
and the removal of expired files."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ish.errors import RuleViolation
from ish.housing import exports as housing_exports
from ish.notifications.models import OutboundEmail
from ish.rosters import services, workbooks
from ish.rosters.models import ExportJob
from ish.rosters.tasks import build_export, delete_expired_exports, sweep_exports
from tests.conftest import wait_for

Status = ExportJob.Status
BUILD_FAILED = (
    "The export could not be built. Please try again; if it fails again, tell the ISH office."
)
WORKER_LOST = (
    "The export stopped before it was finished because its worker was interrupted. "
    "Please try again."
)


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

    monkeypatch.setattr(housing_exports, "arrivals", unreadable)
    return monkeypatch


@pytest.fixture
def broker_down(monkeypatch):
    """The broker refuses connections, as Redis does while it is down."""

    def refused(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_export, "delay", refused)
    return monkeypatch


def a_job(user, season, status: str, *, updated_minutes_ago: int) -> ExportJob:
    """A job left in `status`, last changed that many minutes ago."""
    job = ExportJob.objects.create(kind="roster", season=season, requested_by=user)
    changed = timezone.now() - dt.timedelta(minutes=updated_minutes_ago)
    started = changed if status != Status.PENDING else None
    ExportJob.objects.filter(pk=job.pk).update(
        status=status, started_at=started, updated_at=changed
    )
    job.refresh_from_db()
    return job


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
        "event",
        "certificates",
        "alumni",
        "survey",
    ]
    assert services.kinds_for(coordinator) == [
        "roster",
        "placements",
        "housing",
        "arrivals",
        "event",
    ]
    assert services.kinds_for(lab_host) == ["roster", "placements", "event"]


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


def test_a_failure_is_reported_on_the_job_in_words_and_logged_in_full(
    roster, organiser, season, broken_arrivals, caplog
):
    job = built_job(organiser, season)

    assert job.status == Status.FAILED
    assert job.error_message == BUILD_FAILED
    assert "RuntimeError" not in job.error
    assert job.finished_at is not None
    assert not job.file
    assert not OutboundEmail.objects.exists()
    (logged,) = [record for record in caplog.records if record.exc_info]
    assert logged.getMessage() == f"Export {job.pk} failed"
    assert "arrivals are unreadable" in str(logged.exc_info[1])


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


def test_a_broker_outage_leaves_a_requested_export_pending_and_the_sweep_hands_it_out_later(
    roster, coordinator, season, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_export(user=coordinator, kind="roster", season=season)

    job.refresh_from_db()
    assert job.status == Status.PENDING
    assert f"export {job.pk} stays pending" in caplog.text
    assert sweep_exports() == {"requeued": 0, "failed": 0}  # not yet overdue

    broker_down.undo()  # the broker is back
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert sweep_exports() == {"requeued": 1, "failed": 0}

    job.refresh_from_db()
    assert (job.status, job.rows) == (Status.DONE, 10)
    assert OutboundEmail.objects.filter(event="export_ready").count() == 1


def test_a_broker_outage_leaves_a_retried_export_pending(
    organiser, season, broker_down, django_capture_on_commit_callbacks
):
    job = a_job(organiser, season, Status.FAILED, updated_minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        services.retry(job, user=organiser)

    job.refresh_from_db()
    assert job.status == Status.PENDING
    # Retried just now: the sweep waits as for a new job before handing it out again.
    assert services.requeue_pending() == []


def test_the_sweep_hands_out_only_overdue_pending_exports(organiser, season, monkeypatch):
    handed_out = []
    monkeypatch.setattr(build_export, "delay", handed_out.append)
    overdue = a_job(organiser, season, Status.PENDING, updated_minutes_ago=3)
    a_job(organiser, season, Status.PENDING, updated_minutes_ago=1)
    for status in [Status.RUNNING, Status.DONE, Status.FAILED]:
        a_job(organiser, season, status, updated_minutes_ago=3)

    assert services.requeue_pending() == [overdue.pk]
    assert handed_out == [overdue.pk]


def test_a_job_handed_out_again_waits_before_the_next_sweep_hands_it_out_once_more(
    organiser, season, monkeypatch
):
    handed_out = []
    monkeypatch.setattr(build_export, "delay", handed_out.append)
    overdue = a_job(organiser, season, Status.PENDING, updated_minutes_ago=3)

    assert services.requeue_pending() == [overdue.pk]
    assert services.requeue_pending() == []  # the next sweep, two minutes later
    assert handed_out == [overdue.pk]


def test_a_sweep_stops_at_the_first_broker_error(organiser, season, monkeypatch):
    attempts = []

    def unreachable(job_id):
        attempts.append(job_id)
        raise BrokerUnreachable("down")

    monkeypatch.setattr(build_export, "delay", unreachable)
    for _ in range(3):
        a_job(organiser, season, Status.PENDING, updated_minutes_ago=3)

    assert services.requeue_pending() == []
    assert len(attempts) == 1
    assert ExportJob.objects.filter(status=Status.PENDING).count() == 3


def test_a_running_export_whose_worker_died_is_failed_by_the_sweep_and_can_be_retried(
    roster, organiser, season, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STALE_MINUTES = 15
    dead = a_job(organiser, season, Status.RUNNING, updated_minutes_ago=16)
    alive = a_job(organiser, season, Status.RUNNING, updated_minutes_ago=14)

    assert sweep_exports() == {"requeued": 0, "failed": 1}

    dead.refresh_from_db()
    assert dead.status == Status.FAILED
    assert dead.error_message == WORKER_LOST
    assert dead.finished_at is not None
    alive.refresh_from_db()
    assert alive.status == Status.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        services.retry(dead, user=organiser)
    dead.refresh_from_db()
    assert (dead.status, dead.progress, dead.error) == (Status.DONE, 100, "")


def test_a_long_export_that_keeps_reporting_progress_is_never_given_up(
    roster, organiser, season, settings, monkeypatch
):
    settings.EXPORT_STALE_MINUTES = 15
    job = services.request_export(user=organiser, kind="roster", season=season)
    sweeps: list[int] = []
    append = WriteOnlyWorksheet.append
    with time_machine.travel(timezone.now(), tick=False) as clock:

        def slow_append(worksheet, row):
            # Each row takes 6 minutes: a header and a row, 12, pass between two reports.
            clock.shift(dt.timedelta(minutes=6))
            sweeps.append(services.fail_stalled())
            return append(worksheet, row)

        monkeypatch.setattr(WriteOnlyWorksheet, "append", slow_append)
        services.run_export(job.pk)

    job.refresh_from_db()
    assert job.finished_at - job.started_at > dt.timedelta(hours=2)
    assert set(sweeps) == {0}
    assert (job.status, job.progress) == (Status.DONE, 100)


def test_an_export_given_up_while_it_was_built_drops_its_late_result(
    roster, organiser, season, monkeypatch, private_media
):
    build = workbooks.build

    def build_until_given_up(*args, **kwargs):
        rows = build(*args, **kwargs)
        services.fail_stalled(timezone.now() + dt.timedelta(hours=1))  # the sweep, meanwhile
        return rows

    monkeypatch.setattr(workbooks, "build", build_until_given_up)
    job = built_job(organiser, season)

    assert (job.status, job.error_message) == (Status.FAILED, WORKER_LOST)
    assert not job.file
    assert not list(private_media.rglob("*.xlsx"))
    assert not OutboundEmail.objects.exists()


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
    assert (job.status, job.rows) == (Status.DONE, 1)  # Abe, the one placed at the lab


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


def test_a_task_handed_out_again_after_its_worker_was_lost_fails_the_job_at_once(
    roster, organiser, season, django_capture_on_commit_callbacks
):
    left_running = a_job(organiser, season, Status.RUNNING, updated_minutes_ago=0)

    services.run_export(left_running.pk, redelivered=True)

    left_running.refresh_from_db()
    assert (left_running.status, left_running.error_message) == (Status.FAILED, WORKER_LOST)
    assert left_running.finished_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.retry(left_running, user=organiser)
    left_running.refresh_from_db()
    assert (left_running.status, left_running.progress) == (Status.DONE, 100)


def test_a_task_handed_out_again_builds_a_pending_job_and_leaves_a_finished_one_alone(
    roster, organiser, season
):
    pending = a_job(organiser, season, Status.PENDING, updated_minutes_ago=0)
    done = built_job(organiser, season)

    services.run_export(pending.pk, redelivered=True)
    services.run_export(done.pk, redelivered=True)

    pending.refresh_from_db()
    assert (pending.status, pending.progress) == (Status.DONE, 100)
    assert ExportJob.objects.get(pk=done.pk).status == Status.DONE
