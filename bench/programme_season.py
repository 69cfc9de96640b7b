"""The programme weeks of a benchmark season (bench/harness.py's `a_season`): events for every
kind of audience over the four weeks, the attendance of the welcome lunch half marked, and a
final presentation for every participant; built with the factories' `build`, written with
bulk_create."""

import datetime as dt
from zoneinfo import ZoneInfo

HEIDELBERG = ZoneInfo("Europe/Berlin")
ROOMS = ["Hörsaal 1", "Hörsaal 2", "Seminarraum A", "Seminarraum B"]
SLOTS_A_ROOM_A_DAY = 32  # 15 minutes each, 9:00 to 17:00


def a_programme(built: dict) -> dict:
    """size/10 events (at least 10) over the season's four weeks: one in ten for everyone, the
    others for two cities, two labs or five listed participants, one in four with a lunch; the
    first, the welcome lunch on the second day, for everyone with half its participants marked
    present and one in twenty excused; one 15-minute presentation slot per participant, four
    rooms. Returns `built` with the ids the programme's lines need: `event`, `day`."""
    from ish.accounts.models import User
    from ish.labs.models import Lab
    from ish.nominations.models import Nomination
    from ish.programme.models import Attendance, Event, Presentation
    from ish.seasons.models import City, Season
    from tests import factories

    season = Season.objects.get(pk=built["season"])
    cities, labs = list(City.objects.order_by("pk")), list(Lab.objects.order_by("pk"))
    placed = list(
        Nomination.objects.filter(season=season, status__in=Nomination.HOLDS_A_PLACE).order_by("pk")
    )
    day = season.starts_on + dt.timedelta(days=1)
    audiences = ["everyone"] + ["cities"] * 3 + ["labs"] * 3 + ["participants"] * 3

    def starts(n: int) -> dt.datetime:
        on = day if n == 0 else season.starts_on + dt.timedelta(days=n % 28)
        return dt.datetime.combine(on, dt.time(12 if n == 0 else 8 + n // 28 % 10), HEIDELBERG)

    events = Event.objects.bulk_create(
        factories.EventFactory.build(
            season=season, title="Welcome lunch" if n == 0 else f"Event {n}",
            kind="welcome" if n == 0 else "workshop", audience=audiences[n % 10],
            starts_at=starts(n), ends_at=starts(n) + dt.timedelta(minutes=90),
            meal="lunch" if n % 4 == 0 else "none", meeting_point=f"Bismarckplatz {n % 5}",
        )
        for n in range(max(built["size"] // 10, 10))
    )  # fmt: skip
    Event.cities.through.objects.bulk_create(
        Event.cities.through(event=event, city=cities[(n + k) % len(cities)])
        for n, event in enumerate(events)
        if event.audience == "cities"
        for k in (0, 1)
    )
    Event.labs.through.objects.bulk_create(
        Event.labs.through(event=event, lab=labs[(n + k) % len(labs)])
        for n, event in enumerate(events)
        if event.audience == "labs"
        for k in (0, 1)
    )
    Event.participants.through.objects.bulk_create(
        Event.participants.through(event=event, nomination=placed[(5 * n + k) % len(placed)])
        for n, event in enumerate(events)
        if event.audience == "participants"
        for k in range(5)
    )
    organiser = User.objects.get(pk=built["organiser"])
    Attendance.objects.bulk_create(
        Attendance(
            event=events[0], nomination=nomination, marked_by=organiser,
            status=Attendance.Status.EXCUSED if n % 20 == 0 else Attendance.Status.PRESENT,
            reason="ill" if n % 20 == 0 else "",
        )
        for n, nomination in enumerate(placed[: len(placed) // 2])
    )  # fmt: skip
    first = dt.datetime.combine(season.ends_on - dt.timedelta(days=2), dt.time(9), HEIDELBERG)
    per_day = SLOTS_A_ROOM_A_DAY * len(ROOMS)
    slots = Presentation.objects.bulk_create(
        Presentation(
            season=season, room=ROOMS[n % len(ROOMS)], minutes=15,
            starts_at=first + dt.timedelta(days=n // per_day, minutes=15 * (n % per_day // 4)),
            title=f"Talk {n}", supervisor=f"Prof. Supervisor {n % 50}",
        )
        for n in range(len(placed))
    )  # fmt: skip
    Presentation.nominations.through.objects.bulk_create(
        Presentation.nominations.through(presentation_id=slot.pk, nomination_id=nomination.pk)
        for slot, nomination in zip(slots, placed, strict=True)
    )
    return {**built, "event": events[0].pk, "day": day.isoformat()}
