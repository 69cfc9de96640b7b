"""Who reads which housing: the office everything, a coordinator their city's students' beds and no
places, a lab host nothing; the calendar's nights, and who still needs a bed for which nights."""

import datetime as dt

import pytest

from ish.housing import selectors
from ish.housing.models import HousingAssignment
from tests.factories import BERLIN, SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beds(student, place):
    """A bed each for a student of Kumamoto (the coordinator's city) and one of Hangzhou."""
    room = place(beds=2)
    return {
        city: HousingAssignment.objects.create(
            nomination=student(city=city),
            accommodation=room,
            check_in=room.available_from,
            check_out=room.available_until,
        )
        for city in ("kumamoto", "hangzhou")
    }


def test_the_office_reads_all_housing(organiser, beds):
    assert set(selectors.assignments_visible_to(organiser)) == set(beds.values())
    assert selectors.accommodations_visible_to(organiser).count() == 1


def test_a_coordinator_reads_only_their_citys_beds_and_no_places(coordinator, beds):
    assert list(selectors.assignments_visible_to(coordinator)) == [beds["kumamoto"]]
    assert not selectors.accommodations_visible_to(coordinator).exists()


def test_a_lab_host_reads_no_housing(lab_host, beds):
    assert not selectors.assignments_visible_to(lab_host).exists()
    assert not selectors.accommodations_visible_to(lab_host).exists()


def test_a_coordinator_may_name_only_the_places_their_citys_students_stay_in(
    organiser, coordinator, lab_host, beds, place
):
    empty = place()

    assert set(selectors.accommodations_named_to(organiser)) == {
        beds["kumamoto"].accommodation,
        empty,
    }
    assert list(selectors.accommodations_named_to(coordinator)) == [beds["kumamoto"].accommodation]
    assert not selectors.accommodations_named_to(lab_host).exists()


# --- the calendar's nights ---------------------------------------------------------------------


def stay(student, place, check_in, check_out, status="proposed", **fields):
    return HousingAssignment.objects.create(
        nomination=student(**fields),
        accommodation=place(available_from=dt.date(2027, 6, 1)),
        check_in=check_in,
        check_out=check_out,
        status=status,
    )


def test_the_calendar_spans_the_programme_and_the_night_after_it(season, place):
    place()

    nights = selectors.occupancy_calendar(season).nights

    assert (nights[0], nights[-1], len(nights)) == (season.starts_on, season.ends_on, 28)


def test_the_calendar_widens_to_early_arrivals_and_late_departures(season, student, place):
    early = stay(student, place, dt.date(2027, 7, 12), dt.date(2027, 7, 20))
    stay(student, place, dt.date(2027, 8, 1), dt.date(2027, 8, 18), status="confirmed")

    calendar = selectors.occupancy_calendar(season)

    nights = calendar.nights
    assert (nights[0], nights[-1]) == (dt.date(2027, 7, 12), dt.date(2027, 8, 17))
    assert nights == [nights[0] + dt.timedelta(days=n) for n in range(len(nights))]
    row = next(row for row in calendar.rows if row.place == early.accommodation)
    assert row.cells[0].guests == 1  # the early arrival's first night shows


def test_cancelled_beds_and_other_seasons_do_not_widen_the_calendar(season, student, place):
    stay(student, place, dt.date(2027, 7, 1), dt.date(2027, 7, 20), status="cancelled")
    stay(
        student,
        place,
        dt.date(2027, 8, 1),
        dt.date(2027, 8, 30),
        season=SeasonFactory(year=2028),
    )

    nights = selectors.occupancy_calendar(season).nights

    assert (nights[0], nights[-1]) == (season.starts_on, season.ends_on)


# --- who still needs a bed ---------------------------------------------------------------------


def test_students_partly_housed_need_a_bed_for_the_nights_between_arrival_and_departure(
    organiser, season, student, place
):
    travel = {
        "arrival_at": dt.datetime(2027, 7, 15, 10, 0, tzinfo=BERLIN),
        "departure_at": dt.datetime(2027, 8, 14, 10, 0, tzinfo=BERLIN),
    }
    without = student(family_name="A-without")
    partly = stay(
        student, place, dt.date(2027, 7, 17), dt.date(2027, 8, 14), family_name="B", **travel
    )
    stay(student, place, dt.date(2027, 7, 15), dt.date(2027, 8, 14), family_name="C", **travel)
    stay(student, place, dt.date(2027, 7, 20), dt.date(2027, 7, 25), family_name="D-no-travel")

    students = list(selectors.students_needing_a_bed(organiser, season))
    gaps = selectors.nights_without_bed(organiser, students)
    needing = [(student, gaps[student.pk]) for student in students]

    assert needing == [
        (without, [(season.starts_on, dt.date(2027, 8, 14))]),
        (partly.nomination, [(dt.date(2027, 7, 15), dt.date(2027, 7, 17))]),
    ]
