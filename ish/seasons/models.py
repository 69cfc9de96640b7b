"""The season's frame: partner cities, research fields, the season's dates and each city's quota."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ish.dates import DEFAULT_TIME_ZONE, validate_time_zone
from ish.seasons.names import city_name, field_name


class City(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner city")
        FRIENDSHIP = "friendship", _("Friendship city")
        EXCHANGE = "exchange", _("Exchange partner")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARTNER)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_(
            "The city's IANA time zone, such as Asia/Tokyo: its coordinators see deadlines in "
            "Heidelberg time and in this one."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (ish.seasons.names); `name` is as stored."""
        return city_name(self.name)


class ResearchField(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("research field")
        verbose_name_plural = _("research fields")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (ish.seasons.names); `name` is as stored."""
        return field_name(self.name)


class Season(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1996), MaxValueValidator(2200)]
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first programme day"))
    ends_on = models.DateField(_("last programme day"))
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    exchange_deadline = models.DateTimeField(
        _("NYSF application deadline"),
        null=True,
        blank=True,
        help_text=_("Heidelberg pupils apply for the NYSF exchange until then; empty: closed."),
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=16, validators=[MaxValueValidator(99)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age"), default=22, validators=[MaxValueValidator(99)]
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="season_ends_after_start",
                violation_error_message=_("The last programme day must be after the first."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_age__gte=models.F("min_age")),
                name="season_age_limits_ordered",
                violation_error_message=_("The maximum age must not be below the minimum age."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.year)

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.year and self.starts_on.year != self.year:
            errors["starts_on"] = _("The programme must start in the season's year.")
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The last programme day must be after the first.")
        if (
            self.nomination_deadline
            and self.starts_on
            and timezone.localdate(self.nomination_deadline) >= self.starts_on
        ):
            errors["nomination_deadline"] = _("The deadline must be before the programme starts.")
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        if errors:
            raise ValidationError(errors)

    @property
    def duration_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Quota(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("season")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("city")
    )
    places = models.PositiveSmallIntegerField(_("places"), validators=[MaxValueValidator(100)])
    alternates = models.PositiveSmallIntegerField(
        _("alternates"), default=0, validators=[MaxValueValidator(100)]
    )
    deadline = models.DateTimeField(
        _("own deadline"),
        null=True,
        blank=True,
        help_text=_("Overrides the season's nomination deadline for this city."),
    )

    class Meta:
        ordering = ["season", "city__name"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "city"],
                name="one_quota_per_city_and_season",
                violation_error_message=_("This city already has a quota for this season."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.season.year}"

    @property
    def effective_deadline(self) -> dt.datetime:
        return self.deadline or self.season.nomination_deadline

    @property
    def total(self) -> int:
        """How many nominations the city may submit: places plus alternates."""
        return self.places + self.alternates

    def deadline_passed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) > self.effective_deadline

    def days_to_deadline(self, today: dt.date | None = None) -> int:
        """Whole days from today (Europe/Berlin) to the deadline's day; negative once past."""
        today = today or timezone.localdate()
        return (timezone.localdate(self.effective_deadline) - today).days
