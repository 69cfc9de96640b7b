"""Export jobs: who may export what, running them with progress, retries and expiry."""

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerUnreachable

from ish.accounts.models import Language, User
from ish.errors import RuleViolation
from ish.media import is_storage_full
from ish.notifications.services import Recipient, absolute_url, notify
from ish.rosters import workbooks
from ish.rosters.models import ExportJob
from ish.seasons.models import Season
from ish.spreadsheets import registered_export

logger = logging.getLogger(__name__)
Kind, Status = ExportJob.Kind, ExportJob.Status

# What a failed job tells its requester, stored untranslated and shown in the reader's language
# (ExportJob.error_message); the exception itself goes to the log, not to the user.
BUILD_FAILED = gettext_noop(
    "The export could not be built. Please try again; if it fails again, tell the ISH office."
)
STORAGE_FULL = gettext_noop(
    "The export could not be saved because the server's storage is full. Please tell the ISH "
    "office; try again once they have made room."
)
WORKER_LOST = gettext_noop(
    "The export stopped before it was finished because its worker was interrupted. "
    "Please try again."
)
# A pending job no worker has taken after this long is handed out again (broker outage, lost
# task): long enough for a busy worker's queue, short enough that nobody waits for long.
REQUEUE_AFTER = dt.timedelta(minutes=2)


def kinds_for(user: User) -> list[str]:
    """The exports the user's role may ask for, as the area offering each says; the rows in
    them are scoped by the selectors anyway."""
    return [kind for kind in Kind.values if user.effective_role in registered_export(kind).roles]


@transaction.atomic
def request_export(
    *,
    user: User,
    kind: str,
    season: Season,
    language: str | None = None,
    parameters: dict | None = None,
) -> ExportJob:
    """A new export job; a worker builds it once the request commits, in `language` (by default
    the language the request is answered in). `parameters`: what the kind needs besides the
    season (the event of a bus list), checked by the area offering it: ValidationError naming
    each one missing or wrong."""
    if kind not in kinds_for(user):
        raise PermissionDenied(_("Your role may not export %(kind)s.") % {"kind": kind})
    parameters = registered_export(kind).check_parameters(user, season, parameters or {})
    language = language or translation.get_language()
    if language not in Language.values:
        language = settings.LANGUAGE_CODE
    job = ExportJob.objects.create(
        kind=kind, season=season, requested_by=user, language=language, parameters=parameters
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def retry(job: ExportJob, *, user: User) -> ExportJob:
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if not job.has_failed:
        raise RuleViolation(
            _("Only a failed export can be retried; this one is %(status)s.")
            % {"status": job.get_status_display()}
        )
    job.status, job.progress, job.error = Status.PENDING, 0, ""
    job.save(update_fields=["status", "progress", "error", "updated_at"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> bool:
    """Hand a job to the workers; in a broker outage it stays pending for the sweep (False)."""
    from ish.rosters.tasks import build_export

    try:
        build_export.delay(job_id)
    except BrokerUnreachable:
        logger.warning("Broker unreachable; export %s stays pending for the next sweep.", job_id)
        return False
    return True


def requeue_pending(now: dt.datetime | None = None) -> list[int]:
    """Hand out again the pending jobs no worker has taken in time; returns their ids. Each is
    marked as handed out now, so the next sweeps leave it to its worker for a while; the first
    broker error ends the sweep (the next one tries again)."""
    now = now or timezone.now()
    overdue = ExportJob.objects.filter(status=Status.PENDING, updated_at__lte=now - REQUEUE_AFTER)
    requeued = []
    for job_id in list(overdue.values_list("pk", flat=True)[:500]):
        if not _enqueue(job_id):
            break
        ExportJob.objects.filter(pk=job_id, status=Status.PENDING).update(updated_at=now)
        requeued.append(job_id)
    return requeued


def fail_stalled(now: dt.datetime | None = None) -> int:
    """Mark failed, so they can be retried, the running jobs whose worker stopped reporting
    progress (it died or was killed); returns how many. A running job reports every 2 % of its
    rows, so one silent for EXPORT_STALE_MINUTES has lost its worker."""
    now = now or timezone.now()
    minutes = settings.EXPORT_STALE_MINUTES
    stalled = ExportJob.objects.filter(
        status=Status.RUNNING, updated_at__lte=now - dt.timedelta(minutes=minutes)
    )
    job_ids = list(stalled.values_list("pk", flat=True))
    if job_ids:
        logger.error("Exports %s made no progress for %s minutes: marked failed.", job_ids, minutes)
    # The conditions again: a job that has reported progress since is no longer matched.
    return stalled.filter(pk__in=job_ids).update(
        status=Status.FAILED, error=WORKER_LOST, finished_at=now, updated_at=now
    )


def run_export(job_id: int, *, redelivered: bool = False) -> None:
    """Build one job's workbook, reporting progress as it goes; safe to run twice.

    `redelivered`: the broker hands the task out again because the worker running it was lost
    (killed, out of memory; acks_late with reject_on_worker_lost). The job it left running is
    failed at once, so its requester may retry it now rather than after the stale sweep; it is
    not rebuilt here, since a workbook that kills its worker would kill the next one too."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=Status.PENDING)
            .select_related("season", "requested_by")
            .first()
        )
        if job is None:  # done already, or another worker has it, or its worker was lost
            if redelivered:
                _fail_lost(job_id)
            return
        job.status, job.started_at, job.progress = Status.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "progress", "updated_at"])
    # Only this run's job: if the sweep has given it up meanwhile, what it writes is dropped.
    this_run = ExportJob.objects.filter(pk=job_id, status=Status.RUNNING, started_at=job.started_at)

    def report(percent: int) -> None:
        this_run.update(progress=percent, updated_at=timezone.now())

    try:
        with tempfile.TemporaryFile() as target, translation.override(job.language):
            rows = workbooks.build(
                job.kind, job.requested_by, job.season, target, report, job.parameters
            )
            target.seek(0)
            job.file.save(job.filename, File(target), save=False)
    except Exception as error:  # any failure is the job's, logged, and retryable by the user
        logger.exception("Export %s failed", job_id)
        now = timezone.now()
        reason = STORAGE_FULL if is_storage_full(error) else BUILD_FAILED
        this_run.update(status=Status.FAILED, error=reason, finished_at=now, updated_at=now)
        return
    now = timezone.now()
    with transaction.atomic():
        finished = this_run.update(
            status=Status.DONE,
            progress=100,
            rows=rows,
            file=job.file.name,
            finished_at=now,
            expires_at=now + dt.timedelta(hours=settings.EXPORT_TTL_HOURS),
            updated_at=now,
        )
        if not finished:
            logger.warning("Export %s was given up while it was built; file dropped.", job_id)
            job.file.delete(save=False)
            return
        job.refresh_from_db()
        user = job.requested_by
        if user.email:
            notify(
                "export_ready",
                about=job,
                recipients=[Recipient.for_user(user)],
                context={
                    # Lazy, so the mail names the export in the recipient's language.
                    "export": format_lazy("{} {}", Kind(job.kind).label, job.season.year),
                    "url": absolute_url(reverse("rosters:list")),
                    "expires_at": job.expires_at,
                },
            )


def _fail_lost(job_id: int) -> None:
    now = timezone.now()
    if ExportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.FAILED, error=WORKER_LOST, finished_at=now, updated_at=now
    ):
        logger.error("Export %s lost its worker while it was built: marked failed.", job_id)


def delete_expired(now: dt.datetime | None = None) -> int:
    """Remove exports past their time, file and row."""
    expired = ExportJob.objects.filter(expires_at__lte=now or timezone.now())
    count = 0
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
