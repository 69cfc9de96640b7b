"""Celery tasks for alumni: thin wrappers around the services."""

from celery import shared_task

from ish.alumni import services


@shared_task(ignore_result=True)
def ask_ended_seasons() -> int:
    """Beat, daily: ask the participants of every ended season, once, whether to stay in touch;
    returns how many were asked."""
    return services.ask_due()
