"""A place never holds more guests than beds on any night (the check-out day frees the bed), stays
keep within its availability, and a place cannot be changed to shrink under its guests."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ish.errors import RuleViolation
from ish.housing import services
from ish.housing.models import HousingAssignment
from tests.housing.booking import assign, august, july, occupying

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_a_guest_overlapping_a_full_place_is_refused_naming_the_night_and_the_place(
    organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=1)
    assign(organiser, student(), room, july(17), july(20))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(19), july(22))

    assert "Haus Neckarblick" in str(refusal.value)
    assert "19 July 2027" in str(refusal.value)
    assert len(occupying()) == 1


def test_the_refusal_names_the_first_full_night_even_in_the_middle_of_the_stay(
    organiser, student, place
):
    room = place(beds=2)
    assign(organiser, student(), room, july(17), august(1))
    assign(organiser, student(), room, july(23), july(25))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(17), august(1))

    assert "23 July 2027" in str(refusal.value)
    assert "22 July 2027" not in str(refusal.value)


def test_a_guest_may_check_in_on_the_day_the_previous_guest_checks_out(organiser, student, place):
    room = place(beds=1)
    assign(organiser, student(), room, july(17), july(20))

    second = assign(organiser, student(), room, july(20), july(24))
    earlier = assign(organiser, student(), room, july(10), july(17))

    assert second.check_in == july(20)
    assert earlier.check_out == july(17)
    assert len(occupying()) == 3


def test_a_two_bed_place_takes_two_overlapping_guests_but_not_a_third(organiser, student, place):
    room = place(name="Gästehaus Altstadt", beds=2)
    assign(organiser, student(), room, july(17), july(24))
    assign(organiser, student(), room, july(20), july(27))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(23), july(25))

    assert "Gästehaus Altstadt" in str(refusal.value)
    assert "23 July 2027" in str(refusal.value)
    assert "2 beds" in str(refusal.value)


def test_a_cancelled_assignment_frees_its_beds(organiser, student, place):
    room = place(beds=1)
    first = assign(organiser, student(), room, july(17), july(24))
    services.cancel(first, actor=organiser)

    second = assign(organiser, student(), room, july(17), july(24))

    assert second.status == Status.PROPOSED
    assert occupying() == [second]


def test_a_confirmed_assignment_holds_its_bed(organiser, student, place):
    room = place(beds=1)
    services.confirm(assign(organiser, student(), room, july(17), july(24)), actor=organiser)

    with pytest.raises(RuleViolation):
        assign(organiser, student(), room, july(23), july(30))


def test_other_places_do_not_count_against_a_place(organiser, student, place):
    assign(organiser, student(), place(beds=1), july(17), july(24))

    assert assign(organiser, student(), place(beds=1), july(17), july(24)).pk


@pytest.mark.parametrize(
    ("check_in", "check_out", "field", "words"),
    [
        (dt.date(2027, 6, 30), july(20), "check_in", "available from 1 July 2027"),
        (july(20), dt.date(2027, 9, 1), "check_out", "available until 31 August 2027"),
        (july(20), july(20), "check_out", "after check-in"),
        (july(20), july(18), "check_out", "after check-in"),
    ],
    ids=["before-availability", "after-availability", "same-day", "check-out-first"],
)
def test_dates_outside_the_availability_or_out_of_order_are_refused_naming_the_field(
    organiser, student, place, check_in, check_out, field, words
):
    room = place(name="Residenz Bergheim")

    with pytest.raises(ValidationError) as refusal:
        assign(organiser, student(), room, check_in, check_out)

    messages = refusal.value.message_dict
    assert list(messages) == [field]
    assert words in " ".join(messages[field])
    if "available" in words:
        assert "Residenz Bergheim" in " ".join(messages[field])
    assert HousingAssignment.objects.count() == 0


def test_a_stay_may_use_the_whole_availability_window(organiser, student, place):
    room = place(available_from=july(1), available_until=august(31))

    stay = assign(organiser, student(), room, july(1), august(31))

    assert stay.nights[0] == july(1)
    assert stay.nights[-1] == august(30)


def test_a_place_cannot_lose_beds_its_guests_sleep_in(organiser, student, place):
    room = place(name="Familie Weber", beds=3)
    assign(organiser, student(), room, july(17), july(24))
    assign(organiser, student(), room, july(20), july(27))

    with pytest.raises(RuleViolation) as refusal:
        services.update_accommodation(room, actor=organiser, beds=1)

    assert "Familie Weber" in str(refusal.value)
    assert "20 July 2027" in str(refusal.value)
    room.refresh_from_db()
    assert room.beds == 3
    assert services.update_accommodation(room, actor=organiser, beds=2).beds == 2


def test_a_place_cannot_shrink_its_availability_under_a_guest(organiser, student, place):
    room = place(name="Familie Weber")
    assign(organiser, student(given_name="Aiko", family_name="Tanaka"), room, july(17), july(24))

    with pytest.raises(RuleViolation) as refusal:
        services.update_accommodation(room, actor=organiser, available_until=july(23))

    assert "Aiko Tanaka" in str(refusal.value)
    assert "24 July 2027" in str(refusal.value)
    room.refresh_from_db()
    assert room.available_until == august(31)
    assert services.update_accommodation(room, actor=organiser, available_until=july(24)).pk


def test_cancelled_guests_do_not_hold_a_place_to_its_beds(organiser, student, place):
    room = place(beds=2)
    for _ in range(2):
        services.cancel(assign(organiser, student(), room), actor=organiser)

    assert services.update_accommodation(room, actor=organiser, beds=1).beds == 1


def test_a_places_changes_are_validated_naming_the_field(organiser, place):
    room = place()

    with pytest.raises(ValidationError) as refusal:
        services.update_accommodation(room, actor=organiser, available_until=dt.date(2027, 6, 1))

    assert list(refusal.value.message_dict) == ["available_until"]


def test_only_the_office_changes_a_place(coordinator, place):
    with pytest.raises(PermissionDenied):
        services.update_accommodation(place(), actor=coordinator, beds=5)
