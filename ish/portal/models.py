"""Operational state the portal shows: whether the background worker and beat are alive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """Written by a worker each time beat's heartbeat task runs: proves worker and beat are up."""

    worker = models.CharField(_("worker"), max_length=200)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class BeatHeartbeat(models.Model):
    """Written by beat's scheduler (ish.portal.beat) when it starts and each time it has sent a
    task to the broker: proves beat is up even while no worker takes its tasks."""

    host = models.CharField(_("host"), max_length=200)
    task = models.CharField(_("last task sent"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("last sent"))

    class Meta:
        verbose_name = _("beat heartbeat")
        verbose_name_plural = _("beat heartbeats")

    def __str__(self) -> str:
        return f"{self.host} at {self.sent_at:%Y-%m-%d %H:%M:%S}"
