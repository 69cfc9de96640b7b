"""The programme weeks: what happens when and where, who is expected, who came, and the final
presentations."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.seasons.models import City, Season


class Event(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("welcome")
        WORKSHOP = "workshop", _("workshop")
        LAB = "lab", _("lab")
        EXCURSION = "excursion", _("excursion")
        PRESENTATION = "presentation", _("presentation")
        CEREMONY = "ceremony", _("ceremony")
        SOCIAL = "social", _("social")
        OTHER = "other", _("other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("everyone")
        CITIES = "cities", _("chosen cities")
        LABS = "labs", _("chosen labs' students")
        PARTICIPANTS = "participants", _("chosen participants")

    class Meal(models.TextChoices):
        NONE = "none", _("no meal")
        BREAKFAST = "breakfast", _("breakfast")
        LUNCH = "lunch", _("lunch")
        DINNER = "dinner", _("dinner")
        PACKED_LUNCH = "packed_lunch", _("packed lunch")

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="events", verbose_name=_("season")
    )
    # The office's wording; `title_translations` holds it in other languages ({"de": "…"}), shown
    # to readers of those languages. One column rather than one per language: the API fixes
    # `title` as one string, whichever language the writer reads.
    title = models.CharField(_("title"), max_length=200)
    title_translations = models.JSONField(_("title in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    audience = models.CharField(
        _("who attends"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    cities = models.ManyToManyField(City, blank=True, related_name="+", verbose_name=_("cities"))
    labs = models.ManyToManyField(Lab, blank=True, related_name="+", verbose_name=_("labs"))
    participants = models.ManyToManyField(
        Nomination, blank=True, related_name="listed_events", verbose_name=_("participants")
    )
    meal = models.CharField(_("meal"), max_length=12, choices=Meal.choices, default=Meal.NONE)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # A calendar's identity of the event and its revision: a feed's readers update their copy
    # when SEQUENCE grows, and a cancelled event stays in the feed as CANCELLED.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "title", "id"]
        verbose_name = pgettext_lazy("programme", "event")
        verbose_name_plural = pgettext_lazy("programme", "events")
        indexes = [models.Index(fields=["season", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An event ends after it starts.")})

    def title_in(self, language: str | None) -> str:
        return self.title_translations.get(language or "", "") or self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language where the office gave one."""
        return self.title_in(get_language())

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_lab_work(self) -> bool:
        """Time in the labs: the events a lab host runs for their own students."""
        return self.kind == self.Kind.LAB

    @property
    def has_meal(self) -> bool:
        return self.meal != self.Meal.NONE


class Attendance(models.Model):
    """Whether one participant came to one event. A participant the audience names and nobody
    has marked yet is `expected` without a row."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("expected")
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=pgettext_lazy("programme", "event"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.EXPECTED
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), auto_now=True)

    class Meta:
        ordering = ["event", "nomination"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "nomination"], name="one_attendance_per_event_and_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} – {self.event}: {self.get_status_display()}"


class Presentation(models.Model):
    """A slot of the final presentations: one participant, or a lab's pair, presenting."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("season")
    )
    room = models.CharField(_("room"), max_length=100)
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)
    nominations = models.ManyToManyField(
        Nomination, related_name="presentations", verbose_name=_("participants")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "room", "id"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        indexes = [models.Index(fields=["season", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret calendar address: whoever knows it reads that user's programme, so the
    user can reset it (the old address then answers 404)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
