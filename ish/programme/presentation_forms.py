"""The schedule pages' input: a slot (the office), a title (a lab host), a move, and the
proposal's rooms, start, length, breaks and grouping. The forms parse; the services check the
rules, and their errors are put back on the fields."""

import datetime as dt
import re

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ish.forms import LengthLimits, ServiceErrors
from ish.nominations.models import Nomination
from ish.programme.models import Presentation
from ish.programme.presentation_proposals import Break, Grouping
from ish.programme.presentations import LONGEST_MINUTES, SHORTEST_MINUTES

ROOM_LENGTH = Presentation._meta.get_field("room").max_length
TITLE_LENGTH = Presentation._meta.get_field("title").max_length
SUPERVISOR_LENGTH = Presentation._meta.get_field("supervisor").max_length
# "10:30-10:45": a break of the proposal's day, from and to (a hyphen or an en dash between).
BREAK = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


def date_and_time() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PresenterChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, nomination: Nomination) -> str:
        return f"{nomination.full_name} ({nomination.city})"


def _minutes_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Minutes"), min_value=SHORTEST_MINUTES, max_value=LONGEST_MINUTES, **kwargs
    )


class SlotForm(ServiceErrors, LengthLimits, forms.Form):
    room = forms.CharField(label=_("Room"), max_length=ROOM_LENGTH)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=date_and_time())
    minutes = _minutes_field(initial=15)
    nominations = PresenterChoice(
        label=_("Participants"),
        queryset=Nomination.objects.none(),
        help_text=_("One participant, or a lab's pair or group."),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH, required=False)
    supervisor = forms.CharField(
        label=_("Supervisor"), max_length=SUPERVISOR_LENGTH, required=False
    )

    def __init__(self, *args, participants: QuerySet[Nomination], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = participants
        self.fields["nominations"].widget.attrs["size"] = 8

    @classmethod
    def initial_of(cls, slot: Presentation) -> dict:
        return {
            "room": slot.room,
            "starts_at": timezone.localtime(slot.starts_at),
            "minutes": slot.minutes,
            "nominations": list(slot.nominations.all()),
            "title": slot.title,
            "supervisor": slot.supervisor,
        }


class TitleForm(ServiceErrors, LengthLimits, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH, required=False)


class MoveForm(forms.Form):
    """Where a slot goes: a room and a start, either as the schedule's cells give it (ISO 8601
    with an offset) or as typed into the move form (Heidelberg time)."""

    room = forms.CharField(max_length=ROOM_LENGTH)
    starts_at = forms.CharField(max_length=40)

    def clean_starts_at(self) -> dt.datetime:
        try:
            moment = parse_datetime(self.cleaned_data["starts_at"].strip())
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(_("Enter a valid date and time."))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


class ProposalForm(LengthLimits, forms.Form):
    rooms = forms.CharField(
        label=_("Rooms"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One room a line; the rooms run at the same time."),
        max_length=2000,
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=date_and_time())
    minutes = _minutes_field(initial=15, help_text=_("The length of each slot."))
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        max_length=500,
        help_text=_("On the same day, as from–to, separated by commas: 10:30-10:45, 12:30-13:30"),
    )
    grouping = forms.ChoiceField(
        label=_("Grouping"),
        choices=Grouping.choices,
        initial=Grouping.LAB,
        widget=forms.RadioSelect,
    )

    def clean_rooms(self) -> list[str]:
        rooms = [line.strip() for line in self.cleaned_data["rooms"].splitlines()]
        rooms = list(dict.fromkeys(room for room in rooms if room))
        if not rooms:
            raise forms.ValidationError(_("Name at least one room."))
        if any(len(room) > ROOM_LENGTH for room in rooms):
            raise forms.ValidationError(
                _("A room's name has at most %(limit)d characters.") % {"limit": ROOM_LENGTH}
            )
        return rooms

    def clean(self) -> dict:
        cleaned = super().clean()
        starts_at, text = cleaned.get("starts_at"), cleaned.get("breaks") or ""
        if starts_at is None:
            return cleaned
        day = timezone.localtime(starts_at).date()
        breaks = []
        for part in filter(None, (piece.strip() for piece in re.split(r"[,;\n]", text))):
            match = BREAK.match(part)
            times = [int(number) for number in match.groups()] if match else []
            try:
                start, end = dt.time(times[0], times[1]), dt.time(times[2], times[3])
            except (IndexError, ValueError):
                start = end = None
            if start is None or end <= start:
                self.add_error(
                    "breaks",
                    _("“%(break)s” is no break such as 12:30-13:30.") % {"break": part},
                )
                continue
            begins = timezone.make_aware(dt.datetime.combine(day, start))
            minutes = (dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds
            breaks.append(Break(begins, minutes // 60))
        cleaned["breaks"] = breaks
        return cleaned
