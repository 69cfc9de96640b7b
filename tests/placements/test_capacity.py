"""A lab's capacity on the service: accepting stops at the lab's places for the season, and
declined and cancelled placements leave their place free."""

import pytest

from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.placements import services
from ish.placements.models import Placement
from tests.factories import NominationFactory, SeasonFactory
from tests.placements.shared import status_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


def test_a_lab_accepts_up_to_its_capacity_and_no_more(placement_in, organiser, lab):
    lab.capacity = 2
    lab.save()
    placement_in(Status.ACCEPTED)
    placement_in(Status.ACCEPTED)
    third = placement_in(Status.OFFERED)

    with pytest.raises(RuleViolation) as error:
        services.perform(third, "accept", actor=organiser)

    assert str(error.value) == (f"{lab.name} is full: it has accepted 2 of 2 students for 2027.")
    assert status_of(third) == Status.OFFERED
    assert Placement.objects.filter(lab=lab, status=Status.ACCEPTED).count() == 2


def test_declined_and_cancelled_placements_leave_the_place_free(placement_in, organiser, lab):
    lab.capacity = 1
    lab.save()
    placement_in(Status.DECLINED)
    placement_in(Status.CANCELLED)
    services.perform(placement_in(Status.ACCEPTED), "cancel", actor=organiser)

    last = placement_in(Status.ACCEPTED)

    assert last.status == Status.ACCEPTED


def test_the_capacity_is_per_season(placement_in, organiser, lab):
    lab.capacity = 1
    lab.save()
    last_year = SeasonFactory(year=2026)
    placement_in(Status.ACCEPTED, nomination=NominationFactory(
        season=last_year, status=Nomination.Status.ACCEPTED
    ))  # fmt: skip

    this_year = placement_in(Status.ACCEPTED)

    assert this_year.status == Status.ACCEPTED
