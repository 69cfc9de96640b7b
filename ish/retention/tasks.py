"""Celery tasks for retention: thin wrappers around the services."""

from celery import shared_task

from ish.retention import services


@shared_task(ignore_result=True)
def apply_retention() -> int:
    """Beat, daily: anonymise every season past its retention period and every NYSF applicant
    not selected past theirs; returns how many runs it made."""
    return len(services.apply_due())
