"""What the office's housing pages show, read as plain data: each night of the calendar in its
state and words, the assignments in the office's order with who still needs a bed, and the
arrivals and departures with where each student stays."""

import datetime as dt

import pytest

from ish.housing import pages
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.selectors import Night, NightCell, OccupancyCalendar, PlaceNights
from ish.participants.arrivals import arrivals_page
from tests.factories import BERLIN

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status
TRAVEL = {
    "arrival_at": dt.datetime(2027, 7, 15, 10, 0, tzinfo=BERLIN),
    "departure_at": dt.datetime(2027, 8, 14, 10, 0, tzinfo=BERLIN),
}


def cell(guests: int, beds: int, warning: bool = False) -> NightCell:
    night = Night.of(dt.date(2027, 7, 17))
    return NightCell(Accommodation(name="Haus Müller"), night, guests, beds, warning)


@pytest.mark.parametrize(
    ("guests", "beds", "state"),
    [
        (0, 2, "free"),
        (1, 2, "partly"),
        (2, 2, "full"),
        (3, 2, "over"),
        (0, 0, "unavailable"),
        (1, 0, "over"),
    ],
)
def test_a_night_is_free_partly_taken_full_overbooked_or_not_available(guests, beds, state):
    assert cell(guests, beds).state == state


def test_a_nights_label_says_in_words_what_its_colour_says():
    assert (
        cell(1, 2).label
        == "Haus Müller, night of Saturday, 17 July 2027: 1 of 2 beds taken, partly taken"
    )
    assert cell(2, 2, warning=True).label == (
        "Haus Müller, night of Saturday, 17 July 2027: 2 of 2 beds taken, full; a warning applies "
        "(see the assignments below)"
    )


def test_a_place_is_marked_when_a_warning_applies_on_any_of_its_nights():
    place = Accommodation(name="Haus Müller")

    assert PlaceNights(place, (cell(1, 2), cell(2, 2, warning=True))).warned
    assert not PlaceNights(place, (cell(1, 2), cell(2, 2))).warned


def test_the_calendars_months_span_their_nights():
    nights = [dt.date(2027, 7, 30), dt.date(2027, 7, 31), dt.date(2027, 8, 1)]

    assert OccupancyCalendar(nights, ()).months == [("July 2027", 2), ("August 2027", 1)]


def book(student, place, check_in, check_out, status=Status.PROPOSED, **fields):
    return HousingAssignment.objects.create(
        nomination=student(**fields),
        accommodation=place,
        check_in=check_in,
        check_out=check_out,
        status=status,
    )


def test_the_calendar_page_lists_the_offices_work_first_and_who_still_needs_a_bed(
    organiser, season, student, place
):
    room = place(beds=5, available_from=dt.date(2027, 6, 1))
    confirmed = book(
        student,
        room,
        dt.date(2027, 7, 15),
        dt.date(2027, 8, 14),
        Status.CONFIRMED,
        family_name="Abe",
        **TRAVEL,
    )
    partly = book(
        student, room, dt.date(2027, 7, 17), dt.date(2027, 8, 14), family_name="Baba", **TRAVEL
    )
    cancelled = book(
        student,
        room,
        dt.date(2027, 7, 17),
        dt.date(2027, 8, 14),
        Status.CANCELLED,
        family_name="Chiba",
    )
    without = student(family_name="Doi")
    page = pages.calendar_page(organiser, season, {without.pk: "No bed is free."})

    assert page.assignments == (partly, confirmed)
    assert page.cancelled == (cancelled,)
    assert (page.proposed, page.confirmed) == (1, 1)
    assert page.without_bed == (cancelled.nomination, without)
    assert [(row.student, row.nights) for row in page.partly_housed] == [
        (partly.nomination, "15 Jul 2027 – 16 Jul 2027")
    ]
    assert [(row.student, row.reason) for row in page.unplaced] == [(without, "No bed is free.")]
    assert [row.place for row in page.calendar.rows] == [room]


def test_the_arrivals_page_says_where_each_student_stays_and_which_nights_are_uncovered(
    organiser, season, student, place
):
    room = place(name="Haus Müller", available_from=dt.date(2027, 6, 1))
    partly = book(
        student, room, dt.date(2027, 7, 17), dt.date(2027, 8, 14), family_name="Abe", **TRAVEL
    )
    without = student(family_name="Baba", **TRAVEL)

    page = arrivals_page(organiser, season)

    (arrival_day, departure_day) = page.days
    assert arrival_day.on == dt.date(2027, 7, 15)
    assert departure_day.on == dt.date(2027, 8, 14)
    arrivals = {traveller.student: traveller for traveller in arrival_day.arrivals}
    assert arrivals[partly.nomination].place == room
    assert arrivals[partly.nomination].nights_without_bed == "15 Jul 2027 – 16 Jul 2027"
    # Without any bed, the page says "no bed yet", not which nights.
    assert arrivals[without].place is None
    assert arrivals[without].nights_without_bed == ""
    assert (page.arriving, page.departing) == (2, 2)
    assert set(page.unanswered) == {partly.nomination, without}
