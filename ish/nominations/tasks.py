"""Celery tasks for nominations: thin wrappers around the services."""

from celery import shared_task

from ish.nominations import reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Beat, daily: remind coordinators 14, 3 and 1 days before their deadline."""
    return reminders.send_deadline_reminders()
