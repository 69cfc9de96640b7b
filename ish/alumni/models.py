"""An alumnus: a participant's own copy of exactly what they agreed to keep of their season, with
the consent's date, wording and version; the office's surveys and mails to alumni."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.seasons.models import City, Season

# The consent's text as the participant is shown it (in their language); its version changes
# with its meaning, and each consent stores the version and the words it was given to.
CONSENT_VERSION = "2026-1"
CONSENT_WORDING = _(
    "I agree that the ISH office of the City of Heidelberg keeps the details I ticked above after "
    "the personal data of my season is deleted, to stay in touch with me as an ISH alumnus: to "
    "send me news, invitations and short surveys. I can change or withdraw this at any time "
    "through my personal link; withdrawing deletes these details at once."
)


class Alumnus(models.Model):
    """Asked when their season ended; an alumnus once they agreed (`consented_at`). Only the
    fields named in `consent` ever hold a value (ish.alumni.services)."""

    class Field(models.TextChoices):
        NAME = "name", _("name")
        CITY = "city", _("city")
        LAB = "lab", _("lab")
        EMAIL = "email", _("e-mail")
        LATER_STUDIES = "later_studies", _("later studies")

    # Until the retention run anonymises the nomination: then the alumnus stands alone.
    nomination = models.OneToOneField(
        Nomination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumnus",
        verbose_name=_("nomination"),
    )
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="alumni", verbose_name=_("season")
    )
    # The language they were asked in and their pages are shown in.
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.ENGLISH,
    )
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    consent = models.JSONField(_("consent"), default=list, blank=True)
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)
    consent_wording = models.TextField(_("consent wording"), blank=True)
    consent_language = models.CharField(
        _("consent language"), max_length=LANGUAGE_CODE_LENGTH, blank=True
    )
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed from mails"), null=True, blank=True)

    # The copies, each only while its field is in `consent`.
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    lab = models.ForeignKey(
        Lab,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lab"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    later_studies = models.TextField(_("later studies"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-season__year", "name", "pk"]
        verbose_name = _("alumnus")
        verbose_name_plural = _("alumni")

    def __str__(self) -> str:
        # Never the name: the audit trail keeps this text, and a withdrawal must leave nothing.
        return f"{_('alumnus')} {self.pk}"

    @property
    def is_alumnus(self) -> bool:
        return self.consented_at is not None

    @property
    def receives_mail(self) -> bool:
        return (
            self.is_alumnus
            and self.Field.EMAIL in self.consent
            and bool(self.email)
            and self.unsubscribed_at is None
        )

    @property
    def kept_name(self) -> str:
        """Their name only where they agreed to keep it (blank otherwise)."""
        return self.name if self.Field.NAME in self.consent else ""

    def consent_labels(self) -> list[str]:
        labels = dict(self.Field.choices)
        return [str(labels[name]) for name in self.Field.values if name in self.consent]


class Survey(models.Model):
    """A few questions the office asks its alumni; they answer through their link while open."""

    title = models.CharField(_("title"), max_length=120)
    introduction = models.TextField(_("introduction"), blank=True)
    is_open = models.BooleanField(_("open for answers"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alumni survey")
        verbose_name_plural = _("alumni surveys")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("free text")
        CHOICE = "choice", _("one choice")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One choice a line (questions of one choice only).")
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Answer(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    alumnus = models.ForeignKey(
        Alumnus, on_delete=models.CASCADE, related_name="answers", verbose_name=_("alumnus")
    )
    text = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["question", "alumnus"], name="one_answer_per_alumnus")
        ]

    def __str__(self) -> str:
        return f"{self.question} · {self.alumnus}"


class GroupMail(models.Model):
    """A mail the office wrote to a chosen group of alumni (sent through the outbox)."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("mail to alumni")
        verbose_name_plural = _("mails to alumni")

    def __str__(self) -> str:
        return self.subject
