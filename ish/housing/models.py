"""Where students sleep: host families and residence rooms, and who stays there when."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.history import StatusChange
from ish.nominations.models import Nomination


class DietaryOption(models.TextChoices):
    VEGETARIAN = "vegetarian", _("vegetarian")
    VEGAN = "vegan", _("vegan")
    HALAL = "halal", _("halal")
    KOSHER = "kosher", _("kosher")
    GLUTEN_FREE = "gluten_free", _("gluten-free")
    LACTOSE_FREE = "lactose_free", _("lactose-free")
    NUT_FREE = "nut_free", _("nut-free")


ISO_639_1 = re.compile(r"[a-z]{2}")
CODE_SEPARATORS = re.compile(r"[,;\s]+")


def language_codes(value) -> list[str]:
    """The languages a host speaks, typed (“DE, en; fr”) or listed (["de", "EN"]): lower-cased,
    sorted, each once. The one rule for the portal, the API and the admin: a ValidationError
    names every code that does not have two letters."""
    items = value if isinstance(value, list | tuple) else [value]
    codes = [code.lower() for item in items for code in CODE_SEPARATORS.split(str(item)) if code]
    bad = [code for code in codes if not ISO_639_1.fullmatch(code)]
    if bad:
        raise ValidationError(
            _("Use two-letter codes such as de, en or fr, not: %(codes)s"),
            params={"codes": ", ".join(bad)},
            code="invalid",
        )
    return sorted(set(codes))


def diets(value) -> list[str]:
    """The diets a host can cook for, sorted, each once; a ValidationError names any that is not
    one of `DietaryOption` (the portal and the API offer only those; the admin takes any JSON)."""
    items = value if isinstance(value, list | tuple) else [value]
    bad = [str(item) for item in items if item not in DietaryOption.values]
    if bad:
        raise ValidationError(
            _("Choose the diets from the list, not: %(diets)s"),
            params={"diets": ", ".join(bad)},
            code="invalid_choice",
        )
    return sorted(set(items))


class Accommodation(models.Model):
    class Kind(models.TextChoices):
        HOST_FAMILY = "host_family", _("host family")
        RESIDENCE = "residence", _("residence")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.TextField(_("address"))
    beds = models.PositiveSmallIntegerField(
        _("beds"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    pets = models.CharField(
        _("pets"), max_length=200, blank=True, help_text=_("e.g. “cat, dog”; empty if none")
    )
    smoking = models.BooleanField(_("smoking household"), default=False)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. de, en")
    )
    dietary_options = models.JSONField(
        _("diets served"), default=list, blank=True, help_text=_("What the host can cook for.")
    )
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"))
    notes = models.TextField(_("notes"), blank=True)
    language = models.CharField(
        _("language for e-mails"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.GERMAN,
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__gt=F("available_from")),
                name="accommodation_available_window",
                violation_error_message=_("“Available until” must be after “available from”."),
            ),
            models.CheckConstraint(condition=Q(beds__gte=1), name="accommodation_has_beds"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dietary_labels(self) -> list[str]:
        """The diets served, in the reader's language (like get_kind_display for a list)."""
        labels = dict(DietaryOption.choices)
        return [str(labels.get(option, option)) for option in self.dietary_options]

    def clean(self) -> None:
        errors = {}
        for name, rule in (("languages", language_codes), ("dietary_options", diets)):
            try:
                setattr(self, name, rule(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error
        # The constraint above cannot name a field; whoever fills in the form must see it there.
        start, end = self.available_from, self.available_until
        if start and end and end <= start:
            errors["available_until"] = _("“Available until” must be after “available from”.")
        if errors:
            raise ValidationError(errors)


class HousingAssignment(models.Model):
    """A student's bed from the check-in day to the check-out day (which frees the bed)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="housing", verbose_name=_("student")
    )
    accommodation = models.ForeignKey(
        Accommodation,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("accommodation"),
    )
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    # Codes and parameters (ish.housing.rules), read in the reader's language: `warning_texts`.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Bumped by every change the student and host must hear about, so each is mailed once.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    OCCUPYING = (Status.PROPOSED, Status.CONFIRMED)

    class Meta:
        ordering = ["check_in", "accommodation__name"]
        verbose_name = _("housing assignment")
        verbose_name_plural = _("housing assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(check_out__gt=F("check_in")),
                name="housing_check_out_after_check_in",
                violation_error_message=_("Check-out must be after check-in."),
            ),
        ]
        indexes = [
            models.Index(fields=["accommodation", "status", "check_in"], name="housing_nights"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.nomination.full_name} @ {self.accommodation} ({self.check_in}–{self.check_out})"
        )

    def get_additional_data(self) -> dict:
        """Whose bed this is, kept with each of its audit entries (auditlog's hook)."""
        return {"nomination": self.nomination_id}

    @property
    def warning_texts(self) -> list[str]:
        """The warnings in the reader's language."""
        # The rules read this model, so they are imported when read, not when this is defined.
        from ish.housing.rules import warning_texts

        return warning_texts(self.warnings)

    @property
    def is_occupying(self) -> bool:
        """Proposed or confirmed: it takes a bed, and it can still be changed."""
        return self.status in self.OCCUPYING

    @property
    def is_confirmed(self) -> bool:
        """The student and the host have been told; a change is mailed to them again."""
        return self.status == self.Status.CONFIRMED

    @property
    def nights(self) -> list[dt.date]:
        return [
            self.check_in + dt.timedelta(days=n)
            for n in range((self.check_out - self.check_in).days)
        ]


class HousingChange(StatusChange):
    assignment = models.ForeignKey(
        HousingAssignment, on_delete=models.CASCADE, related_name="changes"
    )

    subject = "assignment"
    EVENTS = {
        "propose": _("proposed by hand"),
        "suggest": _("suggested"),
        "change": _("dates or place changed"),
    }
    REASONS = {"nomination_withdrawn": _("The nomination was withdrawn.")}

    class Meta(StatusChange.Meta):
        verbose_name = _("housing status change")
        verbose_name_plural = _("housing status changes")
