"""The student's personal link to the self-service page: no account, signed, expiring, revocable."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ish.nominations.models import Nomination


class ParticipantLink(models.Model):
    nomination = models.OneToOneField(
        Nomination, on_delete=models.CASCADE, related_name="participant_link"
    )
    # Part of the signed token: bumping it revokes every link sent before.
    version = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant link")
        verbose_name_plural = _("participant links")

    def __str__(self) -> str:
        return f"{self.nomination.full_name} (v{self.version})"
