"""Fixtures of the housing tests: students of any status and city, and places to put them."""

import pytest

from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import AccommodationFactory, NominationFactory


@pytest.fixture
def student(season):
    """A student of the 2027 season, accepted unless told otherwise, of Kumamoto unless told."""

    def make(status: str = Nomination.Status.ACCEPTED, city: str = "kumamoto", **fields):
        fields.setdefault("season", season)
        return NominationFactory(status=status, city=City.objects.get(slug=city), **fields)

    return make


@pytest.fixture
def place(db):
    """A host family (two beds, 1 July – 31 August 2027) unless told otherwise."""
    return AccommodationFactory
