"""A small summer for the events' tests: two cities' participants, two labs, a withdrawn student,
and moments in Heidelberg time."""

import datetime as dt
from types import SimpleNamespace

from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    CityFactory,
    CoordinatorFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    SeasonFactory,
)

ACCEPTED = Nomination.Status.ACCEPTED


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`hour`:`minute` on `day`, Heidelberg time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN)


def make_summer() -> SimpleNamespace:
    """The 2027 season (17 July – 13 August): Aiko (Kumamoto, genome lab), Noa (Rehovot, optics
    lab), a withdrawn Kumamoto student; the office, Kumamoto's coordinator, the optics lab's
    host, and another city's coordinator and another lab's host who see none of them."""
    season = SeasonFactory()
    kumamoto = City.objects.get(slug="kumamoto")
    rehovot = CityFactory(slug="rehovot-test", name="Rehovot (test)")
    elsewhere = CityFactory(slug="elsewhere-test", name="Elsewhere (test)")
    genome, optics, empty = LabFactory(name="Genome"), LabFactory(name="Optics"), LabFactory()
    aiko = NominationFactory(
        season=season, city=kumamoto, status=ACCEPTED, given_name="Aiko", family_name="Tanaka"
    )
    noa = NominationFactory(
        season=season, city=rehovot, status="confirmed", given_name="Noa", family_name="Levi"
    )
    PlacementFactory(nomination=aiko, lab=genome, status="accepted")
    PlacementFactory(nomination=noa, lab=optics, status="accepted")
    withdrawn = NominationFactory(
        season=season, city=kumamoto, status="withdrawn", given_name="Ken", family_name="Mori"
    )
    return SimpleNamespace(
        season=season,
        kumamoto=kumamoto,
        rehovot=rehovot,
        genome=genome,
        optics=optics,
        aiko=aiko,
        noa=noa,
        withdrawn=withdrawn,
        organiser=OrganiserFactory(username="office-events"),
        coordinator=CoordinatorFactory(username="kumamoto-events", city=kumamoto),
        lab_host=LabHostFactory(username="optics-events", lab=optics),
        other_coordinator=CoordinatorFactory(username="elsewhere-events", city=elsewhere),
        other_lab_host=LabHostFactory(username="empty-lab-events", lab=empty),
    )
