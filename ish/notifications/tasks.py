"""Celery tasks delivering the outbox: thin wrappers around the services."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerUnreachable

from ish.notifications import services
from ish.notifications.services import Delivery

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def deliver_email(email_id: int) -> str:
    return _deliver(email_id)


@shared_task(acks_late=True, ignore_result=True)
def deliver_emails(email_ids: list[int]) -> dict[str, int]:
    """A batch stored together: each message is sent, retried or failed on its own. A worker
    lost mid-batch gets the task again (acks_late), and `deliver` skips what was already sent."""
    outcomes: dict[str, int] = {}
    for email_id in email_ids:
        outcome = _deliver(email_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _deliver(email_id: int) -> str:
    result = services.deliver(email_id)
    if result.outcome == Delivery.RETRY:
        # A new delayed message rather than Celery's retry(): the attempt count lives in the row,
        # so a resend or the sweep starts from the truth, not from a task's retry counter.
        try:
            deliver_email.apply_async((email_id,), countdown=result.retry_in.total_seconds())
        except BrokerUnreachable:
            # The row keeps its next attempt; the beat sweep re-enqueues it after the outage.
            logger.warning("Broker unreachable; e-mail %s waits for the next sweep.", email_id)
    return result.outcome


@shared_task(ignore_result=True)
def requeue_pending_emails() -> int:
    """Beat's sweep: re-enqueue mail a lost task or a broker outage left pending."""
    email_ids = services.pending_due()
    services.enqueue_delivery(email_ids)
    return len(email_ids)
