"""The audit trail of changes: every followed record's creation, change (field by field) and
deletion, with the user who made it and the client's address as the trusted proxies give it."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from ish.nominations.models import Nomination
from tests.factories import (
    PASSWORD,
    AccommodationFactory,
    ApplicationDocumentFactory,
    ApplicationFactory,
    CoordinatorFactory,
    DocumentFactory,
    HousingAssignmentFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    QuotaFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

Action = LogEntry.Action


def entries_of(obj, action: int | None = None):
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
    return entries if action is None else entries.filter(action=action)


# What issue 12 names: nominations, documents of both areas, placements, housing, accommodations,
# exchange applications, users, quotas and seasons.
FOLLOWED = {
    "nomination": lambda: NominationFactory(),
    "nomination document": lambda: DocumentFactory(),
    "placement": lambda: PlacementFactory(),
    "housing assignment": lambda: HousingAssignmentFactory(),
    "accommodation": lambda: AccommodationFactory(),
    "exchange application": lambda: ApplicationFactory(),
    "exchange document": lambda: ApplicationDocumentFactory(),
    "user": lambda: CoordinatorFactory(),
    "quota": lambda: QuotaFactory(),
    "season": lambda: SeasonFactory(year=2031),
}


@pytest.mark.parametrize("kind", FOLLOWED)
def test_creating_a_followed_record_is_an_entry_with_its_stored_values(kind):
    obj = FOLLOWED[kind]()

    created = entries_of(obj, Action.CREATE).get()

    assert created.changes["id"] == [None, obj.pk]
    # Only stored fields: no reverse relation (a nomination's documents) is listed as a value.
    assert not any(str(new).endswith(".None") for _old, new in created.changes.values())


@pytest.mark.parametrize("kind", FOLLOWED)
def test_deleting_a_followed_record_is_an_entry_that_outlives_it(kind):
    obj = FOLLOWED[kind]()
    pk, content_type = obj.pk, ContentType.objects.get_for_model(obj)
    if kind == "nomination":  # a nomination keeps its history; nothing else refers to it here
        obj.changes.all().delete()
    obj.delete()

    assert LogEntry.objects.filter(
        content_type=content_type, object_id=pk, action=Action.DELETE
    ).exists()


def test_an_api_change_of_a_sensitive_field_is_kept_with_who_when_and_from_where(
    organiser, season, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    nomination = NominationFactory(season=season, medical_notes="")
    client = APIClient(REMOTE_ADDR="172.18.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    client.force_authenticate(organiser)  # as a token: DRF authenticates in the view

    response = client.patch(
        reverse("nomination-detail", args=[nomination.pk]),
        {"medical_notes": "Asthma; carries an inhaler.", "school": "Seiseiko High School"},
    )

    assert response.status_code == 200
    change = entries_of(nomination, Action.UPDATE).get()
    assert change.changes == {
        "medical_notes": ["", "Asthma; carries an inhaler."],
        "school": ["Kumamoto Prefectural High School", "Seiseiko High School"],
    }
    assert change.actor == organiser
    assert change.remote_addr == "198.51.100.7"  # what the proxy saw, not what the client sent
    assert change.timestamp is not None


def test_without_a_trusted_proxy_the_address_is_the_connections(organiser, season, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    nomination = NominationFactory(season=season)
    client = APIClient(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    client.force_authenticate(organiser)

    client.patch(reverse("nomination-detail", args=[nomination.pk]), {"allergies": "cats"})

    assert entries_of(nomination, Action.UPDATE).get().remote_addr == "203.0.113.9"


def test_a_change_on_a_portal_page_names_the_signed_in_user(client, organiser, season):
    nomination = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    client.force_login(organiser)

    client.post(
        reverse("placements:propose") + f"?season={season.pk}",
        {"nomination": nomination.pk, "lab": LabFactory().pk},
    )

    proposed = entries_of(nomination.placements.get(), Action.CREATE).get()
    assert proposed.actor == organiser
    assert proposed.remote_addr == "127.0.0.1"


def test_a_password_change_is_recorded_but_never_the_hash(coordinator):
    earlier = set(entries_of(coordinator).values_list("pk", flat=True))
    coordinator.set_password("a-new-and-longer-passphrase")
    coordinator.save()

    change = entries_of(coordinator, Action.UPDATE).exclude(pk__in=earlier).get()
    assert change.changes == {"password": ["***", "***"]}
    assert "a-new" not in str(change.changes)
    assert coordinator.password not in str(change.changes)
    assert "md5" not in str(LogEntry.objects.filter(object_id=coordinator.pk).values("changes"))


def test_signing_in_changes_nothing_the_trail_keeps(client, coordinator):
    entries = entries_of(coordinator).count()

    signed_in = client.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )

    assert signed_in.status_code == 302

    assert entries_of(coordinator).count() == entries


def test_what_belongs_to_a_student_names_the_student_in_its_entries(season):
    nomination = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    document = DocumentFactory(nomination=nomination)
    placement = PlacementFactory(nomination=nomination)
    bed = HousingAssignmentFactory(nomination=nomination)

    for obj in (document, placement, bed):
        assert entries_of(obj, Action.CREATE).get().additional_data == {"nomination": nomination.pk}
