"""Fixtures of the nomination tests: private media in a temporary folder (for every test here), a
clock before the deadline (for the modules that ask for it), a second city with its coordinator,
and nominations brought to any status."""

import datetime as dt

import pytest
import time_machine

from ish.nominations import services
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import BERLIN, CoordinatorFactory, QuotaFactory, complete_nomination

Status = Nomination.Status
# The walk from a new draft to each status, every step taken by an organiser.
WALK = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.ACCEPTED: ["submit", "accept"],
    Status.WAITLISTED: ["submit", "waitlist"],
    Status.DECLINED: ["submit", "decline"],
    Status.CONFIRMED: ["submit", "accept", "confirm"],
    Status.WITHDRAWN: ["withdraw"],
}
BEFORE_DEADLINE = dt.datetime(2027, 2, 1, 10, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents land in a folder of their own, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def before_the_deadline():
    """The 2027 season's nominations are open: 1 February 2027 in Heidelberg."""
    with time_machine.travel(BEFORE_DEADLINE, tick=True) as traveller:
        yield traveller


@pytest.fixture
def roomy_quota(season):
    """Kumamoto's quota, large enough that no test of the workflow runs into it."""
    return QuotaFactory(season=season, city__slug="kumamoto", places=10, alternates=10)


@pytest.fixture
def other_coordinator(db):
    """The coordinator of Montpellier."""
    return CoordinatorFactory(
        username="montpellier", city=City.objects.get(slug="montpellier"), language="de"
    )


@pytest.fixture
def nomination_in(season, organiser):
    """A complete nomination of Kumamoto brought to a status through the real transitions."""

    def bring_to(status: str, **fields) -> Nomination:
        nomination = complete_nomination(season=season, **fields)
        for action in WALK[status]:
            nomination = services.perform(nomination, action, actor=organiser, over_quota=True)
        return nomination

    return bring_to
