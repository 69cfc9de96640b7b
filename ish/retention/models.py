"""The record of each retention run: what it anonymised, with the counts before and after."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ish.seasons.models import Season

# What a run counts, in the order it prints them; the first four are what the dashboards count
# and stay, the others hold personal data and go to zero.
COUNTS = {
    "nominations": _("nominations"),
    "applications": _("outbound applications"),
    "placements": _("placements"),
    "housing": _("housing assignments"),
    "nominations_with_personal_data": _("nominations with personal data"),
    "applications_with_personal_data": _("outbound applications with personal data"),
    "documents": _("documents (current and replaced)"),
    "files_on_disk": _("files on disk"),
    "exports": _("exports"),
    "emails_with_bodies": _("e-mails with their text"),
    "notes": _("comments and notes"),
    "audit_entries_with_personal_values": _("audit entries with personal values"),
    "working_links": _("self-service links that work"),
}
KEPT_COUNTS = ("nominations", "applications", "placements", "housing")


class RetentionRun(models.Model):
    class Scope(models.TextChoices):
        SEASON = "season", _("the whole season")
        NOT_SELECTED = "not_selected", _("outbound applicants not selected")

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="retention_runs", verbose_name=_("season")
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    run_at = models.DateTimeField(_("run"), auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    # Kept if the account goes; blank when beat ran it.
    run_by_label = models.CharField(_("by"), max_length=200, blank=True)
    # Before its due date, at the office's explicit request (`--now`).
    early = models.BooleanField(_("before its due date"), default=False)
    before = models.JSONField(_("counts before"), default=dict)
    after = models.JSONField(_("counts after"), default=dict)

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        constraints = [
            models.UniqueConstraint(
                fields=["season"],
                condition=models.Q(scope="season"),
                name="one_season_retention_run",
            )
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.run_at), "SHORT_DATETIME_FORMAT")
        return f"{self.season.year} · {self.get_scope_display()} · {when}"

    @property
    def count_rows(self) -> list[tuple[str, int | None, int | None]]:
        """The counts as rows of label (in the reader's language), before and after."""
        return [
            (str(label), self.before.get(key), self.after.get(key))
            for key, label in COUNTS.items()
            if key in self.before
        ]
