"""The import of a full template in a fixed number of queries, with every effect of creating the
drafts one by one: their history, their audit entries, their ranks."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.nominations import drafts, services, spreadsheet
from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.nominations.workbooks import filled_template, student

pytestmark = pytest.mark.django_db

# Reading the permissions, deadline, research fields, last rank and addresses taken, locking the
# quota, four inserts and their savepoints: whatever the number of rows.
MAX_QUERIES = 20


def import_rows(coordinator, season, rows: list[dict]) -> list[Nomination]:
    upload = SimpleUploadedFile(
        "nominations.xlsx", filled_template(season, rows), content_type=spreadsheet.XLSX
    )
    return spreadsheet.import_nominations(
        upload, actor=coordinator, season=season, city=coordinator.city
    )


@pytest.mark.parametrize("count", [10, spreadsheet.MAX_ROWS])
def test_importing_500_rows_takes_no_more_queries_than_10(
    coordinator, quota, count, django_assert_max_num_queries
):
    rows = [student(n) for n in range(1, count + 1)]

    with django_assert_max_num_queries(MAX_QUERIES):
        created = import_rows(coordinator, quota.season, rows)

    assert len(created) == count
    assert Nomination.objects.count() == count


def test_imported_drafts_are_ranked_after_the_city_s_nominations_in_file_order(coordinator, quota):
    NominationFactory(season=quota.season, rank=7)
    rows = [student(1), student(2, Rank=12), student(3)]

    import_rows(coordinator, quota.season, rows)

    ranks = dict(
        Nomination.objects.filter(email__startswith="aiko").values_list("family_name", "rank")
    )
    assert ranks == {"Tanaka 1": 8, "Tanaka 2": 12, "Tanaka 3": 13}


def test_each_imported_draft_has_the_history_and_audit_entry_of_one_created_by_hand(
    coordinator, quota
):
    with set_actor(coordinator, remote_addr="203.0.113.7"):
        (imported,) = import_rows(coordinator, quota.season, [student(1)])
        by_hand = services.create_nomination(
            actor=coordinator,
            season=quota.season,
            city=coordinator.city,
            interests=list(imported.research_interests.all()),
            **{name: getattr(imported, name) for name in IMPORTED_FIELDS} | {"email": "b@x.jp"},
        )

    for nomination in (imported, by_hand):
        change = nomination.changes.get()
        assert (change.action, change.to_status, change.actor) == ("create", "draft", coordinator)
    imported_entry, by_hand_entry = (
        LogEntry.objects.get(object_id=n.pk, content_type__model="nomination")
        for n in (imported, by_hand)
    )
    for entry in (imported_entry, by_hand_entry):
        assert entry.action == LogEntry.Action.CREATE
        assert (entry.actor, entry.remote_addr) == (coordinator, "203.0.113.7")
    differing = {"id", "email", "rank", "created_at", "updated_at"}
    assert {k: v for k, v in imported_entry.changes.items() if k not in differing} == {
        k: v for k, v in by_hand_entry.changes.items() if k not in differing
    }
    assert imported_entry.changes["family_name"] == [None, "Tanaka 1"]
    assert imported_entry.object_repr == str(imported)


IMPORTED_FIELDS = [
    "given_name", "family_name", "date_of_birth", "gender", "phone", "nationality", "school",
    "graduation_year", "english_level", "german_level", "motivation", "language",
    "emergency_contact_name", "emergency_contact_phone",
]  # fmt: skip


def test_an_address_nominated_by_someone_else_meanwhile_is_named_by_row(
    coordinator, quota, monkeypatch
):
    """Another transaction nominates the address after the import looked the taken ones up."""
    NominationFactory(season=quota.season, email="AIKO2@example.jp")
    monkeypatch.setattr(drafts, "_addresses_taken", lambda season, drafts: set())

    with pytest.raises(spreadsheet.ImportRejected) as rejected:
        import_rows(coordinator, quota.season, [student(1), student(2), student(3)])

    assert rejected.value.errors == [
        {
            "row": 3,
            "column": "E-mail",
            "message": "A student with this e-mail address is already nominated for this season.",
        }
    ]
    assert Nomination.objects.count() == 1
