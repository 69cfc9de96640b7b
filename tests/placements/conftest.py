"""Fixtures of the placement tests: accepted students, placements brought to any status through
the real transitions, the labs a matching run chooses from, the people the pages are opened as,
and the API's world of offers."""

from types import SimpleNamespace

import pytest
from django.test import Client

from ish.nominations.models import Nomination
from ish.placements import services
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField
from tests.factories import (
    CoordinatorFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    attach_documents,
)

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


def field(slug: str) -> ResearchField:
    return ResearchField.objects.get(slug=slug)


@pytest.fixture
def labs(lab):
    """The lab host's lab of biology with two places, a physics lab with one, a chemistry lab
    with one: all the labs there are."""
    return {
        "biology": lab,
        "physics": LabFactory(name="Physics lab", capacity=1, fields=[field("physics")]),
        "chemistry": LabFactory(name="Chemistry lab", capacity=1, fields=[field("chemistry")]),
    }


@pytest.fixture
def german_host(lab):
    """A second host of the lab host's lab, who reads German."""
    return LabHostFactory(username="gastgeberin", lab=lab, language="de")


@pytest.fixture
def other_coordinator(db):
    """The coordinator of Montpellier."""
    return CoordinatorFactory(username="montpellier", city=City.objects.get(slug="montpellier"))


@pytest.fixture
def as_role(organiser, coordinator, other_coordinator, lab_host, other_lab_host):
    """A test client signed in as the role (anonymous: not signed in)."""
    people = {
        "organiser": organiser,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "lab_host": lab_host,
        "other_lab_host": other_lab_host,
    }

    def client_for(role: str) -> Client:
        client = Client()
        if role in people:
            client.force_login(people[role])
        return client

    return client_for


@pytest.fixture
def offer(placement_in):
    """A Kumamoto student offered to the lab host's lab, with all their documents."""
    placement = placement_in(Status.OFFERED, given_name="Mirai", family_name="Offered")
    attach_documents(placement.nomination)
    return placement


@pytest.fixture
def world(season, organiser, coordinator, lab_host, other_lab_host, placement_in):
    """Kumamoto's coordinator and Montpellier's; the lab host's lab and another lab; an offer of a
    Kumamoto student to the lab, a proposal to it, an offer of a Montpellier student to it and an
    offer of a Kumamoto student to the other lab."""
    montpellier = City.objects.get(slug="montpellier")
    lab, other_lab = lab_host.lab, other_lab_host.lab
    lab.capacity = 5
    lab.save()
    return SimpleNamespace(
        season=season,
        lab=lab,
        other_lab=other_lab,
        users={
            "organiser": organiser,
            "coordinator": coordinator,
            "other_coordinator": CoordinatorFactory(username="montpellier", city=montpellier),
            "lab_host": lab_host,
            "other_lab_host": other_lab_host,
        },
        offered=placement_in(Status.OFFERED, lab=lab),
        proposed=placement_in(Status.PROPOSED, lab=lab),
        montpellier_offered=placement_in(Status.OFFERED, lab=lab, city=montpellier),
        other_lab_offered=placement_in(Status.OFFERED, lab=other_lab),
    )
