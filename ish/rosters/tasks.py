"""Celery tasks for exports: thin wrappers around the services."""

from celery import shared_task

from ish.rosters import services


@shared_task(bind=True, acks_late=True, ignore_result=True)
def build_export(self, job_id: int) -> None:
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    services.run_export(job_id, redelivered=redelivered)


@shared_task(ignore_result=True)
def delete_expired_exports() -> int:
    """Beat, hourly: exports hold personal data and are kept only EXPORT_TTL_HOURS."""
    return services.delete_expired()


@shared_task(ignore_result=True)
def sweep_exports() -> dict[str, int]:
    """Beat, every two minutes: hand out again the jobs a broker outage or a lost task left
    pending, and fail those whose worker died while running them, so they can be retried."""
    return {
        "requeued": len(services.requeue_pending()),
        "failed": services.fail_stalled(),
    }
