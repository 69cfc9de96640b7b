"""The run before its due date (at the office's request), as a dry run, and a second time."""

import pytest
from auditlog.models import LogEntry
from django.core import serializers
from django.urls import reverse

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.participants import links
from ish.participants.models import ParticipantLink
from ish.retention import services
from ish.retention.models import RetentionRun
from tests.retention.conftest import SECRETS
from tests.retention.test_run import stored_text


def test_a_season_is_not_anonymised_before_its_due_date_unless_the_office_asks(past):
    with pytest.raises(RuleViolation, match="kept until 13 August 2026"):
        services.anonymise_season(past.season)
    assert not RetentionRun.objects.exists()

    outcome = services.anonymise_season(past.season, early=True)

    assert outcome.run.early is True
    assert outcome.after["nominations_with_personal_data"] == 0


def test_the_students_self_service_link_stops_working(past, client):
    link = ParticipantLink.objects.get(nomination=past.nomination)
    url = reverse("participants:self_service", args=[links.token_for(link)])
    assert client.get(url).status_code == 200

    services.anonymise_season(past.season, early=True)

    assert client.get(url).status_code == 404


def test_a_dry_run_changes_nothing_and_tells_what_would_go(past):
    before = stored_text()
    entries = LogEntry.objects.count()

    outcome = services.anonymise_season(past.season, dry_run=True)

    assert stored_text() == before
    assert LogEntry.objects.count() == entries
    assert not RetentionRun.objects.exists()
    assert (outcome.run, outcome.after) == (None, None)
    assert outcome.before["nominations_with_personal_data"] == 1
    assert outcome.before["documents"] == 6


@pytest.mark.usefixtures("due")
def test_a_season_anonymised_once_is_not_anonymised_again(past):
    services.anonymise_season(past.season)
    after_first = stored_text()

    with pytest.raises(RuleViolation, match="anonymised already"):
        services.anonymise_season(past.season)

    assert stored_text() == after_first
    assert RetentionRun.objects.count() == 1
    assert services.apply_due() == []


def test_a_later_season_is_left_as_it_is(past, later):
    before = serializers.serialize("json", Nomination.objects.filter(pk=later.pk))

    services.anonymise_season(past.season, early=True)

    assert serializers.serialize("json", Nomination.objects.filter(pk=later.pk)) == before
    assert Nomination.objects.get(pk=later.pk).email
    assert SECRETS["email"] not in stored_text()
