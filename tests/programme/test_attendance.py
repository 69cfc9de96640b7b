"""Marking attendance by role, expected attendance from the audience, the counts, an event's list
as each role sees it, "missing attendance", and a minor's emergency contact read under audit."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.programme.attendance import (
    Counts,
    attendance_counts,
    attendance_of,
    emergency_contact,
    events_on,
    events_run_by,
    mark,
    missing_attendance,
)
from ish.programme.models import Attendance, Event
from tests.factories import BERLIN, EventFactory
from tests.programme.summer import DAY, attendance_summer, more_students

pytestmark = pytest.mark.django_db
summer = pytest.fixture(attendance_summer, name="summer")

AFTER_THE_DAY = dt.datetime.combine(DAY, dt.time(20), tzinfo=BERLIN)


def statuses(event, user) -> dict[str, str]:
    return {row.given_name: row.attendance_status for row in attendance_of(event, user)}


# --- who marks whom ------------------------------------------------------------------------


def test_the_office_marks_anyone_expected_and_the_row_says_who_and_when(summer):
    row = mark(summer.workshop, summer.kenji.pk, "present", by=summer.organiser)

    stored = Attendance.objects.get(event=summer.workshop, nomination=summer.kenji)
    assert stored == row
    assert stored.status == "present"
    assert stored.marked_by == summer.organiser
    assert abs(stored.marked_at - timezone.now()) < dt.timedelta(minutes=1)


def test_marking_again_changes_the_one_row(summer):
    mark(summer.workshop, summer.kenji.pk, "present", by=summer.organiser)
    mark(summer.workshop, summer.kenji.pk, "absent", by=summer.organiser)

    assert Attendance.objects.filter(nomination=summer.kenji).count() == 1
    assert statuses(summer.workshop, summer.organiser)["Kenji"] == "absent"


def test_excused_needs_a_reason_and_the_error_names_the_field(summer):
    with pytest.raises(ValidationError) as refused:
        mark(summer.workshop, summer.kenji.pk, "excused", by=summer.organiser, reason="  ")

    assert set(refused.value.message_dict) == {"reason"}
    assert not Attendance.objects.exists()


def test_the_reason_is_kept_for_excused_only(summer):
    mark(summer.workshop, summer.kenji.pk, "excused", by=summer.organiser, reason="Fever")
    mark(summer.workshop, summer.aiko.pk, "absent", by=summer.organiser, reason="Overslept")

    reasons = dict(Attendance.objects.values_list("nomination__given_name", "reason"))
    assert reasons == {"Kenji": "Fever", "Aiko": ""}


def test_an_unknown_status_is_refused_naming_status(summer):
    with pytest.raises(ValidationError) as refused:
        mark(summer.workshop, summer.kenji.pk, "late", by=summer.organiser)

    assert set(refused.value.message_dict) == {"status"}


def test_a_participant_not_expected_at_the_event_is_refused_naming_nomination(summer):
    with pytest.raises(ValidationError) as refused:
        mark(summer.lab_day, summer.kenji.pk, "present", by=summer.organiser)  # optics, not genome

    assert set(refused.value.message_dict) == {"nomination"}
    assert not Attendance.objects.exists()


def test_a_lab_host_marks_their_own_students_at_their_lab_event(summer):
    mark(summer.lab_day, summer.noa.pk, "present", by=summer.genome_host)

    assert statuses(summer.lab_day, summer.organiser) == {"Noa": "present", "Aiko": "expected"}


def test_a_lab_host_cannot_mark_another_labs_event(summer):
    assert summer.lab_day not in events_run_by(summer.optics_host)
    with pytest.raises(PermissionDenied):
        mark(summer.lab_day, summer.aiko.pk, "present", by=summer.optics_host)


def test_a_lab_host_cannot_mark_at_an_event_that_is_not_a_lab_event(summer):
    assert summer.workshop not in events_run_by(summer.genome_host)
    with pytest.raises(PermissionDenied):
        mark(summer.workshop, summer.aiko.pk, "present", by=summer.genome_host)


def test_a_lab_host_cannot_mark_another_labs_student_at_a_shared_lab_event(summer):
    summer.lab_day.labs.add(summer.optics)

    with pytest.raises(ValidationError) as refused:
        mark(summer.lab_day, summer.kenji.pk, "present", by=summer.genome_host)

    assert set(refused.value.message_dict) == {"nomination"}
    mark(summer.lab_day, summer.kenji.pk, "present", by=summer.optics_host)


def test_a_coordinator_marks_nothing(summer):
    assert not events_run_by(summer.coordinator).exists()
    with pytest.raises(PermissionDenied):
        mark(summer.workshop, summer.aiko.pk, "present", by=summer.coordinator)


def test_nobody_is_marked_at_a_cancelled_event(summer):
    Event.objects.filter(pk=summer.workshop.pk).update(cancelled_at=timezone.now())
    summer.workshop.refresh_from_db()

    with pytest.raises(RuleViolation):
        mark(summer.workshop, summer.aiko.pk, "present", by=summer.organiser)


# --- expected, the list and the counts -----------------------------------------------------


def test_everyone_the_audience_names_is_expected_until_marked(summer):
    assert statuses(summer.workshop, summer.organiser) == {
        "Noa": "expected",
        "Kenji": "expected",
        "Aiko": "expected",
    }


def test_a_withdrawn_participant_drops_out_of_the_list_and_the_counts(summer):
    mark(summer.workshop, summer.kenji.pk, "present", by=summer.organiser)
    Nomination.objects.filter(pk=summer.kenji.pk).update(status=Nomination.Status.WITHDRAWN)

    assert set(statuses(summer.workshop, summer.organiser)) == {"Noa", "Aiko"}
    assert attendance_counts(summer.workshop, summer.organiser).present == 0


def test_the_list_is_by_family_name_with_the_city(summer):
    rows = list(attendance_of(summer.workshop, summer.organiser))

    assert [(row.family_name, row.city.name) for row in rows] == [
        ("Levi", "Rehovot"),
        ("Sato", "Kumamoto"),
        ("Tanaka", "Kumamoto"),
    ]


def test_a_coordinator_sees_their_citys_participants_only(summer):
    assert set(statuses(summer.workshop, summer.coordinator)) == {"Kenji", "Aiko"}


def test_a_lab_host_sees_their_own_students_only(summer):
    summer.lab_day.labs.add(summer.optics)

    assert set(statuses(summer.lab_day, summer.genome_host)) == {"Noa", "Aiko"}
    assert set(statuses(summer.lab_day, summer.optics_host)) == {"Kenji"}


def test_the_list_reads_no_sensitive_field(summer):
    row = attendance_of(summer.workshop, summer.genome_host).first()

    deferred = row.get_deferred_fields()
    assert {"emergency_contact_name", "emergency_contact_phone", "medical_notes"} <= deferred
    assert {"allergies", "dietary_requirements", "passport_number", "email"} <= deferred


def test_the_counts_add_up_by_status(summer):
    mark(summer.workshop, summer.aiko.pk, "present", by=summer.organiser)
    mark(summer.workshop, summer.kenji.pk, "excused", by=summer.organiser, reason="Ill")

    assert attendance_counts(summer.workshop, summer.organiser) == Counts(
        expected=3, present=1, excused=1, absent=0, unmarked=1
    )
    assert attendance_counts(summer.workshop, summer.coordinator) == Counts(
        expected=2, present=1, excused=1, absent=0, unmarked=0
    )


def test_a_mark_taken_back_counts_as_not_yet_marked(summer):
    mark(summer.workshop, summer.aiko.pk, "absent", by=summer.organiser)
    mark(summer.workshop, summer.aiko.pk, "expected", by=summer.organiser)

    assert attendance_counts(summer.workshop, summer.organiser).unmarked == 3


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_and_the_counts_take_one_query_each_for_few_and_many(
    summer, count, django_assert_num_queries
):
    for student in more_students(summer, count)[::3]:
        mark(summer.workshop, student.pk, "present", by=summer.organiser)

    with django_assert_num_queries(1):
        rows = list(attendance_of(summer.workshop, summer.organiser))
    with django_assert_num_queries(1):
        counts = attendance_counts(summer.workshop, summer.organiser)

    assert len(rows) == counts.expected == count + 3
    assert counts.present == len(range(0, count, 3))


# --- the dashboard's reads -----------------------------------------------------------------


def test_todays_events_are_those_the_user_runs(summer):
    assert list(events_on(DAY, summer.organiser)) == [summer.workshop, summer.lab_day]
    assert list(events_on(DAY, summer.genome_host)) == [summer.lab_day]
    assert list(events_on(DAY, summer.optics_host)) == []
    assert list(events_on(DAY + dt.timedelta(days=1), summer.organiser)) == []


def test_missing_attendance_lists_ended_events_with_someone_not_marked(summer):
    for student in (summer.aiko, summer.kenji, summer.noa):
        mark(summer.workshop, student.pk, "present", by=summer.organiser)
    mark(summer.lab_day, summer.aiko.pk, "present", by=summer.organiser)
    mark(summer.lab_day, summer.noa.pk, "expected", by=summer.organiser)  # taken back
    tomorrow = EventFactory(season=summer.season, starts_at=AFTER_THE_DAY + dt.timedelta(days=1))
    cancelled = EventFactory(season=summer.season, cancelled_at=timezone.now())

    at_noon = dt.datetime.combine(DAY, dt.time(12, 30), tzinfo=BERLIN)
    assert list(missing_attendance(summer.organiser, at_noon)) == []
    missing = list(missing_attendance(summer.organiser, AFTER_THE_DAY))
    assert missing == [summer.lab_day]
    assert tomorrow not in missing
    assert cancelled not in missing


def test_a_lab_host_misses_only_their_own_students_marks(summer):
    summer.lab_day.labs.add(summer.optics)
    mark(summer.lab_day, summer.aiko.pk, "present", by=summer.genome_host)
    mark(summer.lab_day, summer.noa.pk, "excused", by=summer.genome_host, reason="Ill")

    assert list(missing_attendance(summer.genome_host, AFTER_THE_DAY)) == []
    assert list(missing_attendance(summer.optics_host, AFTER_THE_DAY)) == [summer.lab_day]
    assert list(missing_attendance(summer.organiser, AFTER_THE_DAY)) == [
        summer.lab_day,
        summer.workshop,
    ]


# --- a minor's emergency contact -----------------------------------------------------------


def test_the_office_reads_an_emergency_contact_and_the_read_is_audited(summer):
    contact = emergency_contact(summer.workshop, summer.aiko.pk, summer.organiser)

    assert contact.emergency_contact_name == "Haruka Tanaka"
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(summer.aiko.pk))
    assert entry.actor == summer.organiser


def test_a_lab_host_never_reads_an_emergency_contact(summer):
    with pytest.raises(PermissionDenied):
        emergency_contact(summer.lab_day, summer.aiko.pk, summer.genome_host)
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_no_contact_of_someone_not_expected_at_the_event(summer):
    with pytest.raises(Nomination.DoesNotExist):
        emergency_contact(summer.lab_day, summer.kenji.pk, summer.organiser)
