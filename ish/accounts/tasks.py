"""Celery tasks for accounts: thin wrappers around the services."""

from celery import shared_task

from ish.accounts import services


@shared_task(ignore_result=True)
def forget_expired_sign_ins() -> dict[str, int]:
    """Beat, hourly: expired tokens and failed sign-ins past their lockout are deleted."""
    return services.forget_expired_sign_ins()
