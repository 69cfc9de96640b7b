"""Schedules of final presentations for the tests: slots of students of two cities and two labs
(the lab host's and another), made in bulk so that 200 cost little."""

import datetime as dt
from zoneinfo import ZoneInfo

from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.models import Presentation
from ish.seasons.models import City, Season

HEIDELBERG = ZoneInfo("Europe/Berlin")
FIRST = dt.datetime(2027, 8, 12, 9, 0, tzinfo=HEIDELBERG)
ROOMS = ("Hörsaal 1", "Hörsaal 2")


def grow_schedule(season: Season, labs: list[Lab], wanted: int) -> list[Presentation]:
    """Slots up to `wanted`, one student each: the n-th of city n % 2 (Kumamoto, Hangzhou) and
    lab n % len(labs), in room n % 2, 15 minutes each."""
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
