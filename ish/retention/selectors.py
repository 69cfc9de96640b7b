"""Reads for retention: what is due when, which rows belong to a run, what they still hold (the
counts a run prints before and after), and the runs the office sees."""

import datetime as dt
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from ish.exchange.models import Application, ApplicationChange, ApplicationDocument, Score
from ish.housing.models import HousingAssignment, HousingChange
from ish.labs.models import Lab
from ish.letters.models import IssuedLetter
from ish.nominations.models import Document, Nomination, NominationChange
from ish.notifications.models import OutboundEmail
from ish.participants.models import ParticipantLink
from ish.placements.models import Placement, PlacementChange
from ish.programme.models import Attendance
from ish.retention.models import RetentionRun
from ish.rosters.models import ExportJob
from ish.seasons.models import Quota, Season


@dataclass(frozen=True)
class Scope:
    """The people one run anonymises: a whole season's (with its exports and its e-mails about
    the season as a whole) or some of its NYSF applicants."""

    season: Season
    nominations: QuerySet[Nomination]
    applications: QuerySet[Application]
    whole_season: bool

    @classmethod
    def of_season(cls, season: Season) -> "Scope":
        return cls(
            season,
            Nomination.objects.filter(season=season),
            Application.objects.filter(season=season),
            whole_season=True,
        )

    @classmethod
    def of_applicants(cls, season: Season, applications: QuerySet[Application]) -> "Scope":
        return cls(season, Nomination.objects.none(), applications, whole_season=False)


@dataclass
class Census:
    """What a scope holds: the counts, and the files its documents and exports lie in (checked
    again on disk after the run, when their rows are gone)."""

    counts: dict[str, int]
    files: list[str] = field(default_factory=list)


def season_due_on(season: Season) -> dt.date:
    return season.ends_on + relativedelta(months=settings.RETENTION_MONTHS_AFTER_SEASON)


def seasons_due(today: dt.date | None = None) -> QuerySet[Season]:
    """Seasons past their retention period that no run has anonymised yet."""
    today = today or timezone.localdate()
    pending = Season.objects.exclude(retention_runs__scope=RetentionRun.Scope.SEASON)
    # By season_due_on itself (there are a few seasons), so that beat runs on the day the
    # season's page names, month ends and leap days included.
    return pending.filter(pk__in=[s.pk for s in pending if season_due_on(s) <= today])


def not_selected_due(now: dt.datetime | None = None) -> QuerySet[Application]:
    """Outbound applications that ended without a place (rejected or withdrawn) and still hold
    personal data, decided longer than RETENTION_MONTHS_AFTER_NOT_SELECTED ago. The decision is
    the history's change into the final status (else the application's last change)."""
    limit = (now or timezone.now()) - relativedelta(
        months=settings.RETENTION_MONTHS_AFTER_NOT_SELECTED
    )
    decided = Coalesce(
        Max("changes__created_at", filter=Q(changes__to_status=F("status"))), "updated_at"
    )
    return (
        Application.objects.filter(status__in=Application.FINAL, anonymised_at__isnull=True)
        .annotate(decided_on=decided)
        .filter(decided_on__lte=limit)
    )


def season_run(season: Season) -> RetentionRun | None:
    return season.retention_runs.filter(scope=RetentionRun.Scope.SEASON).first()


@dataclass(frozen=True)
class SeasonRetention:
    """What the season's page tells the office: when its personal data is due to go, and each
    run that anonymised some of it, with its counts."""

    due_on: dt.date
    runs: list[RetentionRun]

    @property
    def done(self) -> bool:
        return any(run.scope == RetentionRun.Scope.SEASON for run in self.runs)


def season_retention(season: Season) -> SeasonRetention:
    return SeasonRetention(season_due_on(season), list(season.retention_runs.all()))


# --- what belongs to a scope -------------------------------------------------------------------


def _about(model, ids) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)


def placements_of(scope: Scope) -> QuerySet[Placement]:
    return Placement.objects.filter(nomination__in=scope.nominations)


def housing_of(scope: Scope) -> QuerySet[HousingAssignment]:
    return HousingAssignment.objects.filter(nomination__in=scope.nominations)


def attendance_of(scope: Scope) -> QuerySet[Attendance]:
    return Attendance.objects.filter(nomination__in=scope.nominations)


def issued_letters_of(scope: Scope) -> QuerySet[IssuedLetter]:
    return IssuedLetter.objects.filter(nomination__in=scope.nominations)


def emails_of(scope: Scope) -> QuerySet[OutboundEmail]:
    """The outbox's messages about the scope's people and what belongs to them; for a whole
    season also those about its quotas and exports, and the labs' lists of offered students
    sent up to the season's last day (they name this season's students or an earlier one's)."""
    nominations = scope.nominations.values("pk")
    query = (
        _about(Nomination, nominations)
        | _about(Placement, placements_of(scope).values("pk"))
        | _about(HousingAssignment, housing_of(scope).values("pk"))
        | _about(Application, scope.applications.values("pk"))
    )
    if scope.whole_season:
        last_day = dt.datetime.combine(scope.season.ends_on, dt.time.max)
        query |= (
            _about(Quota, Quota.objects.filter(season=scope.season).values("pk"))
            | _about(ExportJob, ExportJob.objects.filter(season=scope.season).values("pk"))
            | (
                Q(content_type=ContentType.objects.get_for_model(Lab))
                & Q(created_at__lte=timezone.make_aware(last_day))
            )
        )
    return OutboundEmail.objects.filter(query)


def audit_entries_of(scope: Scope) -> QuerySet[LogEntry]:
    """The audit entries about the scope's people: of their records and of everything that
    names them as its owner (ish.audit.about)."""
    nominations = list(scope.nominations.values_list("pk", flat=True))
    applications = list(scope.applications.values_list("pk", flat=True))
    return LogEntry.objects.filter(
        _about(Nomination, nominations)
        | Q(additional_data__nomination__in=nominations)
        | _about(Application, applications)
        | Q(additional_data__application__in=applications)
    )


def documents_of(scope: Scope) -> tuple[QuerySet[Document], QuerySet[ApplicationDocument]]:
    return (
        Document.objects.filter(nomination__in=scope.nominations),
        ApplicationDocument.objects.filter(application__in=scope.applications),
    )


def exports_of(scope: Scope) -> QuerySet[ExportJob]:
    if not scope.whole_season:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(season=scope.season)


def history_of(scope: Scope) -> list[QuerySet]:
    """Every history row and free text about the scope's people."""
    return [
        NominationChange.objects.filter(nomination__in=scope.nominations),
        PlacementChange.objects.filter(placement__nomination__in=scope.nominations),
        HousingChange.objects.filter(assignment__nomination__in=scope.nominations),
        ApplicationChange.objects.filter(application__in=scope.applications),
        Score.objects.filter(application__in=scope.applications),
    ]


def census(scope: Scope, files: list[str] | None = None) -> Census:
    """The scope's counts; `files` (from an earlier census) are the ones checked on disk,
    otherwise those of the scope's documents and exports."""
    documents, application_documents = documents_of(scope)
    exports = exports_of(scope)
    if files is None:
        files = [
            *documents.values_list("file", flat=True),
            *application_documents.values_list("file", flat=True),
            *exports.exclude(file="").values_list("file", flat=True),
        ]
    notes = sum(rows.exclude(comment="").count() for rows in history_of(scope))
    notes += placements_of(scope).filter(~Q(comment="") | ~Q(explanation="")).count()
    notes += housing_of(scope).exclude(warnings=[]).count()
    notes += attendance_of(scope).exclude(reason="").count()
    counts = {
        "nominations": scope.nominations.count(),
        "applications": scope.applications.count(),
        "placements": placements_of(scope).count(),
        "housing": housing_of(scope).count(),
        "nominations_with_personal_data": scope.nominations.filter(
            anonymised_at__isnull=True
        ).count(),
        "applications_with_personal_data": scope.applications.filter(
            anonymised_at__isnull=True
        ).count(),
        "documents": documents.count() + application_documents.count(),
        "files_on_disk": sum(1 for name in files if default_storage.exists(name)),
        "exports": exports.count(),
        "emails_with_bodies": emails_of(scope)
        .filter(~Q(body_text="") | ~Q(body_html="") | ~Q(to=""))
        .count(),
        "notes": notes,
        "audit_entries_with_personal_values": audit_entries_of(scope)
        .exclude(additional_data__has_key="anonymised")
        .count(),
        "working_links": ParticipantLink.objects.filter(
            nomination__in=scope.nominations, revoked_at__isnull=True
        ).count(),
    }
    return Census(counts, list(files))
