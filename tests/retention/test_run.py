"""The season's run through the service: what goes, what stays, and the record it leaves."""

import pytest
from auditlog.models import LogEntry
from django.core import serializers
from django.db import transaction

from ish.exchange.models import Application, ApplicationChange, ApplicationDocument, Score
from ish.housing.models import HousingAssignment, HousingChange
from ish.nominations.models import Document, Nomination, NominationChange
from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement, PlacementChange
from ish.retention import services
from ish.retention.models import RetentionRun
from ish.rosters.models import ExportJob
from tests.retention.conftest import everything_secret

pytestmark = pytest.mark.usefixtures("due")


def stored_text() -> str:
    """Every row of every model the run touches, and the audit trail, as one text."""
    models = [
        Nomination, NominationChange, Document, Placement, PlacementChange, HousingAssignment,
        HousingChange, Application, ApplicationChange, ApplicationDocument, Score, OutboundEmail,
        ExportJob, LogEntry,
    ]  # fmt: skip
    return "\n".join(serializers.serialize("json", model.objects.all()) for model in models)


def test_nothing_personal_of_the_season_is_stored_after_the_run(past):
    assert all(secret in stored_text() for secret in everything_secret())

    services.anonymise_season(past.season)

    text = stored_text()
    assert [secret for secret in everything_secret() if secret in text] == []


def test_the_run_counts_what_it_found_and_what_is_left(past, organiser):
    outcome = services.anonymise_season(past.season, by=organiser)

    assert outcome.before == {
        "nominations": 1,
        "applications": 1,
        "placements": 1,
        "housing": 1,
        "nominations_with_personal_data": 1,
        "applications_with_personal_data": 1,
        "documents": 6,  # three current and one replaced of the student, two of the applicant
        "files_on_disk": 7,  # and the export's
        "exports": 1,
        "emails_with_bodies": outcome.before["emails_with_bodies"],
        "notes": 7,
        "audit_entries_with_personal_values": outcome.before["audit_entries_with_personal_values"],
        "working_links": 1,
    }
    assert outcome.before["emails_with_bodies"] >= 3
    assert outcome.before["audit_entries_with_personal_values"] >= 8
    assert outcome.after == {
        "nominations": 1,
        "applications": 1,
        "placements": 1,
        "housing": 1,
        "nominations_with_personal_data": 0,
        "applications_with_personal_data": 0,
        "documents": 0,
        "files_on_disk": 0,
        "exports": 0,
        "emails_with_bodies": 0,
        "notes": 0,
        "audit_entries_with_personal_values": 0,
        "working_links": 0,
    }
    run = RetentionRun.objects.get()
    assert (run.season, run.scope, run.run_by, run.early) == (
        past.season,
        "season",
        organiser,
        False,
    )
    assert (run.before, run.after) == (outcome.before, outcome.after)


def test_the_run_refuses_to_sit_inside_another_transaction_since_its_files_go_after_its_commit(
    past, organiser
):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.anonymise_season(past.season, by=organiser, early=True)
