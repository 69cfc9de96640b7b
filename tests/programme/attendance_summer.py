"""A programme day for the attendance tests: two cities, two labs, an everyone workshop and a
lab event of the genome lab, on 18 July 2027 (the season's second day)."""

import datetime as dt
from dataclasses import dataclass

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.programme.models import Event
from ish.seasons.models import City, Season
from tests.factories import (
    BERLIN,
    CityFactory,
    CoordinatorFactory,
    EventFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    SeasonFactory,
)

DAY = dt.date(2027, 7, 18)
ACCEPTED = Nomination.Status.ACCEPTED


@dataclass
class Summer:
    season: Season
    kumamoto: City
    rehovot: City
    genome: Lab
    optics: Lab
    aiko: Nomination  # Kumamoto, genome lab, 17 on the day (a minor)
    kenji: Nomination  # Kumamoto, optics lab
    noa: Nomination  # Rehovot, genome lab
    workshop: Event  # everyone, 10:00–12:00
    lab_day: Event  # the genome lab's students, 13:00–17:00
    organiser: User
    coordinator: User  # Kumamoto's
    genome_host: User
    optics_host: User


def student(season, city, lab, given_name, family_name, **fields) -> Nomination:
    nomination = NominationFactory(
        season=season,
        city=city,
        status=ACCEPTED,
        given_name=given_name,
        family_name=family_name,
        **fields,
    )
    PlacementFactory(nomination=nomination, lab=lab, status="accepted")
    return nomination


def make_summer(db) -> Summer:
    """The fixture's body: each test module declares `summer = pytest.fixture(make_summer)`."""
    season = SeasonFactory()
    kumamoto = City.objects.get(slug="kumamoto")
    rehovot = CityFactory(slug="rehovot-test", name="Rehovot")
    genome, optics = LabFactory(name="Genome Lab"), LabFactory(name="Optics Lab")
    aiko = student(
        season,
        kumamoto,
        genome,
        "Aiko",
        "Tanaka",
        date_of_birth=dt.date(2010, 1, 1),
        emergency_contact_name="Haruka Tanaka",
        emergency_contact_phone="+81 96 765 4321",
    )
    kenji = student(season, kumamoto, optics, "Kenji", "Sato")
    noa = student(season, rehovot, genome, "Noa", "Levi")
    workshop = EventFactory(season=season, title="Explo workshop")
    lab_day = EventFactory(
        season=season,
        title="Genome lab day",
        kind="lab",
        audience="labs",
        starts_at=dt.datetime.combine(DAY, dt.time(13), tzinfo=BERLIN),
        ends_at=dt.datetime.combine(DAY, dt.time(17), tzinfo=BERLIN),
    )
    lab_day.labs.set([genome])
    return Summer(
        season=season,
        kumamoto=kumamoto,
        rehovot=rehovot,
        genome=genome,
        optics=optics,
        aiko=aiko,
        kenji=kenji,
        noa=noa,
        workshop=workshop,
        lab_day=lab_day,
        organiser=OrganiserFactory(username="office"),
        coordinator=CoordinatorFactory(username="kumamoto-coordinator", city=kumamoto),
        genome_host=LabHostFactory(username="genome-host", lab=genome),
        optics_host=LabHostFactory(username="optics-host", lab=optics),
    )


def more_students(summer: Summer, count: int, lab: Lab | None = None) -> list[Nomination]:
    """`count` more Kumamoto students of the genome lab (or `lab`)."""
    return [
        student(summer.season, summer.kumamoto, lab or summer.genome, "More", f"Student-{n:03}")
        for n in range(count)
    ]
