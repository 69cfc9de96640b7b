"""The automatic proposal of a season's final presentations: the participants grouped by the lab
they work in, in order of institute and lab, spread over the rooms given, which run in
parallel; shown to the office as a preview and saved, replacing the season's slots, only when
the office confirms it."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.programme.models import Presentation
from ish.programme.presentations import Slots, lock_schedule
from ish.programme.selectors import participants_of
from ish.seasons.models import Season


class Grouping(TextChoices):
    LAB = "lab", gettext_lazy("a lab's students present together")
    STUDENT = "student", gettext_lazy("every student presents alone")


@dataclass(frozen=True)
class Break:
    starts_at: dt.datetime
    minutes: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


@dataclass
class ProposedSlot:
    room: str
    starts_at: dt.datetime
    minutes: int
    nominations: list[Nomination]
    lab: Lab | None
    supervisor: str
    title: str = ""

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


@dataclass
class Proposal:
    season: Season
    slots: list[ProposedSlot] = field(default_factory=list)
    # Participants without an accepted lab: they present alone, after the labs.
    without_lab: list[Nomination] = field(default_factory=list)
    replaces: int = 0  # the season's slots that confirming it deletes


def _presenters(season: Season, grouping: str) -> tuple[list[tuple[Lab | None, list]], list]:
    """The units that present, in order of institute, lab and name: each lab's students as one
    unit (or one unit each), then the participants with no accepted lab, one unit each."""
    participants = list(
        participants_of(season).select_related("city").order_by("family_name", "given_name", "pk")
    )
    placements = (
        Placement.objects.filter(
            nomination__in=[p.pk for p in participants], status=Placement.Status.ACCEPTED
        )
        .select_related("lab__institute")
        .order_by("lab__institute__name", "lab__name", "lab_id")
    )
    lab_of = {placement.nomination_id: placement.lab for placement in placements}
    labs = list(dict.fromkeys(lab_of.values()))  # in the placements' order, once each
    units: list[tuple[Lab | None, list[Nomination]]] = []
    for lab in labs:
        students = [p for p in participants if lab_of.get(p.pk) == lab]
        if grouping == Grouping.LAB:
            units.append((lab, students))
        else:
            units += [(lab, [student]) for student in students]
    without = [p for p in participants if p.pk not in lab_of]
    units += [(None, [student]) for student in without]
    return units, without


def _after_breaks(moment: dt.datetime, minutes: int, breaks: list[Break]) -> dt.datetime:
    """The first start at or after `moment` whose slot crosses no break."""
    moved = True
    while moved:
        moved = False
        for pause in breaks:
            if moment < pause.ends_at and pause.starts_at < moment + dt.timedelta(minutes=minutes):
                moment, moved = pause.ends_at, True
    return moment


def propose(
    season: Season,
    *,
    rooms: list[str],
    starts_at: dt.datetime,
    minutes: int,
    breaks: list[Break] = (),
    grouping: str = Grouping.LAB,
) -> Proposal:
    """The schedule proposed for the season (nothing is saved). The ordered units are split into
    as many consecutive runs as there are rooms, balanced, so that an institute's labs stay
    together in one room where they can; each room starts at `starts_at` and runs slot after
    slot, skipping the breaks. A lab's head is proposed as the supervisor."""
    rooms = [room.strip() for room in rooms if room.strip()]
    units, without = _presenters(season, grouping)
    proposal = Proposal(
        season=season,
        without_lab=without,
        replaces=Presentation.objects.filter(season=season).count(),
    )
    if not rooms:
        return proposal
    breaks = sorted(breaks, key=lambda pause: pause.starts_at)
    per_room, extra = divmod(len(units), len(rooms))
    first = 0
    for index, room in enumerate(rooms):
        run = units[first : first + per_room + (1 if index < extra else 0)]
        first += len(run)
        moment = starts_at
        for lab, students in run:
            moment = _after_breaks(moment, minutes, breaks)
            proposal.slots.append(
                ProposedSlot(
                    room=room,
                    starts_at=moment,
                    minutes=minutes,
                    nominations=students,
                    lab=lab,
                    supervisor=lab.head if lab else "",
                )
            )
            moment += dt.timedelta(minutes=minutes)
    proposal.slots.sort(key=lambda slot: (slot.starts_at, rooms.index(slot.room)))
    return proposal


@transaction.atomic
def accept_proposal(proposal: Proposal, *, actor: User | None = None) -> list[Presentation]:
    """Replace the season's slots by the proposal's. A title a lab host already gave is kept
    where the same students present together again."""
    season = proposal.season
    lock_schedule(season)
    titles: dict[frozenset[int], str] = {}
    members: dict[int, set[int]] = {}
    for slot_id, nomination_id in Slots.objects.filter(presentation__season=season).values_list(
        "presentation_id", "nomination_id"
    ):
        members.setdefault(slot_id, set()).add(nomination_id)
    for slot_id, title in Presentation.objects.filter(season=season).values_list("pk", "title"):
        if title and slot_id in members:
            titles[frozenset(members[slot_id])] = title
    Presentation.objects.filter(season=season).delete()
    created = Presentation.objects.bulk_create(
        Presentation(
            season=season,
            room=slot.room,
            starts_at=slot.starts_at,
            minutes=slot.minutes,
            supervisor=slot.supervisor,
            title=titles.get(frozenset(n.pk for n in slot.nominations), ""),
        )
        for slot in proposal.slots
    )
    Slots.objects.bulk_create(
        Slots(presentation_id=made.pk, nomination_id=nomination.pk)
        for made, slot in zip(created, proposal.slots, strict=True)
        for nomination in slot.nominations
    )
    return created
