"""The shape every status history shares: who changed what from which status to which, and why.

Each workflow keeps its own history table (with a real foreign key to what changed) built on
this abstract model, and writes rows with `record_change`.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=200, blank=True)  # kept if the user goes
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def actor_label(actor, fallback: Promise) -> str:
    """How the history names who acted: the user's name, or e.g. "the system" (a lazy string,
    stored in the portal's default language whoever's request made the change)."""
    if actor is None:
        with translation.override(settings.LANGUAGE_CODE):
            return str(fallback)
    return actor.get_full_name() or actor.username
