"""The schedule of final presentations as the pages and the workbook read it: a user's slots of a
season with who presents (name, city, lab), in a fixed number of queries, laid out as a grid of
rooms by times for each day, or written as an Excel workbook downloaded at once (a season has
some dozens of slots): one row per slot, within the downloader's scope, through the one
formula-safe writer."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.models import Presentation
from ish.programme.presentations import ends_at, presentations_visible_to
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, local_time, write_workbook


@dataclass(frozen=True)
class Presenter:
    pk: int
    name: str
    city: str
    lab: str
    institute: str


@dataclass
class Slot:
    """A slot with what the schedule shows of it; `earlier`/`later` are the neighbouring times
    of its room's column (where the keyboard's move buttons take it)."""

    presentation: Presentation
    presenters: list[Presenter]
    earlier: dt.datetime | None = None
    later: dt.datetime | None = None

    def __getattr__(self, name: str):
        if name == "presentation":  # not set yet: no slot to read through
            raise AttributeError(name)
        return getattr(self.presentation, name)

    @property
    def ends_at(self) -> dt.datetime:
        return ends_at(self.presentation)

    @property
    def names(self) -> str:
        return ", ".join(presenter.name for presenter in self.presenters)

    @property
    def starts_input(self) -> str:
        """The start as a datetime-local field shows it, in Heidelberg time."""
        return timezone.localtime(self.presentation.starts_at).strftime("%Y-%m-%dT%H:%M")

    @property
    def cities(self) -> list[str]:
        return list(dict.fromkeys(presenter.city for presenter in self.presenters))

    @property
    def labs(self) -> list[str]:
        return list(dict.fromkeys(presenter.lab for presenter in self.presenters if presenter.lab))


@dataclass
class Cell:
    room: str
    starts_at: dt.datetime
    slot: Slot | None = None


@dataclass
class Row:
    starts_at: dt.datetime
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Day:
    day: dt.date
    rooms: list[str]
    rows: list[Row]


def slots_of(user: User, season: Season) -> list[Slot]:
    """The season's slots `user` sees, in order of time and room, with their presenters (three
    queries however many)."""
    presentations = list(
        presentations_visible_to(user)
        .filter(season=season)
        .order_by("starts_at", "room", "pk")
        .prefetch_related(
            Prefetch(
                "nominations",
                Nomination.objects.select_related("city").order_by("family_name", "given_name"),
            )
        )
    )
    student_ids = {n.pk for slot in presentations for n in slot.nominations.all()}
    labs = {
        placement.nomination_id: placement.lab
        for placement in Placement.objects.filter(
            nomination_id__in=student_ids, status=Placement.Status.ACCEPTED
        ).select_related("lab__institute")
    }
    slots = []
    for presentation in presentations:
        presenters = []
        for nomination in presentation.nominations.all():
            lab = labs.get(nomination.pk)
            presenters.append(
                Presenter(
                    pk=nomination.pk,
                    name=nomination.full_name,
                    city=str(nomination.city),
                    lab=lab.name if lab else "",
                    institute=str(lab.institute) if lab else "",
                )
            )
        slots.append(Slot(presentation, presenters))
    return slots


def grid(slots: list[Slot]) -> list[Day]:
    """Each day's slots as rows of start times by columns of rooms (rooms in the order they are
    first used that day); a cell holds the slot starting there, or none."""
    days: dict[dt.date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.starts_at), []).append(slot)
    laid_out = []
    for day, day_slots in sorted(days.items()):
        rooms = list(dict.fromkeys(slot.room for slot in day_slots))
        times = sorted({slot.starts_at for slot in day_slots})
        at = {(slot.room, slot.starts_at): slot for slot in day_slots}
        for slot in day_slots:
            index = times.index(slot.starts_at)
            slot.earlier = times[index - 1] if index else None
            slot.later = times[index + 1] if index + 1 < len(times) else None
        rows = [
            Row(moment, [Cell(room, moment, at.get((room, moment))) for room in rooms])
            for moment in times
        ]
        laid_out.append(Day(day, rooms, rows))
    return laid_out


def rooms_of(slots: list[Slot]) -> list[str]:
    return sorted({slot.room for slot in slots})


def schedule_sheet(user: User, season: Season) -> Sheet:
    slots = {slot.pk: slot for slot in slots_of(user, season)}
    rows = (
        presentations_visible_to(user)
        .filter(season=season)
        .only("pk", "room", "starts_at", "title", "supervisor")
        .order_by("starts_at", "room", "pk")
    )

    def joined(row, values) -> str:
        slot = slots.get(row.pk)  # None: added since the presenters were read
        return ", ".join(values(slot)) if slot else ""

    return Sheet(
        gettext_lazy("Presentations"),
        [
            Column(gettext_lazy("Time"), 18, lambda row: local_time(row.starts_at)),
            Column(gettext_lazy("Room"), 16, lambda row: row.room),
            Column(
                gettext_lazy("Participants"),
                36,
                lambda row: joined(row, lambda slot: [p.name for p in slot.presenters]),
            ),
            Column(gettext_lazy("City"), 18, lambda row: joined(row, lambda slot: slot.cities)),
            Column(gettext_lazy("Lab"), 30, lambda row: joined(row, lambda slot: slot.labs)),
            Column(gettext_lazy("Title"), 40, lambda row: row.title),
            Column(gettext_lazy("Supervisor"), 24, lambda row: row.supervisor),
        ],
        rows,
    )


def write_schedule(user: User, season: Season, target) -> int:
    """Write the user's schedule of `season` to `target` (a path or file); returns the rows."""
    return write_workbook(
        [schedule_sheet(user, season)],
        target,
        title=_("Final presentations %(year)s") % {"year": season.year},
    )
