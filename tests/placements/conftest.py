"""Fixtures of the placement tests: accepted students, and placements brought to any status
through the real transitions."""

import pytest

from ish.nominations.models import Nomination
from ish.placements import services
from ish.placements.models import Placement
from tests.factories import LabHostFactory, NominationFactory

Status = Placement.Status
# The walk from a new proposal to each status, every step taken by an organiser.
WALK = {
    Status.PROPOSED: [],
    Status.OFFERED: ["offer"],
    Status.ACCEPTED: ["offer", "accept"],
    Status.DECLINED: ["offer", "decline"],
    Status.CANCELLED: ["cancel"],
}


@pytest.fixture
def accepted_student(season):
    """A Kumamoto student the office has accepted for the season (status set directly)."""

    def make(**fields) -> Nomination:
        fields.setdefault("status", Nomination.Status.ACCEPTED)
        return NominationFactory(season=season, **fields)

    return make


@pytest.fixture
def lab(lab_host):
    """The lab host's lab: biology, two places a season."""
    return lab_host.lab


@pytest.fixture
def other_lab_host(db):
    """The host of another lab of biology."""
    return LabHostFactory(username="otherlabhost")


@pytest.fixture
def placement_in(organiser, accepted_student, lab):
    """A placement (of a new accepted student, in the lab host's lab unless told otherwise)
    brought to a status through the real transitions."""

    def bring_to(status: str, *, lab=lab, nomination=None, **fields) -> Placement:
        nomination = nomination or accepted_student(**fields)
        placement = services.create_placement(actor=organiser, nomination=nomination, lab=lab)
        for action in WALK[status]:
            placement = services.perform(placement, action, actor=organiser)
        return placement

    return bring_to
