"""The programme pages' input: an event (its title in other languages beside it), a day copied to
another, last season's programme copied into this one. The forms parse; the services check the
rules and their errors are put back on the fields."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ish.forms import OneRound, ServiceErrors
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.programme.models import Event
from ish.programme.selectors import participants_of
from ish.seasons.models import City, Season

DATE_INPUT = {"type": "date"}
# A browser's date-and-time box; its value is read in Heidelberg time (the portal's zone).
MOMENT_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The languages a title may be given in besides the office's own wording.
OTHER_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != "en"]


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, nomination: Nomination) -> str:
        return f"{nomination.family_name}, {nomination.given_name} ({nomination.city})"


class LabChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, lab: Lab) -> str:
        return f"{lab.name} ({lab.institute})"


class EventForm(OneRound, forms.ModelForm):
    cities = forms.ModelMultipleChoiceField(
        label=_("Cities"),
        queryset=City.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an event for chosen cities."),
    )
    labs = LabChoiceField(
        label=_("Labs"),
        queryset=Lab.objects.select_related("institute").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("For an event for chosen labs' students."),
    )
    participants = ParticipantChoiceField(
        label=_("Participants"),
        queryset=Nomination.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("For an event for chosen participants."),
    )

    class Meta:
        model = Event
        fields = [
            "title", "kind", "starts_at", "ends_at", "place", "address", "meeting_point",
            "audience", "cities", "labs", "participants", "meal", "notes",
        ]  # fmt: skip
        field_classes = {"starts_at": forms.DateTimeField, "ends_at": forms.DateTimeField}
        widgets = {
            "starts_at": MOMENT_INPUT,
            "ends_at": MOMENT_INPUT,
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, season: Season, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = (
            participants_of(season).select_related("city").order_by("family_name", "given_name")
        )
        for code, name in OTHER_LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title in %(language)s") % {"language": name},
                max_length=200,
                required=False,
                initial=self.instance.title_translations.get(code, ""),
            )
        if self.instance.pk:
            for name in ("cities", "labs", "participants"):
                self.initial[name] = list(getattr(self.instance, name).values_list("pk", flat=True))

    @property
    def translation_fields(self) -> list:
        return [self[f"title_{code}"] for code, _name in OTHER_LANGUAGES]

    def event_values(self) -> dict:
        """What the services take: the event's fields, its lists and its titles by language."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["title_translations"] = {
            code: data[f"title_{code}"].strip()
            for code, _name in OTHER_LANGUAGES
            if data.get(f"title_{code}", "").strip()
        }
        return values


class CopyDayForm(ServiceErrors, forms.Form):
    day = forms.DateField(label=_("Copy the events of"), widget=forms.DateInput(DATE_INPUT))
    to = forms.DateField(label=_("to the day"), widget=forms.DateInput(DATE_INPUT))

    def clean(self) -> dict:
        data = super().clean()
        for name in ("day", "to"):
            day = data.get(name)
            if day is not None and not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
                self.add_error(name, _("Choose a day of the season."))
        return data


class CopySeasonForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the programme of"), queryset=Season.objects.none(), empty_label=None
    )

    def __init__(self, *args, target: Season, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Season.objects.exclude(pk=target.pk).filter(events__isnull=False).distinct()
        ).order_by("-year")
