"""Celery beat's scheduler (CELERY_BEAT_SCHEDULER): Celery's own, which also records each task it
has handed to the broker, so that /healthz can tell a stopped beat from a stopped worker."""

import logging
import socket

from celery.beat import PersistentScheduler
from django.db import DatabaseError, close_old_connections

from ish.portal import services

logger = logging.getLogger(__name__)


class Scheduler(PersistentScheduler):
    """Keeps its schedule in its file as usual (`--schedule`). Beat records its own heartbeat
    rather than relying on a worker's: while no worker runs, the worker's heartbeat says so and
    beat's still proves that the tasks are being sent."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        # Alive from its start: the first task may only be due a minute later.
        self.record_alive(task="")

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        result = super().apply_async(entry, producer=producer, advance=advance, **kwargs)
        self.record_alive(task=entry.task)
        return result

    def record_alive(self, task: str) -> None:
        # Beat runs for weeks outside any request: a connection the database has closed in the
        # meantime is replaced here, as Django does around each request.
        close_old_connections()
        try:
            services.record_beat(host=socket.gethostname(), task=task)
        except DatabaseError:
            # A database outage must not stop the schedule; /healthz reports the database.
            logger.warning("Beat could not record its heartbeat.", exc_info=True)
