"""The quota and the places hold under concurrent requests: ten threads, each with its own database
connection, submit or accept at the same moment, and never more than the limit get through."""

import pytest

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.concurrency import all_at_once
from tests.factories import (
    CoordinatorFactory,
    OrganiserFactory,
    QuotaFactory,
    SeasonFactory,
    complete_nomination,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("before_the_deadline"),
]

THREADS = 10
Status = Nomination.Status


@pytest.fixture
def kumamoto(reference_data) -> City:
    return City.objects.get(slug="kumamoto")


@pytest.fixture
def concurrent_season(reference_data):
    return SeasonFactory()


@pytest.fixture
def kumamoto_coordinator(kumamoto):
    return CoordinatorFactory(username="kumamoto-coordinator", city=kumamoto)


@pytest.fixture
def office(reference_data):
    return OrganiserFactory(username="office")


def test_concurrent_submissions_never_exceed_places_plus_alternates(
    concurrent_season, kumamoto, kumamoto_coordinator
):
    QuotaFactory(season=concurrent_season, city=kumamoto, places=2, alternates=1)
    nominations = [complete_nomination(season=concurrent_season) for _ in range(THREADS)]

    outcomes = all_at_once(
        lambda nomination: services.perform(nomination, "submit", actor=kumamoto_coordinator),
        nominations,
    )

    submitted = [o for o in outcomes if isinstance(o, Nomination)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(submitted) == 3, outcomes
    assert len(refused) == THREADS - 3, outcomes
    assert all("quota of Kumamoto is full" in str(refusal) for refusal in refused)
    assert Nomination.objects.filter(status=Status.SUBMITTED).count() == 3
    assert Nomination.objects.filter(status=Status.DRAFT).count() == THREADS - 3


def test_concurrent_acceptances_never_exceed_the_places(concurrent_season, kumamoto, office):
    QuotaFactory(season=concurrent_season, city=kumamoto, places=3, alternates=THREADS - 3)
    nominations = [complete_nomination(season=concurrent_season) for _ in range(THREADS)]
    for nomination in nominations:
        services.perform(nomination, "submit", actor=office)

    outcomes = all_at_once(
        lambda nomination: services.perform(nomination, "accept", actor=office), nominations
    )

    accepted = [o for o in outcomes if isinstance(o, Nomination)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(accepted) == 3, outcomes
    assert len(refused) == THREADS - 3, outcomes
    assert all("All 3 places of Kumamoto are taken" in str(refusal) for refusal in refused)
    assert Nomination.objects.filter(status=Status.ACCEPTED).count() == 3
    assert Nomination.objects.filter(status=Status.SUBMITTED).count() == THREADS - 3
