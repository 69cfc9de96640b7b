"""Celery tasks for placements: thin wrappers around the services."""

from celery import shared_task

from ish.placements import services


@shared_task(ignore_result=True)
def send_offer_reminders() -> tuple[int, int]:
    """Beat, daily: remind lab hosts of unanswered offers, then escalate to the office."""
    return services.send_offer_reminders()
