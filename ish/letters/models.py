"""The office's letters: its settings (signatories, letterhead, addresses), its wording per kind
of document and language, and every document issued, by reference number."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.nominations.models import Nomination


def signature_path(settings_row: "LetterSettings", filename: str) -> str:
    """A private, unguessable path: nothing about the signatory leaks from the file's name."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"letters/signatures/{uuid.uuid4().hex}{suffix}"


class Kind(models.TextChoices):
    """The office's documents about a participant."""

    INVITATION = "invitation", _("letter of invitation")
    ACCEPTANCE = "acceptance", _("letter of acceptance")
    CERTIFICATE = "certificate", _("certificate")


# The short code of each kind in a reference number (ISH-2027-INV-00042).
REFERENCE_CODES = {Kind.INVITATION: "INV", Kind.ACCEPTANCE: "ACC", Kind.CERTIFICATE: "CRT"}


class LetterSettings(models.Model):
    """The office's one row of settings every document reads (`LetterSettings.current()`)."""

    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.FileField(
        _("signature image"), upload_to=signature_path, max_length=200, blank=True
    )
    # Certificates carry two signature blocks (e.g. the mayor's and the office's head's).
    second_signatory_name = models.CharField(
        _("second signatory"), max_length=200, blank=True, help_text=_("Certificates only.")
    )
    second_signatory_title = models.CharField(
        _("second signatory's title"), max_length=200, blank=True
    )
    second_signature = models.FileField(
        _("second signature image"), upload_to=signature_path, max_length=200, blank=True
    )
    letterhead = models.TextField(
        _("letterhead"), max_length=1000, blank=True, help_text=_("One line per line printed.")
    )
    host_address = models.TextField(_("host's address"), max_length=1000, blank=True)
    office_contact = models.TextField(
        _("office's contact"), max_length=1000, blank=True, help_text=_("E-mail, phone, web.")
    )
    costs_covered = models.TextField(
        _("who covers what"),
        max_length=3000,
        blank=True,
        help_text=_("Printed in the letter of invitation: who pays travel, board and lodging."),
    )
    attach_acceptance_letter = models.BooleanField(
        _("attach the letter of acceptance to acceptance e-mails"), default=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(_("letter settings"))

    @classmethod
    def current(cls) -> "LetterSettings":
        """The one row; before the office first saves it, an unsaved one with no values (a
        read never writes)."""
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls()


class LetterText(models.Model):
    """The office's wording of one kind of document in one language; where there is none, the
    defaults written in ish.letters.texts apply."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=LANGUAGE_CODE_LENGTH, choices=Language.choices
    )
    title = models.CharField(_("title"), max_length=200)
    opening = models.CharField(_("opening"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=6000)
    closing = models.CharField(_("closing"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("letter text")
        verbose_name_plural = _("letter texts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="letter_text_kind_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class IssuedLetter(models.Model):
    """One document handed out: its reference number is printed on it, and the verification
    page confirms it by a signed token naming this row."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="issued_letters",
        verbose_name=_("nomination"),
    )
    language = models.CharField(
        _("language"), max_length=LANGUAGE_CODE_LENGTH, choices=Language.choices
    )
    reference = models.CharField(_("reference number"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # The name exactly as printed: the verification page shows it, whatever the nomination
    # says later.
    name_printed = models.CharField(_("name as printed"), max_length=250)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
