"""Who completed the programme: the rule's cases (absent too often, excused counts as present, an
unmarked event, events to come, a ceremony left aside, set by hand winning both ways), the
single and the season-wide reading agreeing, the office's verdict by hand in the history, and the
season's reading in a flat number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ish.errors import RuleViolation
from ish.nominations.models import Nomination, NominationChange
from ish.programme.attendance import mark
from ish.programme.completion import completion_of, completions_of, set_completion
from tests.factories import BERLIN, EventFactory
from tests.programme.summer import attendance_summer, more_students

pytestmark = pytest.mark.django_db
summer = pytest.fixture(attendance_summer, name="summer")

# The 2027 season runs 17 July to 13 August; this is the evening after its last day.
AFTER = dt.datetime(2027, 8, 13, 22, 0, tzinfo=BERLIN)
DURING = dt.datetime(2027, 7, 25, 12, 0, tzinfo=BERLIN)
BEFORE = dt.datetime(2027, 7, 1, 12, 0, tzinfo=BERLIN)


def workshops(summer, count: int) -> list:
    """`count` more workshops for everyone, one a day from 20 July (at most 20)."""
    first = dt.datetime(2027, 7, 20, 10, tzinfo=BERLIN)
    return [
        EventFactory(
            season=summer.season,
            starts_at=first + dt.timedelta(days=n),
            ends_at=first + dt.timedelta(days=n, hours=2),
        )
        for n in range(count)
    ]


def both_readings(nomination, now):
    """The participant's completion read alone and with the whole season: they must agree."""
    alone = completion_of(Nomination.objects.get(pk=nomination.pk), now)
    together = completions_of(nomination.season, now)[nomination.pk]
    assert alone == together
    return alone


def test_a_participant_absent_at_two_events_completes_and_at_three_does_not(summer):
    events = workshops(summer, 3)
    for event in events[:2]:
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)

    two = both_readings(summer.kenji, AFTER)
    mark(events[2], summer.kenji.pk, "absent", by=summer.organiser)
    three = both_readings(summer.kenji, AFTER)

    assert (two.completed, two.absences) == (True, 2)
    assert (three.completed, three.absences, three.why_not) == (False, 3, "absent")
    assert three.reason == ("Absent at 3 events; at most 2 absences complete the programme.")


def test_the_number_of_absences_allowed_is_a_setting(summer, settings):
    settings.PROGRAMME_ABSENCES_ALLOWED = 0
    mark(summer.workshop, summer.kenji.pk, "absent", by=summer.organiser)

    assert both_readings(summer.kenji, AFTER).completed is False
    assert both_readings(summer.aiko, AFTER).completed is True


def test_an_excused_absence_counts_as_present(summer):
    for event in workshops(summer, 3):
        mark(event, summer.kenji.pk, "excused", by=summer.organiser, reason="Fever")

    completion = both_readings(summer.kenji, AFTER)

    assert (completion.completed, completion.absences) == (True, 0)


def test_an_event_nobody_marked_counts_as_present(summer):
    workshops(summer, 4)

    assert both_readings(summer.noa, AFTER).completed is True


def test_absences_count_only_where_the_participant_was_expected(summer):
    """Kenji is in the optics lab: a mark left at the genome lab's day is not his absence."""
    summer.lab_day.labs.add(summer.optics)
    events = workshops(summer, 2)
    for event in [*events, summer.lab_day]:
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)
    summer.lab_day.labs.remove(summer.optics)

    assert both_readings(summer.kenji, AFTER).absences == 2


def test_a_cancelled_event_does_not_count(summer):
    events = workshops(summer, 3)
    for event in events:
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)
    events[0].cancelled_at = AFTER
    events[0].save()

    completion = both_readings(summer.kenji, AFTER)

    assert (completion.completed, completion.absences) == (True, 2)


def test_while_events_are_to_come_the_programme_has_not_ended_for_them(summer):
    completion = both_readings(summer.aiko, DURING.replace(month=7, day=18, hour=11))

    assert completion.completed is False
    assert completion.why_not == "not_ended"
    assert completion.to_come == 2  # the workshop ends at 12:00, the lab day at 17:00
    assert completion.reason == "The programme has not ended for them yet: 2 events to come."


def test_the_closing_ceremony_does_not_keep_the_programme_open(summer):
    EventFactory(
        season=summer.season,
        kind="ceremony",
        title="Farewell at the town hall",
        starts_at=dt.datetime(2027, 8, 14, 11, tzinfo=BERLIN),
        ends_at=dt.datetime(2027, 8, 14, 13, tzinfo=BERLIN),
    )

    assert both_readings(summer.kenji, AFTER).completed is True


def test_before_the_season_starts_nobody_has_completed_it(summer):
    completion = both_readings(summer.kenji, BEFORE)

    assert (completion.completed, completion.why_not) == (False, "not_started")


def test_set_by_hand_wins_over_attendance_both_ways(summer):
    for event in workshops(summer, 3):
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)
    set_completion(summer.kenji, True, actor=summer.organiser)
    set_completion(summer.aiko, False, actor=summer.organiser)

    kenji, aiko = both_readings(summer.kenji, AFTER), both_readings(summer.aiko, AFTER)

    assert (kenji.completed, kenji.by_hand) == (True, True)
    assert (aiko.completed, aiko.by_hand, aiko.why_not) == (False, True, "by_hand")
    assert aiko.reason == "The ISH office marked the programme as not completed."


def test_set_back_to_derived_attendance_decides_again(summer):
    for event in workshops(summer, 3):
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)
    set_completion(summer.kenji, True, actor=summer.organiser)
    set_completion(summer.kenji, None, actor=summer.organiser)

    assert both_readings(summer.kenji, AFTER).completed is False


def test_a_withdrawn_student_has_not_completed_it_and_cannot_be_marked(summer):
    Nomination.objects.filter(pk=summer.kenji.pk).update(status=Nomination.Status.WITHDRAWN)
    kenji = Nomination.objects.get(pk=summer.kenji.pk)

    assert completion_of(kenji, AFTER).why_not == "not_a_participant"
    assert summer.kenji.pk not in completions_of(summer.season, AFTER)
    with pytest.raises(RuleViolation):
        set_completion(kenji, True, actor=summer.organiser)


def test_only_the_office_sets_it_by_hand(summer):
    with pytest.raises(PermissionDenied):
        set_completion(summer.kenji, True, actor=summer.coordinator)

    assert Nomination.objects.get(pk=summer.kenji.pk).completed_programme is None


def test_each_change_by_hand_is_in_the_history_and_a_repeat_is_not(summer):
    set_completion(summer.kenji, False, actor=summer.organiser)
    set_completion(summer.kenji, False, actor=summer.organiser)
    set_completion(summer.kenji, True, actor=summer.organiser)
    set_completion(summer.kenji, None, actor=summer.organiser)

    changes = NominationChange.objects.filter(nomination=summer.kenji).order_by("id")
    assert [(c.action, c.from_status, c.to_status) for c in changes] == [
        ("completion_no", "accepted", "accepted"),
        ("completion_yes", "accepted", "accepted"),
        ("completion_derived", "accepted", "accepted"),
    ]
    assert [c.event_label for c in changes] == [
        "marked as not having completed the programme",
        "marked as having completed the programme",
        "completion left to attendance",
    ]
    assert {c.actor for c in changes} == {summer.organiser}


@pytest.mark.parametrize("extra", [0, 60])
def test_a_seasons_completion_is_read_in_a_flat_number_of_queries(
    summer, django_assert_max_num_queries, extra
):
    more_students(summer, extra)
    for event in workshops(summer, 5 + extra // 5):
        mark(event, summer.kenji.pk, "absent", by=summer.organiser)

    with django_assert_max_num_queries(8):
        completions = completions_of(summer.season, AFTER)

    assert len(completions) == 3 + extra
