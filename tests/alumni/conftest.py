"""The 2027 season after its end: two participants (one placed in a lab), asked whether to stay
in touch; and a way to follow an alumnus's link as the mail gives it."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ish.alumni import links, services
from ish.alumni.models import Alumnus
from ish.nominations.models import Nomination
from tests.factories import BERLIN, LabFactory, PlacementFactory, SeasonFactory, accepted_nomination

SPRING_2027 = dt.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
AFTER_2027 = dt.datetime(2027, 9, 1, 10, 0, tzinfo=BERLIN)  # the season ended on 13 August


@dataclass
class Ended:
    season: object
    lab: object
    mira: Nomination  # German-speaking, placed in the lab
    tomas: Nomination  # English-speaking, no lab


@pytest.fixture
def clock(db):
    with time_machine.travel(SPRING_2027, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ended(clock, organiser) -> Ended:
    season = SeasonFactory(year=2027)
    lab = LabFactory(name="Protein Folding Lab")
    mira = accepted_nomination(
        organiser,
        season=season,
        given_name="Mira",
        family_name="Okonkwo",
        email="mira.okonkwo@example.ng",
        language="de",
    )
    PlacementFactory(nomination=mira, lab=lab, status="accepted")
    tomas = accepted_nomination(
        organiser,
        season=season,
        given_name="Tomás",
        family_name="Reyes",
        email="tomas.reyes@example.mx",
    )
    clock.move_to(AFTER_2027)
    return Ended(season, lab, mira, tomas)


@pytest.fixture
def asked(ended) -> Ended:
    services.ask_season(ended.season)
    return ended


def alumnus_of(nomination: Nomination) -> Alumnus:
    return Alumnus.objects.get(nomination=nomination)


def page_path(alumnus: Alumnus) -> str:
    return reverse("alumni:page", args=[links.page_token(alumnus)])


def agree(client, alumnus: Alumnus, *fields: str, later_studies: str = "") -> object:
    data = {"action": "consent", "agree": "on", "later_studies": later_studies}
    data.update({f"keep_{name}": "on" for name in fields})
    return client.post(page_path(alumnus), data)


def alumnus(season, *, consent=("name", "email"), **values) -> Alumnus:
    """An alumnus who agreed to keep `consent`, stored as their consent stores it (the values of
    the other fields are never there)."""
    defaults = {"name": "Ada Lovelace", "email": "ada@example.org"}
    kept = {name: value for name, value in {**defaults, **values}.items() if name in consent}
    return Alumnus.objects.create(
        season=season,
        consent=list(consent),
        consented_at=timezone.now(),
        consent_wording="I agree.",
        consent_language="en",
        consent_version="test",
        **kept,
    )
