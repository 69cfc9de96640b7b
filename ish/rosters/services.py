"""Export jobs: who may export what, running them with progress, retries and expiry."""

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.notifications.services import Recipient, absolute_url, notify
from ish.rosters import workbooks
from ish.rosters.models import ExportJob
from ish.seasons.models import Season

logger = logging.getLogger(__name__)
Kind, Status = ExportJob.Kind, ExportJob.Status

# Which exports each role may ask for; the rows in them are scoped by the selectors anyway.
KINDS_BY_ROLE = {
    "organiser": set(Kind.values),
    "coordinator": {Kind.ROSTER, Kind.PLACEMENTS, Kind.HOUSING, Kind.ARRIVALS},
    "lab_host": {Kind.ROSTER, Kind.PLACEMENTS},
}


def kinds_for(user: User) -> list[str]:
    allowed = KINDS_BY_ROLE.get(user.effective_role, set())
    return [kind for kind in Kind.values if kind in allowed]


@transaction.atomic
def request_export(*, user: User, kind: str, season: Season) -> ExportJob:
    """A new export job; a worker builds it once the request commits."""
    if kind not in kinds_for(user):
        raise PermissionDenied(_("Your role may not export %(kind)s.") % {"kind": kind})
    job = ExportJob.objects.create(kind=kind, season=season, requested_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


@transaction.atomic
def retry(job: ExportJob, *, user: User) -> ExportJob:
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.FAILED:
        raise RuleViolation(
            _("Only a failed export can be retried; this one is %(status)s.")
            % {"status": job.get_status_display()}
        )
    job.status, job.progress, job.error = Status.PENDING, 0, ""
    job.save(update_fields=["status", "progress", "error"])
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ish.rosters.tasks import build_export

    build_export.delay(job_id)


def run_export(job_id: int) -> None:
    """Build one job's workbook, reporting progress as it goes; safe to run twice."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status=Status.PENDING)
            .select_related("season", "requested_by")
            .first()
        )
        if job is None:
            return  # done already, or another worker has it
        job.status, job.started_at, job.progress = Status.RUNNING, timezone.now(), 0
        job.save(update_fields=["status", "started_at", "progress"])

    def report(percent: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(progress=percent)

    try:
        with tempfile.TemporaryFile() as target:
            rows = workbooks.build(job.kind, job.requested_by, job.season, target, report)
            target.seek(0)
            job.file.save(job.filename, File(target), save=False)
    except Exception as error:  # any failure is the job's, shown to the user and retryable
        logger.exception("Export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED,
            error=f"{error.__class__.__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return
    now = timezone.now()
    with transaction.atomic():
        ExportJob.objects.filter(pk=job_id).update(
            status=Status.DONE,
            progress=100,
            rows=rows,
            file=job.file.name,
            finished_at=now,
            expires_at=now + dt.timedelta(hours=settings.EXPORT_TTL_HOURS),
        )
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
