"""Fixtures of the housing tests: students of any status and city, places to put them, and a small
housed world for the API tests."""

import datetime as dt
from types import SimpleNamespace

import pytest

from ish.housing.models import HousingAssignment
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


@pytest.fixture
def world(season, organiser, coordinator, lab_host, student, place):
    """A place with one bed and one with two; Kumamoto's (the coordinator's) students housed in
    both, Hangzhou's in the second, and one accepted student of each city without a bed."""
    single = place(name="Einzelzimmer Bergheim", beds=1)
    double = place(name="Familie Weber", beds=2)
    own = student(city="kumamoto")
    other = student(city="hangzhou")
    stays = SimpleNamespace(
        own=HousingAssignment.objects.create(
            nomination=own,
            accommodation=single,
            check_in=season.starts_on,
            check_out=dt.date(2027, 8, 14),
        ),
        other=HousingAssignment.objects.create(
            nomination=other,
            accommodation=double,
            check_in=season.starts_on,
            check_out=dt.date(2027, 8, 14),
        ),
    )
    return SimpleNamespace(
        season=season,
        single=single,
        double=double,
        own_student=own,
        other_student=other,
        own_stay=stays.own,
        other_stay=stays.other,
        waiting=student(city="kumamoto"),
        waiting_elsewhere=student(city="hangzhou"),
    )
