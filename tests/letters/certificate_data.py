"""The certificate tests' setup: a farewell (the 2027 season after its last day, participants
whose names are written in five scripts, a lab, a final presentation, and a user per role; the
`farewell` fixture of tests/letters/conftest.py), its clock and its users' clients."""

import datetime as dt
from dataclasses import dataclass

import time_machine
from django.test import Client
from rest_framework.test import APIClient

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.letters.models import LetterSettings
from ish.nominations.models import Nomination
from ish.programme.models import Presentation
from ish.seasons.models import City, Season
from tests.factories import (
    BERLIN,
    CityFactory,
    CoordinatorFactory,
    InstituteFactory,
    LabFactory,
    LabHostFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    SeasonFactory,
)

# The evening after the 2027 season's last day: the programme has ended for everyone.
AFTER = dt.datetime(2027, 8, 13, 22, 0, tzinfo=BERLIN)
# (given name, family name) as our participants write them, by script.
NAMES = {
    "Latin": ("Zoë", "Šimůnková-Øster"),
    "Chinese": ("小明", "王"),
    "Japanese": ("花子", "山田"),
    "Hebrew": ("דוד", "כהן"),
    "Cyrillic": ("Алексей", "Иванов"),
}
PROJECT = "Protein folding in yeast"


@dataclass
class Farewell:
    season: Season
    kumamoto: City
    rehovot: City
    lab: Lab
    people: dict[str, Nomination]  # by script; all but Hebrew are Kumamoto's, placed in `lab`
    organiser: User
    coordinator: User  # Kumamoto's
    rehovot_coordinator: User
    lab_host: User  # of `lab`


def participant(season, city, lab, given, family, **fields) -> Nomination:
    nomination = NominationFactory(
        season=season,
        city=city,
        status=Nomination.Status.ACCEPTED,
        given_name=given,
        family_name=family,
        **fields,
    )
    if lab is not None:
        PlacementFactory(nomination=nomination, lab=lab, status="accepted")
    return nomination


def make_farewell(db) -> Farewell:
    """The `farewell` fixture's body. The Latin participant presented a project with a
    supervisor; the others did not."""
    season = SeasonFactory()
    kumamoto = City.objects.get(slug="kumamoto")
    rehovot = CityFactory(slug="rehovot-test", name="Rehovot")
    lab = LabFactory(
        name="Genome Lab",
        head="Prof. Ruth Weber",
        institute=InstituteFactory(name="European Molecular Biology Laboratory"),
    )
    people = {
        script: participant(season, rehovot if script == "Hebrew" else kumamoto, lab, *name)
        for script, name in NAMES.items()
    }
    slot = Presentation.objects.create(
        season=season,
        room="Hörsaal 1",
        starts_at=dt.datetime(2027, 8, 12, 10, tzinfo=BERLIN),
        title=PROJECT,
        supervisor="Dr. Jonas Klein",
    )
    slot.nominations.add(people["Latin"])
    settings = LetterSettings.current()
    settings.signatory_name, settings.signatory_title = "Eckart Würzner", "Mayor"
    settings.second_signatory_name = "Dr. Anna Berger"
    settings.second_signatory_title = "Head of the ISH office"
    settings.save()
    return Farewell(
        season=season,
        kumamoto=kumamoto,
        rehovot=rehovot,
        lab=lab,
        people=people,
        organiser=OrganiserFactory(username="office"),
        coordinator=CoordinatorFactory(username="kumamoto-coordinator", city=kumamoto),
        rehovot_coordinator=CoordinatorFactory(username="rehovot-coordinator", city=rehovot),
        lab_host=LabHostFactory(username="genome-host", lab=lab),
    )


def after_the_programme():
    """A clock after the season's last day (a context manager)."""
    return time_machine.travel(AFTER, tick=True)


def client_of(user: User) -> Client:
    """A browser signed in as `user`, for the pages."""
    client = Client()
    client.force_login(user)
    return client


def api_client_of(user: User | None) -> APIClient:
    """An API client authenticated as `user` (anonymous for None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
