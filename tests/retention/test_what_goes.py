"""What a season's run deletes or empties: files, exports, the outbox's texts, the audit trail's
personal values, the self-service link; and what a person's data archive holds afterwards."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from ish.nominations.models import Document
from ish.notifications.models import OutboundEmail
from ish.retention import services
from ish.retention.models import RetentionRun
from ish.rosters.models import ExportJob
from tests.retention.conftest import SECRETS, STUDENT_ADDRESS, everything_secret

pytestmark = pytest.mark.usefixtures("due")


def test_documents_current_and_replaced_and_exports_are_gone_from_disk(past):
    on_disk = [Path(settings.MEDIA_ROOT) / name for name in past.files]
    assert len(on_disk) == 7
    assert all(path.exists() for path in on_disk)

    services.anonymise_season(past.season)

    assert [path for path in on_disk if path.exists()] == []
    assert not Document.objects.filter(nomination=past.nomination).exists()
    assert not past.application.documents.exists()
    assert not ExportJob.objects.filter(season=past.season).exists()


def test_the_outbox_keeps_its_messages_but_not_their_texts_or_addresses(past):
    emails = OutboundEmail.objects.order_by("pk")
    events = list(emails.values_list("event", "status"))
    assert any(SECRETS["email"] == email.to for email in emails)

    services.anonymise_season(past.season)

    assert list(emails.values_list("event", "status")) == events
    assert set(emails.values_list("to", "recipient_name", "subject", "body_text", "body_html")) == {
        ("", "", "", "", "")
    }


def test_the_audit_trail_keeps_who_did_what_but_no_personal_value(past, organiser):
    about_her = LogEntry.objects.filter(
        object_id=past.nomination.pk, content_type__model="nomination"
    )
    actions = sorted(about_her.values_list("action", flat=True))

    services.anonymise_season(past.season, by=organiser)

    assert sorted(about_her.values_list("action", flat=True)) == actions
    trail = json.dumps(list(LogEntry.objects.values()), default=str)
    assert [secret for secret in everything_secret() if secret in trail] == []
    assert STUDENT_ADDRESS not in trail
    created = about_her.get(action=LogEntry.Action.CREATE)
    assert created.changes["status"] == [None, "draft"]  # not personal: kept
    assert created.changes["given_name"] == [None, "***"]
    assert created.object_repr == f"nomination:{past.nomination.pk}"


def test_the_run_leaves_its_own_audit_entry_with_its_counts(past, organiser):
    outcome = services.anonymise_season(past.season, by=organiser)

    entry = LogEntry.objects.get(content_type__model="retentionrun")
    assert entry.object_id == RetentionRun.objects.get().pk
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == organiser
    assert entry.additional_data == {"before": outcome.before, "after": outcome.after}


def test_the_nominating_principals_link_no_longer_opens(past, client):
    from ish.exchange.services import nominator_url

    url = nominator_url(past.application).removeprefix(settings.SITE_URL)
    assert client.get(url).status_code == 200

    services.anonymise_season(past.season)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("which", ["nomination", "application"])
def test_a_persons_data_archive_after_the_run_holds_nothing_personal(past, api_as, which):
    services.anonymise_season(past.season)

    person = getattr(past, which)
    route = (
        "nomination-personal-data"
        if which == "nomination"
        else "exchange-application-personal-data"
    )
    response = api_as("organiser").get(reverse(route, args=[person.pk]))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["data.json"]  # no documents left
    data = archive.read("data.json").decode()
    assert [secret for secret in everything_secret() if secret in data] == []
    assert json.loads(data)[which]["anonymised_at"]
