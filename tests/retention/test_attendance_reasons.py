"""Why a student was excused from an event is personal data: the season's run blanks the reasons
(counted among the notes) and keeps who was present, excused or absent."""

import datetime as dt

import pytest

from ish.programme.models import Attendance
from ish.retention import services
from ish.retention.selectors import Scope, census
from tests.factories import BERLIN, EventFactory, NominationFactory

pytestmark = pytest.mark.usefixtures("due")

REASON = "REASON hospital visit with her grandmother 42"


@pytest.fixture
def marked(past, organiser):
    event = EventFactory(
        season=past.season,
        starts_at=dt.datetime(2025, 7, 18, 10, tzinfo=BERLIN),
        ends_at=dt.datetime(2025, 7, 18, 12, tzinfo=BERLIN),
    )
    excused = Attendance.objects.create(
        event=event,
        nomination=past.nomination,
        status="excused",
        reason=REASON,
        marked_by=organiser,
    )
    later = EventFactory()  # the 2027 season's: no run of 2025 touches it
    other = NominationFactory(season=later.season, status="accepted")
    kept = Attendance.objects.create(event=later, nomination=other, status="excused", reason=REASON)
    return excused, kept


def test_the_run_blanks_attendance_reasons_and_keeps_the_statuses(past, marked):
    excused, kept = marked

    services.anonymise_season(past.season)

    excused.refresh_from_db()
    assert excused.reason == ""
    assert excused.status == "excused"
    kept.refresh_from_db()
    assert kept.reason == REASON


def test_attendance_reasons_are_counted_among_the_notes_before_and_after(past, marked):
    before = census(Scope.of_season(past.season)).counts["notes"]
    Attendance.objects.filter(pk=marked[0].pk).update(reason="")
    assert census(Scope.of_season(past.season)).counts["notes"] == before - 1

    Attendance.objects.filter(pk=marked[0].pk).update(reason=REASON)
    outcome = services.anonymise_season(past.season)

    assert outcome.before["notes"] == before
    assert outcome.after["notes"] == 0
