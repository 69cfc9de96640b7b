"""The final presentations' slots: who sees which, creating and editing them by hand under the
schedule's rules, moving or swapping them, and a lab host's one edit, the title.

The rules, each checked under a lock on the season's row so that two editors cannot break them
together:

- every participant of a slot holds a place in the slot's season;
- a participant presents in one slot only (refused);
- two slots in one room never overlap (refused as well, unlike the programme's clash warnings:
  a participant may miss an event, but one room cannot hold two talks at once; exchanging two
  slots is `move_to` onto the other's place, which swaps them).
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.nominations.models import Nomination
from ish.programme.models import Presentation
from ish.programme.selectors import students_of_lab
from ish.seasons.models import Season

# A slot lasts at least a minute and at most a half day: a longer one is a typo.
SHORTEST_MINUTES, LONGEST_MINUTES = 1, 240
Slots = Presentation.nominations.through


# --- reads ---------------------------------------------------------------------------------------


def presentations_visible_to(user: User) -> QuerySet[Presentation]:
    """The office sees every slot; a coordinator those where one of their city's participants
    presents; a lab host those where one of their lab's students presents."""
    slots = Presentation.objects.all()
    if user.is_organiser:
        return slots
    if user.is_coordinator:
        presenters = Nomination.objects.filter(city_id=user.city_id)
    elif user.is_lab_host:
        presenters = students_of_lab(user.lab_id)
    else:
        return slots.none()
    return slots.filter(
        Exists(
            Slots.objects.filter(
                presentation=OuterRef("pk"), nomination__in=presenters.values("pk")
            )
        )
    )


def may_edit_everything(user: User) -> bool:
    """The office builds the schedule; a lab host may only retitle their students' slots."""
    return user.is_organiser


def may_edit_title(user: User, slot: Presentation) -> bool:
    """Whether `user` may change the slot's title (it must be one they see anyway)."""
    if user.is_organiser:
        return True
    return user.is_lab_host and presentations_visible_to(user).filter(pk=slot.pk).exists()


def ends_at(slot: Presentation) -> dt.datetime:
    return slot.starts_at + dt.timedelta(minutes=slot.minutes)


# --- the rules -----------------------------------------------------------------------------------


def lock_schedule(season: Season | int) -> None:
    """Serialise every change of one season's schedule (see the module's docstring)."""
    Season.objects.select_for_update().filter(pk=getattr(season, "pk", season)).first()


def _check_length(minutes: int | None) -> None:
    if minutes is None or not SHORTEST_MINUTES <= minutes <= LONGEST_MINUTES:
        raise ValidationError(
            {
                "minutes": _("A slot lasts between %(shortest)d and %(longest)d minutes.")
                % {"shortest": SHORTEST_MINUTES, "longest": LONGEST_MINUTES}
            }
        )


def _check_presenters(season_id: int, nominations: list[Nomination], slot_id: int | None) -> None:
    if not nominations:
        raise ValidationError({"nominations": _("Choose who presents in this slot.")})
    outside = [
        nomination.full_name
        for nomination in nominations
        if nomination.season_id != season_id or nomination.status not in Nomination.HOLDS_A_PLACE
    ]
    if outside:
        raise ValidationError(
            {
                "nominations": _("Not a participant of this season: %(names)s.")
                % {"names": ", ".join(outside)}
            }
        )
    elsewhere = (
        Slots.objects.filter(nomination__in=[n.pk for n in nominations])
        .exclude(presentation_id=slot_id)
        .select_related("nomination", "presentation")
        .order_by("nomination__family_name", "nomination_id")
    )
    taken = [
        _("%(name)s (%(room)s, %(time)s)")
        % {
            "name": row.nomination.full_name,
            "room": row.presentation.room,
            "time": date_format(row.presentation.starts_at, "SHORT_DATETIME_FORMAT"),
        }
        for row in elsewhere
    ]
    if taken:
        raise ValidationError(
            {
                "nominations": _("Already presenting in another slot: %(names)s.")
                % {"names": "; ".join(taken)}
            }
        )


def overlapping(
    season_id: int,
    room: str,
    starts_at: dt.datetime,
    minutes: int,
    exclude: Iterable[int] = (),
) -> Presentation | None:
    """The first slot of the season in `room` that overlaps [starts_at, starts_at + minutes)."""
    end = starts_at + dt.timedelta(minutes=minutes)
    # The slots that start before this one ends; their lengths vary, so their ends are compared
    # here (a season has some dozens of slots in a room).
    candidates = Presentation.objects.filter(
        season_id=season_id, room=room, starts_at__lt=end
    ).exclude(pk__in=list(exclude))
    for slot in candidates.order_by("starts_at", "pk"):
        if ends_at(slot) > starts_at:
            return slot
    return None


def _check_room_free(
    season_id: int, room: str, starts_at: dt.datetime, minutes: int, exclude: Iterable[int]
) -> None:
    clash = overlapping(season_id, room, starts_at, minutes, exclude)
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _(
                    "%(room)s is taken then by the slot from %(start)s to %(end)s; choose "
                    "another time or room, or move this slot onto that one to swap them."
                )
                % {
                    "room": room,
                    "start": date_format(clash.starts_at, "SHORT_DATETIME_FORMAT"),
                    "end": date_format(ends_at(clash), "TIME_FORMAT"),
                }
            }
        )


def _check_text(room: str) -> str:
    room = (room or "").strip()
    if not room:
        raise ValidationError({"room": _("Name the room.")})
    return room


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def create_slot(
    *,
    season: Season,
    room: str,
    starts_at: dt.datetime,
    minutes: int,
    nominations: list[Nomination],
    title: str = "",
    supervisor: str = "",
    actor: User | None = None,
) -> Presentation:
    lock_schedule(season)
    room = _check_text(room)
    _check_length(minutes)
    nominations = list(nominations)
    _check_presenters(season.pk, nominations, None)
    _check_room_free(season.pk, room, starts_at, minutes, ())
    slot = Presentation.objects.create(
        season=season,
        room=room,
        starts_at=starts_at,
        minutes=minutes,
        title=title.strip(),
        supervisor=supervisor.strip(),
    )
    slot.nominations.set(nominations)
    return slot


EDITABLE = ("room", "starts_at", "minutes", "nominations", "title", "supervisor")


@transaction.atomic
def update_slot(slot: Presentation, *, actor: User | None = None, **changes) -> Presentation:
    """Change any of EDITABLE (the office); the rules hold for the slot as it will be."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    lock_schedule(slot.season_id)
    slot = Presentation.objects.get(pk=slot.pk)
    room = _check_text(changes.get("room", slot.room))
    starts_at = changes.get("starts_at", slot.starts_at)
    minutes = changes.get("minutes", slot.minutes)
    _check_length(minutes)
    if "nominations" in changes:
        nominations = list(changes["nominations"])
        _check_presenters(slot.season_id, nominations, slot.pk)
    _check_room_free(slot.season_id, room, starts_at, minutes, [slot.pk])
    slot.room, slot.starts_at, slot.minutes = room, starts_at, minutes
    slot.title = changes.get("title", slot.title).strip()
    slot.supervisor = changes.get("supervisor", slot.supervisor).strip()
    slot.save()
    if "nominations" in changes:
        slot.nominations.set(nominations)
    return slot


@transaction.atomic
def retitle(slot: Presentation, title: str, *, actor: User) -> Presentation:
    """A lab host names their students' talk (the office may too); nothing else changes."""
    if not may_edit_title(actor, slot):
        raise ValidationError({"title": _("You may change the title of your students' slots.")})
    Presentation.objects.filter(pk=slot.pk).update(title=title.strip())
    slot.title = title.strip()
    return slot


@transaction.atomic
def delete_slot(slot: Presentation, *, actor: User | None = None) -> None:
    lock_schedule(slot.season_id)
    slot.delete()


@transaction.atomic
def move_to(
    slot: Presentation, *, room: str, starts_at: dt.datetime, actor: User | None = None
) -> Presentation | None:
    """Move the slot to `room` at `starts_at`, what a drop onto a cell of the schedule asks for.
    When another slot starts exactly there, the two swap places (each keeps its length); returns
    that other slot, or None after a plain move. Either way no room may be double-booked."""
    lock_schedule(slot.season_id)
    slot = Presentation.objects.get(pk=slot.pk)
    room = _check_text(room)
    other = (
        Presentation.objects.filter(season_id=slot.season_id, room=room, starts_at=starts_at)
        .exclude(pk=slot.pk)
        .first()
    )
    if other is None:
        _check_room_free(slot.season_id, room, starts_at, slot.minutes, [slot.pk])
        slot.room, slot.starts_at = room, starts_at
        slot.save(update_fields=["room", "starts_at"])
        return None
    both = [slot.pk, other.pk]
    _check_room_free(slot.season_id, room, starts_at, slot.minutes, both)
    _check_room_free(other.season_id, slot.room, slot.starts_at, other.minutes, both)
    if slot.room == room and _overlaps(starts_at, slot.minutes, slot.starts_at, other.minutes):
        raise ValidationError(
            {"starts_at": _("These two slots differ in length and would overlap once swapped.")}
        )
    (slot.room, slot.starts_at), (other.room, other.starts_at) = (
        (room, starts_at),
        (slot.room, slot.starts_at),
    )
    slot.save(update_fields=["room", "starts_at"])
    other.save(update_fields=["room", "starts_at"])
    return other


def _overlaps(a_start: dt.datetime, a_minutes: int, b_start: dt.datetime, b_minutes: int) -> bool:
    return a_start < b_start + dt.timedelta(minutes=b_minutes) and b_start < a_start + dt.timedelta(
        minutes=a_minutes
    )
