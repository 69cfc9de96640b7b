"""Host institutes and their research labs, which take students each season."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ish.languages import CEFR
from ish.seasons.models import ResearchField


class Institute(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institute")
        verbose_name_plural = _("institutes")

    def __str__(self) -> str:
        return self.short_name or self.name


class Lab(models.Model):
    institute = models.ForeignKey(
        Institute, on_delete=models.PROTECT, related_name="labs", verbose_name=_("institute")
    )
    name = models.CharField(_("name"), max_length=200)
    head = models.CharField(_("head"), max_length=200, blank=True)
    fields = models.ManyToManyField(
        ResearchField, related_name="labs", verbose_name=_("research fields")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity per season"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many students the lab hosts at most in one season."),
    )
    description = models.TextField(_("description"), blank=True)
    min_english_level = models.CharField(
        _("preferred English level"),
        max_length=2,
        choices=CEFR.choices,
        blank=True,
        help_text=_(
            "Among students who ranked the lab's field equally high, matching prefers those "
            "with at least this level."
        ),
    )

    class Meta:
        ordering = ["institute__name", "name"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "name"],
                name="unique_lab_name_per_institute",
                violation_error_message=_("This institute already has a lab with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="lab_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.institute})"
