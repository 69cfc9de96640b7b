"""Export jobs: an Excel workbook a worker builds for one user, within that user's scope."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.seasons.models import Season
from ish.spreadsheets import registered_export


def export_path(job: "ExportJob", filename: str) -> str:
    return f"exports/{uuid.uuid4().hex}.{registered_export(job.kind).extension}"


class ExportJob(models.Model):
    # The kinds the API fixes; the area offering each registers its sheets (or, for the
    # certificates' ZIP, its own file) and who may ask for it (ish.spreadsheets.export_kind,
    # export_file_kind), so this mechanism imports none of them.
    class Kind(models.TextChoices):
        ROSTER = "roster", _("roster")
        PLACEMENTS = "placements", _("placements")
        HOUSING = "housing", _("housing")
        ARRIVALS = "arrivals", _("arrivals and departures")
        EXCHANGE = "exchange", _("outbound applications")
        EVENT = "event", _("bus and room list of an event")
        CERTIFICATES = "certificates", _("certificates")
        ALUMNI = "alumni", _("alumni")
        SURVEY = "survey", _("answers to an alumni survey")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # A worker has yet to finish it: its page row polls until it is done or failed.
    IN_PROGRESS = (Status.PENDING, Status.RUNNING)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="exports", verbose_name=_("season")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    # What a kind needs besides the season (the event of a bus list), as its area checked it
    # (ish.spreadsheets.ExportKind.parameters); empty for the season-wide kinds.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language it was asked for in: a worker has no request, and writes the sheets' names,
    # headers and labels in this one.
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.ENGLISH,
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # Every change of status or progress sets it: a running job whose worker stops reporting is
    # given up by the sweep, a pending one no worker took is handed out again.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.season.year} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def is_waiting(self) -> bool:
        """No worker has taken it yet."""
        return self.status == self.Status.PENDING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def has_failed(self) -> bool:
        """It can be retried."""
        return self.status == self.Status.FAILED

    @property
    def is_downloadable(self) -> bool:
        """Done and its file still there (the pages and the API serve it only then)."""
        return self.is_done and bool(self.file)

    @property
    def error_message(self) -> str:
        """Why the job failed, in the reader's language (the services store the English)."""
        return gettext(self.error) if self.error else ""

    @property
    def filename(self) -> str:
        """Named by when it was asked for in Heidelberg time, as the exports page shows it."""
        requested = timezone.localtime(self.created_at)
        extension = registered_export(self.kind).extension
        return f"ish-{self.season.year}-{self.kind}-{requested:%Y%m%d-%H%M}.{extension}"

    @property
    def content_type(self) -> str:
        return registered_export(self.kind).content_type
