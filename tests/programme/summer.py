"""The programme tests' one summer: the 2027 season with two cities, two labs and their placed
participants, each test module adding the events and people its rules need; and the bulk
growers of events and presentation slots that the query-count tests ask 200 of."""

import datetime as dt
from dataclasses import dataclass

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme import services
from ish.programme.models import Event, Presentation
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

ACCEPTED = Nomination.Status.ACCEPTED
HEIDELBERG = BERLIN
DAY = dt.date(2027, 7, 18)  # the season's second day: the attendance tests' day
JULY_19 = dt.date(2027, 7, 19)  # a Monday: the events tests' day
FIRST = dt.datetime(2027, 8, 12, 9, 0, tzinfo=HEIDELBERG)  # the first presentation slot
ROOMS = ("Hörsaal 1", "Hörsaal 2")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`hour`:`minute` on `day`, Heidelberg time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HEIDELBERG)


def student(
    season: Season,
    city: City,
    lab: Lab | None,
    given_name: str,
    family_name: str = "",
    status: str = ACCEPTED,
    placement: str = "accepted",
    **fields,
) -> Nomination:
    """A participant of `city` placed at `lab` (with a placement of status `placement`)."""
    names = {"given_name": given_name} | ({"family_name": family_name} if family_name else {})
    nomination = NominationFactory(season=season, city=city, status=status, **names, **fields)
    if lab is not None:
        PlacementFactory(nomination=nomination, lab=lab, status=placement)
    return nomination


@dataclass
class Summer:
    """The cast every programme test starts from; a module's fixture adds its own attributes
    (its events, further students) to it."""

    season: Season
    kumamoto: City
    rehovot: City
    genome: Lab
    optics: Lab
    aiko: Nomination  # Kumamoto, genome lab
    noa: Nomination  # Rehovot, the optics lab (or the genome lab: `noa_lab`)
    organiser: User
    coordinator: User  # Kumamoto's
    genome_host: User
    optics_host: User


def make_summer(*, noa_lab: str = "optics", noa_status: str = "confirmed", **aiko) -> Summer:
    """The 2027 season (17 July – 13 August): Kumamoto's Aiko Tanaka (with the fields `aiko`) in
    the genome lab, Rehovot's Noa Levi in the `noa_lab` lab; the office, Kumamoto's coordinator
    and each lab's host."""
    season = SeasonFactory()
    kumamoto = City.objects.get(slug="kumamoto")
    rehovot = CityFactory(slug="rehovot-test", name="Rehovot")
    labs = {"genome": LabFactory(name="Genome Lab"), "optics": LabFactory(name="Optics Lab")}
    return Summer(
        season=season,
        kumamoto=kumamoto,
        rehovot=rehovot,
        genome=labs["genome"],
        optics=labs["optics"],
        aiko=student(season, kumamoto, labs["genome"], "Aiko", "Tanaka", **aiko),
        noa=student(season, rehovot, labs[noa_lab], "Noa", "Levi", status=noa_status),
        organiser=OrganiserFactory(username="office"),
        coordinator=CoordinatorFactory(username="kumamoto-coordinator", city=kumamoto),
        genome_host=LabHostFactory(username="genome-host", lab=labs["genome"]),
        optics_host=LabHostFactory(username="optics-host", lab=labs["optics"]),
    )


# --- the attendance tests' day ------------------------------------------------------------------


def attendance_summer(db) -> Summer:
    """Aiko (17 on the day, a minor with an emergency contact) and Noa in the genome lab,
    Kumamoto's Kenji in the optics lab; an everyone workshop (10:00–12:00) and the genome lab's
    day (13:00–17:00) on DAY. Each attendance module declares
    `summer = pytest.fixture(attendance_summer, name="summer")`."""
    summer = make_summer(
        noa_lab="genome",
        noa_status=ACCEPTED,
        date_of_birth=dt.date(2010, 1, 1),
        emergency_contact_name="Haruka Tanaka",
        emergency_contact_phone="+81 96 765 4321",
    )
    summer.kenji = student(summer.season, summer.kumamoto, summer.optics, "Kenji", "Sato")
    summer.workshop = EventFactory(season=summer.season, title="Explo workshop")
    summer.lab_day = EventFactory(
        season=summer.season,
        title="Genome lab day",
        kind="lab",
        audience="labs",
        starts_at=at(DAY, 13),
        ends_at=at(DAY, 17),
    )
    summer.lab_day.labs.set([summer.genome])
    return summer


def more_students(summer: Summer, count: int, lab: Lab | None = None) -> list[Nomination]:
    """`count` more Kumamoto students of the genome lab (or `lab`)."""
    return [
        student(summer.season, summer.kumamoto, lab or summer.genome, "More", f"Student-{n:03}")
        for n in range(count)
    ]


# --- the events tests' summer -------------------------------------------------------------------


def events_summer() -> Summer:
    """Aiko, Noa (optics lab) and a withdrawn Kumamoto student; the optics lab's host as
    `lab_host`, and another city's coordinator and another lab's host who see none of them."""
    summer = make_summer()
    summer.withdrawn = student(
        summer.season, summer.kumamoto, None, "Ken", "Mori", status="withdrawn"
    )
    summer.lab_host = summer.optics_host
    elsewhere = CityFactory(slug="elsewhere-test", name="Elsewhere (test)")
    summer.other_coordinator = CoordinatorFactory(username="elsewhere-events", city=elsewhere)
    summer.other_lab_host = LabHostFactory(username="empty-lab-events", lab=LabFactory())
    return summer


def office_event(summer: Summer, **values) -> Event:
    """An event the office creates: a workshop on JULY_19, 10:00–12:00, unless `values` say."""
    defaults = {"title": "Event", "kind": "workshop"}
    defaults |= {"starts_at": at(JULY_19, 10), "ends_at": at(JULY_19, 12)}
    return services.create_event(
        actor=summer.organiser, season=summer.season, **(defaults | values)
    )


def grow_events(summer: Summer, wanted: int) -> None:
    """Events of each audience, until there are `wanted`: each names Kumamoto, Aiko and Noa, and
    the optics lab (only its audience's list counts)."""
    audiences = ["cities", "participants", "labs"]
    events = Event.objects.bulk_create(
        Event(
            season=summer.season,
            title=f"Event {n}",
            kind="workshop",
            starts_at=at(JULY_19, 8) + dt.timedelta(minutes=n),
            ends_at=at(JULY_19, 9) + dt.timedelta(minutes=n),
            audience=audiences[n % 3],
        )
        for n in range(Event.objects.count(), wanted)
    )
    Event.cities.through.objects.bulk_create(
        Event.cities.through(event=event, city=summer.kumamoto) for event in events
    )
    Event.labs.through.objects.bulk_create(
        Event.labs.through(event=event, lab=summer.optics) for event in events
    )
    Event.participants.through.objects.bulk_create(
        Event.participants.through(event=event, nomination=nomination)
        for event in events
        for nomination in (summer.aiko, summer.noa)
    )


# --- final presentations ------------------------------------------------------------------------


def grow_schedule(season: Season, labs: list[Lab], wanted: int) -> list[Presentation]:
    """Slots up to `wanted`, one student each: the n-th of city n % 2 (Kumamoto, Hangzhou) and
    lab n % len(labs), in room n % 2, 15 minutes each; made in bulk so that 200 cost little."""
    cities = [City.objects.get(slug="kumamoto"), City.objects.get(slug="hangzhou")]
    have = Presentation.objects.filter(season=season).count()
    numbers = range(have, wanted)
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season,
            city=cities[n % 2],
            status=Nomination.Status.ACCEPTED,
            given_name="Student",
            family_name=f"No. {n}",
            email=f"presenter-{season.pk}-{n}@example.org",
        )
        for n in numbers
    )
    Placement.objects.bulk_create(
        Placement(
            nomination=student,
            lab=labs[n % len(labs)],
            status=Placement.Status.ACCEPTED,
            starts_on=season.starts_on,
            ends_on=season.ends_on,
        )
        for n, student in zip(numbers, students, strict=True)
    )
    slots = Presentation.objects.bulk_create(
        Presentation(
            season=season,
            room=ROOMS[n % 2],
            starts_at=FIRST + dt.timedelta(minutes=15 * (n // 2)),
            minutes=15,
            title=f"Talk {n}",
            supervisor="Prof. Example",
        )
        for n in numbers
    )
    Presentation.nominations.through.objects.bulk_create(
        Presentation.nominations.through(presentation_id=slot.pk, nomination_id=student.pk)
        for slot, student in zip(slots, students, strict=True)
    )
    return slots


# What of another city's participant a coordinator must never read on a shared slot.
LIS_PRIVATE_FIELDS = {
    "email": "li.wei.private@example.cn",
    "phone": "+86 571 8888 1234",
    "date_of_birth": dt.date(2009, 3, 14),
    "passport_number": "E98765432",
    "emergency_contact_name": "Wei Guardian",
    "emergency_contact_phone": "+86 571 7777 4321",
}


def shared_slot(season: Season, lab: Lab) -> Presentation:
    """A lab pair's final presentation: Kumamoto's Aiko Tanaka and Hangzhou's Li Wei (whose
    private fields are LIS_PRIVATE_FIELDS), both of `lab`; Hangzhou's coordinator (the city's
    contact) is `hangzhou-contact`, li.contact@example.cn."""
    kumamoto, hangzhou = City.objects.get(slug="kumamoto"), City.objects.get(slug="hangzhou")
    aiko = student(season, kumamoto, lab, "Aiko", "Tanaka")
    li = student(season, hangzhou, lab, "Li", "Wei", **LIS_PRIVATE_FIELDS)
    CoordinatorFactory(username="hangzhou-contact", email="li.contact@example.cn", city=hangzhou)
    slot = Presentation.objects.create(
        season=season, room="Hörsaal 1", starts_at=FIRST, minutes=20, title="Zebrafish"
    )
    slot.nominations.set([aiko, li])
    return slot


def private_texts() -> list[str]:
    """LIS_PRIVATE_FIELDS and the Hangzhou contact as a page or a cell could write them."""
    born = LIS_PRIVATE_FIELDS["date_of_birth"]
    texts = [str(value) for value in LIS_PRIVATE_FIELDS.values()]
    texts += [
        born.strftime("%d.%m.%Y"),
        born.strftime("%d/%m/%Y"),
        "14 March 2009",
        "hangzhou-contact",
    ]
    return [*texts, "li.contact@example.cn", "+8657188881234", "+8657177774321"]
