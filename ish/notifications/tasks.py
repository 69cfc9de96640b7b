"""Celery tasks delivering the outbox: thin wrappers around the services."""

from celery import shared_task

from ish.notifications import services
from ish.notifications.services import Delivery


@shared_task(acks_late=True, ignore_result=True)
def deliver_email(email_id: int) -> str:
    result = services.deliver(email_id)
    if result.outcome == Delivery.RETRY:
        # A new delayed message rather than Celery's retry(): the attempt count lives in the row,
        # so a resend or the sweep starts from the truth, not from a task's retry counter.
        deliver_email.apply_async((email_id,), countdown=result.retry_in.total_seconds())
    return result.outcome


@shared_task(ignore_result=True)
def requeue_pending_emails() -> int:
    """Beat's sweep: re-enqueue mail a lost task or a broker outage left pending."""
    email_ids = services.pending_due()
    services.enqueue_delivery(email_ids)
    return len(email_ids)
