"""Beds hold under concurrent requests: ten threads, each with its own database connection, assign
at the same moment, and no night ever holds more guests than beds, nor a student two beds."""

import datetime as dt

import pytest

from ish.errors import RuleViolation
from ish.housing import services, suggestions
from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from tests.concurrency import all_at_once
from tests.factories import AccommodationFactory, NominationFactory, OrganiserFactory, SeasonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("reference_data")]

THREADS = 10
CHECK_IN, CHECK_OUT = dt.date(2027, 7, 17), dt.date(2027, 8, 14)


@pytest.fixture
def office():
    return OrganiserFactory(username="office")


@pytest.fixture
def accepted():
    season = SeasonFactory()
    return lambda: NominationFactory(season=season, status=Nomination.Status.ACCEPTED)


def test_ten_students_assigned_to_a_one_bed_place_at_once_get_exactly_one_bed(office, accepted):
    room = AccommodationFactory(name="Einzelzimmer Bergheim", beds=1)
    students = [accepted() for _ in range(THREADS)]

    outcomes = all_at_once(
        lambda student: services.assign(
            actor=office,
            nomination=student,
            accommodation=room,
            check_in=CHECK_IN,
            check_out=CHECK_OUT,
        ),
        students,
    )

    housed = [o for o in outcomes if isinstance(o, HousingAssignment)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(housed) == 1, outcomes
    assert len(refused) == THREADS - 1, outcomes
    assert all(
        "Einzelzimmer Bergheim has no free bed on the night of 17 July 2027" in str(refusal)
        for refusal in refused
    )
    assert HousingAssignment.objects.filter(accommodation=room).count() == 1


def test_one_student_assigned_to_ten_places_at_once_gets_exactly_one_bed(office, accepted):
    student = accepted()
    rooms = [AccommodationFactory(beds=1) for _ in range(THREADS)]

    outcomes = all_at_once(
        lambda room: services.assign(
            actor=office,
            nomination=student,
            accommodation=room,
            check_in=CHECK_IN,
            check_out=CHECK_OUT,
        ),
        rooms,
    )

    housed = [o for o in outcomes if isinstance(o, HousingAssignment)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(housed) == 1, outcomes
    assert len(refused) == THREADS - 1, outcomes
    assert all("already has a bed" in str(refusal) for refusal in refused)
    assert student.housing.count() == 1


def test_suggestions_running_beside_hand_assignments_never_overbook(office, accepted):
    room = AccommodationFactory(beds=2)
    by_hand = [accepted() for _ in range(THREADS - 1)]
    for _ in range(3):
        accepted()  # left for the suggestions
    season = by_hand[0].season

    def work(item):
        if item is None:
            return suggestions.suggest(season, actor=office)
        return services.assign(
            actor=office,
            nomination=item,
            accommodation=room,
            check_in=CHECK_IN,
            check_out=CHECK_OUT,
        )

    outcomes = all_at_once(work, [*by_hand, None])

    unexpected = [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, RuleViolation)
    ]
    assert not unexpected, outcomes
    assert HousingAssignment.objects.filter(accommodation=room).count() == 2


def test_cancelling_one_bed_while_another_of_the_student_changes_never_deadlocks(office, accepted):
    """Both write every bed of the student (their warnings follow the nights left uncovered),
    so both lock the student before any bed."""
    split = dt.date(2027, 7, 31)
    for _ in range(5):
        student = accepted()
        first, second = (
            services.assign(
                actor=office,
                nomination=student,
                accommodation=AccommodationFactory(beds=1),
                check_in=check_in,
                check_out=check_out,
            )
            for check_in, check_out in [(CHECK_IN, split), (split, CHECK_OUT)]
        )
        later = CHECK_OUT + dt.timedelta(days=1)

        outcomes = all_at_once(
            lambda work: work[0](work[1], actor=office, **work[2]),
            [(services.cancel, first, {}), (services.change, second, {"check_out": later})],
        )

        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.check_out) == (HousingAssignment.Status.CANCELLED, later)
