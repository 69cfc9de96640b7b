"""The demo season's programme, laid out from its first programme day as the office plans the four
weeks: the get-to-know day at the town hall, the introductory workshops, weekdays in the labs
with excursions at the weekends, the final presentations and the farewell at the town hall.

Idempotent: a season that has events already keeps them as they are, so that whatever was
changed in the portal survives `make run`."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.placements.models import Placement
from ish.programme import services
from ish.programme.models import Event
from ish.seasons.models import Season

Kind, Audience, Meal = Event.Kind, Event.Audience, Event.Meal
TOWN_HALL = ("Rathaus Heidelberg", "Marktplatz 10\n69117 Heidelberg")

# fmt: off
# days after the first programme day, start, end, title, German title, kind, place, address,
# meeting point, meal, notes
INTRODUCTION = [
    (0, (10, 0), (15, 0), "Get-to-know day", "Kennenlerntag", Kind.WELCOME, *TOWN_HALL,
     "Main entrance on the Marktplatz", Meal.LUNCH,
     "The mayor welcomes everyone; bring your passport for the registration."),
    (1, (9, 30), (12, 30), "Workshop: experiments at Explo", "Workshop: Experimente im Explo",
     Kind.WORKSHOP, "Explo Heidelberg", "Im Neuenheimer Feld 582\n69120 Heidelberg",
     "Bus stop Bunsengymnasium", Meal.NONE, ""),
    (1, (14, 0), (17, 0), "Heidelberg Castle", "Heidelberger Schloss", Kind.EXCURSION,
     "Heidelberg Castle", "Schlosshof 1\n69117 Heidelberg", "Funicular station Kornmarkt",
     Meal.NONE, "Comfortable shoes; the tour goes down to the Great Cask."),
    (2, (9, 30), (16, 0), "Workshop at EMBL", "Workshop am EMBL", Kind.WORKSHOP,
     "EMBL Advanced Training Centre", "Meyerhofstraße 1\n69117 Heidelberg",
     "Bismarckplatz, platform C", Meal.LUNCH, ""),
    (3, (10, 0), (13, 0), "Workshop at Haus der Astronomie", "Workshop im Haus der Astronomie",
     Kind.WORKSHOP, "Haus der Astronomie", "Königstuhl 17\n69117 Heidelberg",
     "Bismarckplatz, bus 39", Meal.PACKED_LUNCH, ""),
    (3, (13, 30), (16, 30), "Walk on the Königstuhl", "Wanderung auf dem Königstuhl",
     Kind.EXCURSION, "Königstuhl", "Königstuhl\n69117 Heidelberg", "Haus der Astronomie",
     Meal.NONE, "Down to the old town on foot, about 90 minutes."),
    (4, (9, 30), (12, 30), "Workshop at MPIK", "Workshop am MPIK", Kind.WORKSHOP,
     "Max Planck Institute for Nuclear Physics", "Saupfercheckweg 1\n69117 Heidelberg",
     "Bismarckplatz, bus 33", Meal.LUNCH, ""),
    (4, (14, 0), (17, 0), "Workshop at MPIA", "Workshop am MPIA", Kind.WORKSHOP,
     "Max Planck Institute for Astronomy", "Königstuhl 17\n69117 Heidelberg", "MPIK entrance",
     Meal.NONE, ""),
]
# The weekend excursions of the lab weeks, in order: title, German title, place, address,
# meeting point, start, end
EXCURSIONS = [
    ("Speyer: cathedral and Technik Museum", "Speyer: Dom und Technik Museum", "Speyer",
     "Domplatz\n67346 Speyer", "Heidelberg Hauptbahnhof, main hall", (9, 0), (17, 30)),
    ("Schwetzingen Palace and gardens", "Schloss und Schlossgarten Schwetzingen",
     "Schwetzingen Palace", "Schloss Mittelbau\n68723 Schwetzingen", "Bismarckplatz, bus 717",
     (10, 0), (16, 0)),
    ("Boat trip on the Neckar", "Schifffahrt auf dem Neckar", "Neckar landing stage",
     "Am Marstall\n69117 Heidelberg", "Landing stage at the Stadthalle", (13, 0), (17, 30)),
]
# fmt: on


def _at(day: dt.date, time: tuple[int, int]) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(*time), tzinfo=ZoneInfo(settings.TIME_ZONE))


def load_demo_programme(season: Season) -> None:
    if season.events.exists():
        return
    office = User.objects.get(username="office")

    def add(day: dt.date, start, end, title, german, kind, place, address, meeting, meal, notes,
            **audience) -> Event:  # fmt: skip
        return services.create_event(
            actor=office,
            season=season,
            title=title,
            title_translations={"de": german} if german else {},
            kind=kind,
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            place=place,
            address=address,
            meeting_point=meeting,
            meal=meal,
            notes=notes,
            **audience,
        )

    first = season.starts_on
    for offset, *event in INTRODUCTION:
        add(first + dt.timedelta(days=offset), *event)
    labs = list(
        Lab.objects.filter(
            placements__status=Placement.Status.ACCEPTED,
            placements__nomination__season=season,
        ).distinct()
    )
    presenting = season.ends_on - dt.timedelta(days=2)
    excursions = iter(EXCURSIONS)
    day = first + dt.timedelta(days=7)
    while day < presenting:
        if day.weekday() < 5 and labs:
            add(day, (9, 0), (17, 0), "In the lab", "Im Labor", Kind.LAB, "Your lab", "",
                "", Meal.NONE, "Your supervisor tells you where and when to meet.",
                audience=Audience.LABS, labs=labs)  # fmt: skip
        elif day.weekday() == 5:
            excursion = next(excursions, None)
            if excursion is not None:
                title, german, place, address, meeting, start, end = excursion
                add(day, start, end, title, german, Kind.EXCURSION, place, address, meeting,
                    Meal.PACKED_LUNCH, "")  # fmt: skip
        day += dt.timedelta(days=1)
    add(presenting, (9, 0), (16, 0), "Final presentations", "Abschlusspräsentationen",
        Kind.PRESENTATION, "DKFZ Communication Center", "Im Neuenheimer Feld 280\n69120 Heidelberg",
        "Foyer", Meal.LUNCH, "Tutors and colleagues are welcome.")  # fmt: skip
    add(season.ends_on - dt.timedelta(days=1), (18, 0), (21, 0), "Farewell", "Abschiedsabend",
        Kind.CEREMONY, *TOWN_HALL, "Main entrance on the Marktplatz", Meal.DINNER,
        "The mayor hands out the certificates.")  # fmt: skip
