"""Celery tasks for the NYSF exchange: thin wrappers around the services."""

from celery import shared_task

from ish.exchange import checklist


@shared_task(ignore_result=True)
def send_departure_reminders() -> int:
    """Beat, daily: remind selected candidates of open checklist items before departure."""
    return checklist.send_departure_reminders()
