"""Background tasks of the portal itself."""

from celery import shared_task
from celery.signals import worker_ready

from ish.portal import services


@shared_task(bind=True, ignore_result=True)
def record_heartbeat(self) -> None:
    services.record_heartbeat(worker="eager" if self.request.is_eager else self.request.hostname)


@worker_ready.connect
def announce_worker(sender, **kwargs) -> None:
    """A first heartbeat when a worker starts, rather than a minute later from beat."""
    record_heartbeat.delay()
