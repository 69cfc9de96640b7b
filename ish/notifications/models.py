"""The outbox: every e-mail the system sends, stored with the change that caused it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.notifications.catalogue import event_label


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # "to" is also a status change's new status (ish.history): the context tells them apart.
    to = models.EmailField(pgettext_lazy("e-mail recipient", "to"))
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    event = models.CharField(_("event"), max_length=50, db_index=True)  # a catalogue name
    language = models.CharField(
        _("language"), max_length=LANGUAGE_CODE_LENGTH, choices=Language.choices
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("about (type)")
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"))
    about = GenericForeignKey("content_type", "object_id")
    # Unique: the same event about the same object to the same address is stored (and sent) once.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["content_type", "object_id"], name="outbox_about"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.to}"

    @property
    def event_label(self) -> str:
        return event_label(self.event)

    @property
    def has_failed(self) -> bool:
        """Every attempt failed: only such a message can be resent."""
        return self.status == self.Status.FAILED
