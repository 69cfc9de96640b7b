"""The retention run: anonymise the personal data of a season (or of its NYSF applicants who were
not selected) as ish.retention.catalogue says, delete their documents and the season's exports
with their files, empty the outbox's messages about them, strike personal values from the audit
trail, revoke the self-service links, keep of each alumnus exactly what they agreed to — and keep
a record of the run with its counts."""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.alumni.models import Alumnus
from ish.audit import MASK, masked
from ish.errors import RuleViolation
from ish.exchange.models import Application
from ish.history import name_of
from ish.nominations.models import Nomination
from ish.participants import links
from ish.retention import selectors
from ish.retention.catalogue import ANONYMISED, BY_CONSENT, anonymised_values, kept_fields
from ish.retention.models import RetentionRun
from ish.retention.selectors import Scope
from ish.seasons.models import Season

logger = logging.getLogger(__name__)

# Wraps the people of a run as it goes through them (the command's progress bar).
Progress = Callable[[list], Iterable]


@dataclass(frozen=True)
class Outcome:
    """A run's counts before and after, and its record; a dry run has neither of the last."""

    before: dict[str, int]
    after: dict[str, int] | None = None
    run: RetentionRun | None = None


def anonymise_season(
    season: Season,
    *,
    by: User | None = None,
    by_label: str = "",
    early: bool = False,
    dry_run: bool = False,
    progress: Progress = iter,
) -> Outcome:
    """Anonymise the season's personal data. Before the season is due (selectors.season_due_on)
    only when `early` says the office asked for it (a dry run may look any time); a season done
    before is not done again. `by` is the user who asked, or `by_label` says what started it
    without one (the command); neither: beat's daily run."""
    if selectors.season_run(season) is not None:
        message = _("The personal data of %(year)s has been anonymised already.")
        raise RuleViolation(message % {"year": season.year})
    due_on = selectors.season_due_on(season)
    before_due = timezone.localdate() < due_on
    if before_due and not early and not dry_run:
        message = _("The personal data of %(year)s is kept until %(date)s.")
        raise RuleViolation(message % {"year": season.year, "date": date_format(due_on)})
    return _run(
        Scope.of_season(season),
        RetentionRun.Scope.SEASON,
        by=by,
        by_label=by_label,
        early=before_due,
        dry_run=dry_run,
        progress=progress,
    )


def anonymise_not_selected(
    season: Season, applications: QuerySet[Application], *, progress: Progress = iter
) -> Outcome:
    """Anonymise the season's `applications` that ended without a place
    (selectors.not_selected_due)."""
    # Their ids, not the query: anonymised, they no longer match it, but the counts after the run
    # are about them.
    ids = list(applications.filter(season=season).values_list("pk", flat=True))
    scope = Scope.of_applicants(season, Application.objects.filter(pk__in=ids))
    return _run(scope, RetentionRun.Scope.NOT_SELECTED, progress=progress)


def apply_due(now: dt.datetime | None = None) -> list[RetentionRun]:
    """What beat does daily: every season past its period, then every NYSF applicant not
    selected whose decision is past theirs."""
    now = now or timezone.now()
    runs = [
        anonymise_season(season).run
        for season in selectors.seasons_due(timezone.localdate(now)).order_by("year")
    ]
    due = selectors.not_selected_due(now)
    for season in Season.objects.filter(pk__in=due.values("season")).order_by("year"):
        runs.append(anonymise_not_selected(season, due).run)
    return runs


def _run(
    scope: Scope,
    kind: str,
    *,
    by: User | None = None,
    by_label: str = "",
    early: bool = False,
    dry_run: bool = False,
    progress: Progress = iter,
) -> Outcome:
    before = selectors.census(scope)
    if dry_run:
        return Outcome(before.counts)
    now = timezone.now()
    # The run writes its own audit entry; auditlog would otherwise copy every old value it
    # strikes into new entries.
    # Durable: the files go only after this commit, so the run must never sit inside another
    # transaction that could still roll its rows back.
    with transaction.atomic(durable=True), disable_auditlog():
        nominations = list(
            scope.nominations.select_for_update().filter(anonymised_at__isnull=True).order_by("pk")
        )
        applications = list(
            scope.applications.select_for_update().filter(anonymised_at__isnull=True).order_by("pk")
        )
        # The files of exactly the rows deleted: one uploaded meanwhile keeps its row and file,
        # and the counts after the run show it.
        files: list[str] = []
        for person in progress([*nominations, *applications]):
            if isinstance(person, Nomination):
                files += _anonymise_nomination(person, now)
            else:
                files += _anonymise_application(person, now)
        _keep_by_consent(Alumnus.objects.filter(nomination__in=[n.pk for n in nominations]))
        _anonymise_rows(selectors.emails_of(scope))
        _strike_personal_values(selectors.audit_entries_of(scope))
        files += _delete_rows(selectors.exports_of(scope))
        run = RetentionRun.objects.create(
            season=scope.season,
            scope=kind,
            run_by=by,
            run_by_label=name_of(by) if by else by_label,
            early=early,
            before=before.counts,
        )
    # Only once the rows are gone for good: a run that failed keeps every file.
    _delete_files(files)
    run.after = selectors.census(scope, sorted({*before.files, *files})).counts
    run.save(update_fields=["after"])
    LogEntry.objects.log_create(
        run,
        action=LogEntry.Action.CREATE,
        force_log=True,
        actor=by,
        additional_data={"before": run.before, "after": run.after},
    )
    return Outcome(before.counts, run.after, run)


def _anonymise_nomination(nomination: Nomination, now: dt.datetime) -> list[str]:
    scope = Scope(
        nomination.season,
        Nomination.objects.filter(pk=nomination.pk),
        Application.objects.none(),
        whole_season=False,
    )
    _anonymise_rows([nomination], anonymised_at=now)
    for rows in (
        selectors.placements_of(scope),
        selectors.housing_of(scope),
        selectors.attendance_of(scope),
        selectors.issued_letters_of(scope),
        *selectors.history_of(scope),
    ):
        _anonymise_rows(rows)
    documents, _application_documents = selectors.documents_of(scope)
    links.revoke(nomination)
    return _delete_rows(documents)


def _anonymise_application(application: Application, now: dt.datetime) -> list[str]:
    scope = Scope.of_applicants(application.season, Application.objects.filter(pk=application.pk))
    _anonymise_rows([application], anonymised_at=now)
    for rows in selectors.history_of(scope):
        _anonymise_rows(rows)
    _documents, application_documents = selectors.documents_of(scope)
    return _delete_rows(application_documents)


def _keep_by_consent(alumni: QuerySet[Alumnus]) -> None:
    """Detach the alumni from their nominations with exactly the fields each agreed to keep
    (BY_CONSENT); who never agreed, or withdrew, goes with their answers."""
    alumni.filter(consented_at__isnull=True).delete()
    rows = list(alumni.filter(consented_at__isnull=False))
    for row in rows:
        for name, choice in BY_CONSENT[Alumnus].items():
            if choice not in row.consent:
                setattr(row, name, None if Alumnus._meta.get_field(name).null else "")
        row.nomination = None
    Alumnus.objects.bulk_update(rows, [*BY_CONSENT[Alumnus], "nomination"], batch_size=500)


def _delete_rows(rows: QuerySet) -> list[str]:
    """Delete `rows` (documents, exports) and answer the names of their files."""
    found = dict(rows.values_list("pk", "file"))
    rows.model.objects.filter(pk__in=found).delete()
    return [name for name in found.values() if name]


def _anonymise_rows(rows: Iterable[models.Model], **also) -> None:
    """Give each row's anonymised fields their values by the catalogue's rules (and `also`)."""
    rows = list(rows)
    if not rows:
        return
    model = type(rows[0])
    for row in rows:
        for name, value in {**anonymised_values(row), **also}.items():
            setattr(row, name, value)
    model.objects.bulk_update(rows, [*ANONYMISED[model], *also], batch_size=500)


def _strike_personal_values(entries: QuerySet[LogEntry]) -> None:
    """Keep who did what to which record and when; strike every value of a field that is not
    listed as kept, the record's name, the names of downloaded files and the address of anyone
    without an account (the student or applicant themselves)."""
    struck = []
    for entry in entries.exclude(additional_data__has_key="anonymised").select_related(
        "content_type"
    ):
        kept = kept_fields(entry.content_type.model_class())
        entry.changes = {
            name: values
            if name in kept
            else [masked(value) for value in values]
            if isinstance(values, list)
            else MASK
            for name, values in (entry.changes or {}).items()
        }
        entry.changes_text = ""
        entry.serialized_data = None
        entry.object_repr = f"{entry.content_type.model}:{entry.object_id or entry.object_pk}"
        details = {k: v for k, v in (entry.additional_data or {}).items() if k != "file"}
        entry.additional_data = {**details, "anonymised": True}
        if entry.actor_id is None:
            entry.remote_addr = None
        struck.append(entry)
    LogEntry.objects.bulk_update(
        struck,
        ["changes", "changes_text", "serialized_data", "object_repr", "additional_data",
         "remote_addr"],
        batch_size=500,
    )  # fmt: skip


def _delete_files(names: list[str]) -> None:
    """Delete each file; one that cannot be deleted is logged and counted as still on disk
    by the census after the run, never a reason to stop."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Retention could not delete the file %s", name)
