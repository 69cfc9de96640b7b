"""The bus and room list of an event as a workbook (export kind `event`): who is expected, from
where, which lab, where to meet and whether they were marked — within the requester's scope."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ish.accounts.models import Role, User
from ish.nominations.exports import name_columns, student_names
from ish.nominations.models import Nomination, age_on
from ish.placements.models import Placement
from ish.programme.models import Attendance, Event
from ish.programme.selectors import events_visible_to, expected_at, students_of_lab
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, choice_labels, export_kind, local_time

# Lab hosts take their students to lab events and excursions; coordinators check their city's.
EVENT_LIST_READERS = frozenset({Role.ORGANISER, Role.COORDINATOR, Role.LAB_HOST})


def _event_in_scope(user: User, season: Season, value) -> int:
    """The `event` parameter: an event of the season the user sees. A missing event and one
    outside the user's scope are refused alike."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Give the id of an event.")) from None
    if not events_visible_to(user).filter(pk=pk, season=season).exists():
        raise ValidationError(_("No event of this season has this id."))
    return pk


def travellers(user: User, event: Event) -> QuerySet[Nomination]:
    """The participants the event expects whom `user` may list: organisers all, a coordinator
    their city's, a lab host the students placed at their lab."""
    expected = expected_at(event)
    if user.is_organiser:
        return expected
    if user.is_coordinator:
        return expected.filter(city_id=user.city_id)
    if user.is_lab_host:
        return expected.filter(pk__in=students_of_lab(user.lab_id).values("pk"))
    return expected.none()


def event_list(user: User, event: Event) -> Sheet:
    """One row per participant in scope; organisers also get phones, dates of birth and minors
    flagged (under 18 on the event's day)."""
    status = Attendance.objects.filter(event=event, nomination=OuterRef("pk")).values("status")
    lab = Placement.objects.filter(
        nomination=OuterRef("pk"), status=Placement.Status.ACCEPTED
    ).values("lab__name")
    rows = (
        travellers(user, event)
        .only("date_of_birth")
        .annotate(
            **student_names(),
            attendance=Coalesce(Subquery(status[:1]), Value(Attendance.Status.EXPECTED)),
            lab_name=Subquery(lab[:1]),
            phone_number=Cast("phone", output_field=CharField()),
        )
        .order_by(F("city__name"), "family_name", "given_name", "pk")
    )
    statuses = choice_labels(Attendance.Status.choices)
    day = timezone.localtime(event.starts_at).date()
    starts, title, meeting_point = (
        local_time(event.starts_at),
        event.display_title,
        event.meeting_point,
    )
    yes = _("yes")
    office = [
        Column(gettext_lazy("Phone"), 18, lambda n: n.phone_number),
        Column(gettext_lazy("Date of birth"), 13, lambda n: n.date_of_birth),
        Column(gettext_lazy("Minor"), 8, lambda n: yes if _is_minor(n.date_of_birth, day) else ""),
    ]
    return Sheet(
        gettext_lazy("Bus and room list"),
        [
            *name_columns(),
            *(office if user.is_organiser else []),
            Column(gettext_lazy("Lab"), 28, lambda n: n.lab_name or ""),
            Column(gettext_lazy("Meeting point"), 24, lambda n: meeting_point),
            Column(gettext_lazy("Status"), 12, lambda n: statuses[n.attendance]),
            Column(pgettext_lazy("programme", "Event"), 28, lambda n: title),
            Column(gettext_lazy("Starts"), 18, lambda n: starts),
        ],
        rows,
    )


def _is_minor(born: dt.date | None, day: dt.date) -> bool:
    age = age_on(born, day)
    return age is not None and age < 18


@export_kind("event", roles=EVENT_LIST_READERS, parameters={"event": _event_in_scope})
def event_export(user: User, season: Season, *, event: int) -> list[Sheet]:
    return [event_list(user, events_visible_to(user).get(pk=event, season=season))]
