"""Lab placements: which accepted student works in which lab, and the lab's answer."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ish.history import StatusChange
from ish.labs.models import Lab
from ish.nominations.models import Nomination


class Placement(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="placements", verbose_name=_("student")
    )
    lab = models.ForeignKey(
        Lab, on_delete=models.PROTECT, related_name="placements", verbose_name=_("lab")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    explanation = models.CharField(
        _("why this lab"), max_length=300, blank=True, help_text=_("Written by the matching.")
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    ACTIVE = (Status.PROPOSED, Status.OFFERED, Status.ACCEPTED)
    # What a lab host sees: offers to their lab and their answers, not proposals in the making.
    SHOWN_TO_LAB_HOSTS = (Status.OFFERED, Status.ACCEPTED, Status.DECLINED)

    class Meta:
        ordering = ["lab__name", "nomination__family_name"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(status__in=["proposed", "offered", "accepted"]),
                name="one_active_placement_per_student",
                violation_error_message=_("The student already has an active placement."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=_("The last day must not be before the first."),
            ),
        ]
        indexes = [models.Index(fields=["lab", "status"], name="placement_lab_use")]

    def __str__(self) -> str:
        return f"{self.nomination.full_name} → {self.lab.name}"


class PlacementChange(StatusChange):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("placement status change")
        verbose_name_plural = _("placement status changes")
