"""Whether a participant completed the programme (and so receives a certificate): the one rule,
for one participant or a whole season at once, and the office's verdict set by hand.

The rule: a participant (a student who holds a place) completed the programme once it has ended
for them — the season's first day has come and every event they are expected at, the ceremonies
aside (the certificates are handed out at one), is over — if they were marked `absent` at no
more than PROGRAMME_ABSENCES_ALLOWED of those events. An excused absence counts as present, and
so does an event nobody marked (the office's omission is not the student's). Cancelled events
do not count. The office may decide by hand either way (`Nomination.completed_programme`); its
decision wins over attendance until it is set back to derived (null).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.errors import RuleViolation
from ish.nominations.models import Nomination, NominationChange
from ish.programme.audiences import Audiences, lists_of
from ish.programme.models import Attendance, Event
from ish.programme.selectors import events_of
from ish.seasons.models import Season

# Why a participant has not completed the programme (Completion.why_not).
BY_HAND, NOT_A_PARTICIPANT, NOT_STARTED, NOT_ENDED, ABSENT = (
    "by_hand",
    "not_a_participant",
    "not_started",
    "not_ended",
    "absent",
)
# The events that count: not cancelled, and not where the certificates are handed out.
COUNTED = Q(cancelled_at=None) & ~Q(kind=Event.Kind.CEREMONY)
HISTORY_ACTIONS = {True: "completion_yes", False: "completion_no", None: "completion_derived"}


def absences_allowed() -> int:
    return settings.PROGRAMME_ABSENCES_ALLOWED


def rule_text() -> str:
    """The rule in the reader's language, as a refused certificate names it."""
    return _(
        "A participant completes the programme once it has ended for them (every event they are "
        "expected at, the ceremonies aside, is over) if they were absent at no more than "
        "%(allowed)d of those events; an excused absence counts as present. The ISH office may "
        "decide by hand either way."
    ) % {"allowed": absences_allowed()}


@dataclass(frozen=True)
class Completion:
    completed: bool
    by_hand: bool  # the office decided; attendance was not read
    why_not: str = ""  # one of the codes above; empty when completed
    absences: int = 0  # at the events that count and have ended
    to_come: int = 0  # events that count and have not ended yet

    @property
    def reason(self) -> str:
        """Why not, in the reader's language; empty when completed."""
        if self.why_not == BY_HAND:
            return _("The ISH office marked the programme as not completed.")
        if self.why_not == NOT_A_PARTICIPANT:
            return _("Only a student who holds a place completes the programme.")
        if self.why_not == NOT_STARTED:
            return _("The programme has not started yet.")
        if self.why_not == NOT_ENDED:
            return ngettext(
                "The programme has not ended for them yet: %(count)d event to come.",
                "The programme has not ended for them yet: %(count)d events to come.",
                self.to_come,
            ) % {"count": self.to_come}
        if self.why_not == ABSENT:
            return ngettext(
                "Absent at %(count)d event; at most %(allowed)d absences complete the programme.",
                "Absent at %(count)d events; at most %(allowed)d absences complete the programme.",
                self.absences,
            ) % {"count": self.absences, "allowed": absences_allowed()}
        return ""


def verdict(
    *,
    set_by_hand: bool | None,
    holds_a_place: bool,
    started: bool,
    to_come: int,
    absences: int,
) -> Completion:
    """The rule itself, on what was read of one participant (by either reading below)."""
    if not holds_a_place:
        return Completion(False, False, NOT_A_PARTICIPANT)
    if set_by_hand is not None:
        return Completion(set_by_hand, True, "" if set_by_hand else BY_HAND)
    if not started:
        return Completion(False, False, NOT_STARTED, absences, to_come)
    if to_come:
        return Completion(False, False, NOT_ENDED, absences, to_come)
    if absences > absences_allowed():
        return Completion(False, False, ABSENT, absences, to_come)
    return Completion(True, False, "", absences, to_come)


def _started(season: Season, now: dt.datetime) -> bool:
    return timezone.localtime(now).date() >= season.starts_on


def completion_of(nomination: Nomination, now: dt.datetime | None = None) -> Completion:
    """One participant's completion, in three queries (their single certificate)."""
    now = now or timezone.now()
    events = events_of(nomination).filter(COUNTED)
    figures = events.aggregate(to_come=Count("pk", filter=Q(ends_at__gt=now)))
    absences = Attendance.objects.filter(
        nomination=nomination,
        status=Attendance.Status.ABSENT,
        event__in=events.filter(ends_at__lte=now).values("pk"),
    ).count()
    return verdict(
        set_by_hand=nomination.completed_programme,
        holds_a_place=nomination.holds_a_place,
        started=_started(nomination.season, now),
        to_come=figures["to_come"],
        absences=absences,
    )


def completions_of(season: Season, now: dt.datetime | None = None) -> dict[int, Completion]:
    """Every participant's completion in `season`, by nomination id, in a fixed number of
    queries however many participants and events (the certificates page and the bulk job)."""
    now = now or timezone.now()
    audiences = Audiences(season.pk)
    events = list(Event.objects.filter(COUNTED, season=season).only("pk", "audience", "ends_at"))
    lists = lists_of(event.pk for event in events)
    ended = {event.pk for event in events if event.ends_at <= now}
    to_come: Counter[int] = Counter()
    expected_at: dict[int, set[int]] = {}
    for event in events:
        expected = audiences.expected(event, lists)
        expected_at[event.pk] = expected
        if event.pk not in ended:
            to_come.update(expected)
    absences: Counter[int] = Counter(
        nomination_id
        for event_id, nomination_id in Attendance.objects.filter(
            event_id__in=ended, status=Attendance.Status.ABSENT
        ).values_list("event_id", "nomination_id")
        if nomination_id in expected_at[event_id]
    )
    started = _started(season, now)
    stored = dict(
        Nomination.objects.filter(pk__in=audiences.people).values_list("pk", "completed_programme")
    )
    return {
        pk: verdict(
            set_by_hand=stored.get(pk),
            holds_a_place=True,
            started=started,
            to_come=to_come[pk],
            absences=absences[pk],
        )
        for pk in audiences.people
    }


def completed_in(season: Season, now: dt.datetime | None = None) -> QuerySet[Nomination]:
    """The season's participants who completed the programme (those who get a certificate)."""
    done = [pk for pk, completion in completions_of(season, now).items() if completion.completed]
    return Nomination.objects.filter(pk__in=done)


@transaction.atomic
def set_completion(nomination: Nomination, completed: bool | None, *, actor: User) -> Nomination:
    """The office's verdict by hand: completed (True), not (False), or left to attendance
    (None); the history records each change. Only a participant's verdict is set by hand."""
    ensure_organiser(actor)
    nomination = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
    if completed is not None and not nomination.holds_a_place:
        raise RuleViolation(_("Only a student who holds a place completes the programme."))
    if nomination.completed_programme is completed:
        return nomination
    nomination.completed_programme = completed
    nomination.save(update_fields=["completed_programme", "updated_at"])
    NominationChange.record(nomination, HISTORY_ACTIONS[completed], nomination.status, actor=actor)
    return nomination
