"""Who is given a bed and for which nights: one bed at a time per student, accepted or confirmed
students only, by the office only, for the travel dates unless the office gives its own."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from ish.errors import RuleViolation
from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from tests.factories import BERLIN
from tests.housing.booking import assign, august, july

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status
NominationStatus = Nomination.Status


def test_a_student_cannot_have_two_overlapping_beds(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    assign(organiser, aiko, place(name="Familie Weber"), july(17), july(24))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, aiko, place(name="Familie Schmidt"), july(20), july(30))

    assert "Aiko Tanaka" in str(refusal.value)
    assert "Familie Weber" in str(refusal.value)


def test_a_student_may_move_to_another_place_on_the_check_out_day(organiser, student, place):
    aiko = student()
    assign(organiser, aiko, place(), july(17), july(24))

    assert assign(organiser, aiko, place(), july(24), august(1)).check_in == july(24)


@pytest.mark.parametrize(
    "status",
    [
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.WAITLISTED,
        NominationStatus.DECLINED,
        NominationStatus.WITHDRAWN,
    ],
)
def test_only_accepted_or_confirmed_students_are_housed(organiser, student, place, status):
    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(status=status), place())

    assert "Only accepted or confirmed students" in str(refusal.value)
    assert HousingAssignment.objects.count() == 0


def test_a_confirmed_student_is_housed(organiser, student, place):
    stay = assign(organiser, student(status=NominationStatus.CONFIRMED), place())

    assert stay.status == Status.PROPOSED


def test_only_the_office_assigns_beds(coordinator, student, place):
    with pytest.raises(PermissionDenied):
        assign(coordinator, student(), place())

    assert HousingAssignment.objects.count() == 0


def test_a_stay_runs_from_the_arrival_day_to_the_departure_day_by_default(
    organiser, student, place
):
    aiko = student(
        # 23:30 in Heidelberg is already the next day in UTC: the local day counts.
        arrival_at=dt.datetime(2027, 7, 15, 23, 30, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 6, 0, tzinfo=BERLIN),
    )

    stay = assign(organiser, aiko, place())

    assert (stay.check_in, stay.check_out) == (july(15), august(14))


def test_without_travel_dates_a_stay_covers_the_programme_and_the_night_after(
    organiser, student, place, season
):
    stay = assign(organiser, student(), place())

    assert (stay.check_in, stay.check_out) == (season.starts_on, august(14))
    assert stay.nights[-1] == season.ends_on


def test_only_an_arrival_leaves_the_departure_to_the_programme(organiser, student, place):
    aiko = student(arrival_at=dt.datetime(2027, 7, 16, 14, 0, tzinfo=BERLIN))

    stay = assign(organiser, aiko, place())

    assert (stay.check_in, stay.check_out) == (july(16), august(14))


def test_dates_given_by_the_office_win_over_the_travel_dates(organiser, student, place):
    aiko = student(arrival_at=dt.datetime(2027, 7, 15, 10, 0, tzinfo=BERLIN))

    stay = assign(organiser, aiko, place(), july(18), july(25))

    assert (stay.check_in, stay.check_out) == (july(18), july(25))
