"""Lab placements: which accepted student works in which lab, the lab's answer, and the
matching runs that proposed them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ish.history import StatusChange
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.explanations import explanation_text
from ish.seasons.models import Season


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
    # Codes (ish.placements.explanations), read in the reader's language: `explanation_text`.
    explanation = models.TextField(
        _("why this lab"), blank=True, help_text=_("Written by the matching.")
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    ACTIVE = (Status.PROPOSED, Status.OFFERED, Status.ACCEPTED)
    # Placements that take one of a lab's places, or are about to.
    HOLDS_CAPACITY = (Status.OFFERED, Status.ACCEPTED)
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

    @property
    def explanation_text(self) -> str:
        """Why the matching proposed this lab, in the reader's language."""
        return explanation_text(self.explanation)

    def get_additional_data(self) -> dict:
        """Whose placement this is, kept with each of its audit entries (auditlog's hook)."""
        return {"nomination": self.nomination_id}


class PlacementChange(StatusChange):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="changes")

    subject = "placement"
    EVENTS = {"match": _("by the matching"), "propose": _("proposed by hand")}
    # A matching's row keeps its placement's explanation, as codes, in its comment.
    EXPLAINED = "explained"
    REASONS = {
        "nomination_withdrawn": _("The nomination was withdrawn."),
        EXPLAINED: _("Proposed by the matching."),
    }

    @property
    def note(self) -> str:
        if self.reason == self.EXPLAINED and self.comment:
            return explanation_text(self.comment)
        return super().note

    class Meta(StatusChange.Meta):
        verbose_name = _("placement status change")
        verbose_name_plural = _("placement status changes")


class MatchRun(models.Model):
    """One matching run of a season: who ran it when, how many labs it proposed, and why it left
    each unmatched student without one (kept as reason codes, shown in the reader's language)."""

    class Reason(models.TextChoices):
        NO_INTERESTS = "no_interests", _("The student has no research interests.")
        NO_LAB_FOR_INTERESTS = (
            "no_lab_for_interests",
            _("No lab covers the student's research interests."),
        )
        LABS_FULL = (
            "labs_full",
            _("Every lab for the student's interests is full with students it ranks higher."),
        )
        DECLINED_BY_ALL = (
            "declined_by_all",
            _("Every lab for the student's interests has declined them."),
        )

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("season")
    )
    run_at = models.DateTimeField(_("run"), auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    run_by_label = models.CharField(_("by"), max_length=200, blank=True)  # kept if the user goes
    proposed = models.PositiveIntegerField(_("proposed"))
    # nomination id (a string: JSON keys are) → a Reason code
    unmatched = models.JSONField(_("unmatched students"), default=dict, blank=True)

    class Meta:
        ordering = ["-run_at", "-pk"]
        get_latest_by = ["run_at", "pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.season} · {self.run_at:%Y-%m-%d %H:%M}"

    def reasons(self) -> dict[int, str]:
        """Nomination id → why the run left the student without a lab, in the active language."""
        labels = dict(self.Reason.choices)
        return {int(pk): str(labels.get(code, code)) for pk, code in self.unmatched.items()}
