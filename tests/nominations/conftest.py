"""Fixtures of the nomination tests: private media in a temporary folder (for every test here), a
clock before the deadline (for the modules that ask for it), Kumamoto, a second city with its
coordinator, nominations brought to any status, the API tests' two cities, and the page tests'
signed-in clients and complete draft."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client

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


@pytest.fixture
def kumamoto(db) -> City:
    return City.objects.get(slug="kumamoto")


@pytest.fixture
def world(season, organiser, coordinator, lab_host, other_coordinator):
    """Kumamoto (the coordinator's city) and Montpellier, each with a roomy quota."""
    kumamoto = City.objects.get(slug="kumamoto")
    montpellier = City.objects.get(slug="montpellier")
    for city in (kumamoto, montpellier):
        QuotaFactory(season=season, city=city, places=10, alternates=10)
    return SimpleNamespace(season=season, kumamoto=kumamoto, montpellier=montpellier)


@pytest.fixture
def nomination_of(world, organiser):
    """A complete nomination of a city ("own": Kumamoto, "foreign": Montpellier) in a status,
    walked there within the quota."""

    def make(whose: str, status: str = Status.DRAFT, **fields) -> Nomination:
        city = world.kumamoto if whose == "own" else world.montpellier
        nomination = complete_nomination(season=world.season, city=city, **fields)
        for action in WALK[status]:
            services.perform(nomination, action, actor=organiser)
        return nomination

    return make


@pytest.fixture
def client_for(user_of, other_coordinator):
    """A signed-in client per role; `other_city` is Montpellier's coordinator."""

    def sign_in(role: str) -> Client:
        client = Client()
        user = other_coordinator if role == "other_city" else user_of(role)
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def draft(season, quota):
    """A complete draft of Kumamoto with its CV, motivation letter and transcript."""
    return complete_nomination(season=season, given_name="Aiko", family_name="Tanaka")
