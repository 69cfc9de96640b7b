"""The NYSF forms: the public application, the principal's confirmation, and the office's
score, decision, interview, pre-departure, call and school forms. They parse input; the services
check the rules."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from ish.exchange import checklist, services
from ish.exchange.models import Application, ApplicationDocument, OutboundProgramme, School
from ish.exchange.selectors import schools_open_for_applications
from ish.forms import LengthLimits, OneRound
from ish.history import COMMENT_MAX_LENGTH
from ish.nominations.models import Gender
from ish.seasons.models import Season

ACCEPT = "application/pdf,image/png,image/jpeg"


class ApplicationForm(OneRound, forms.ModelForm):
    """The public application: every error at once, the service's rules (a place left at the
    school, the documents the pupil's age requires, …) with the form's."""

    phone = PhoneNumberField(label=_("Phone"), required=False)
    cv = forms.FileField(
        label=_("CV (PDF, PNG or JPEG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    motivation_letter = forms.FileField(
        label=_("Motivation letter in English (PDF, PNG or JPEG, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    consent_form = forms.FileField(
        label=_("Guardian consent (required if you are under 18)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    required_css_class = "required"
    # A honeypot: hidden from people (and skipped by the keyboard), filled in by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Application
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "school",
            "graduation_year",
            "subjects",
            "motivation",
            "language",
            "nominator_email",
        ]
        labels = {"language": _("Language of our e-mails to you")}
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(
        self,
        *args,
        season: Season,
        programme: OutboundProgramme,
        full_schools=frozenset(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.season = season
        self.programme = programme
        self.full_schools = full_schools
        school = self.fields["school"]
        school.queryset = schools_open_for_applications(programme)
        school.label_from_instance = self._school_label
        for kind in ("cv", "motivation_letter"):
            self.fields[kind].required = kind in programme.required_documents
        self.fields["date_of_birth"].widget.attrs["max"] = timezone.localdate().isoformat()

    def _school_label(self, school: School) -> str:
        """A school whose places are taken says so in the list, per gender."""
        full = [
            str(label) for value, label in Gender.choices if (school.pk, value) in self.full_schools
        ]
        if not full:
            return school.name
        return _("%(school)s (already nominated: %(genders)s)") % {
            "school": school.name,
            "genders": ", ".join(full),
        }

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        # relativedelta, not date.replace(): 29 February has no counterpart in most years.
        if not today - relativedelta(years=25) < born < today - relativedelta(years=12):
            raise forms.ValidationError(_("Please check your date of birth."))
        return born

    def clean_graduation_year(self) -> int:
        year = self.cleaned_data["graduation_year"]
        this_year = timezone.localdate().year
        if not this_year - 1 <= year <= this_year + 5:
            raise forms.ValidationError(
                _("Enter the year you finish school (%(first)s to %(last)s).")
                % {"first": this_year - 1, "last": this_year + 5}
            )
        return year

    def prepare_instance(self, instance: Application) -> None:
        instance.season = self.season
        instance.programme = self.programme

    def more_errors(self, instance: Application) -> dict:
        return services.application_errors(instance, self.documents())

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def documents(self) -> dict:
        return {
            kind: self.cleaned_data[kind]
            for kind in ApplicationDocument.Kind.values
            if self.cleaned_data.get(kind)
        }


class NominatorForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("confirm", _("I confirm this nomination")),
            ("decline", _("Our school does not nominate this pupil")),
        ],
        widget=forms.RadioSelect,
        label=_("Your decision"),
    )


# --- the office's forms ------------------------------------------------------------------------


class ScoreForm(LengthLimits, forms.Form):
    """A reviewer's own score of an application."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = settings.EXCHANGE_MAX_POINTS  # read per form: a setting, changeable in tests
        self.fields = {
            # The range is the service's rule, put back on this field; the browser is told it.
            "points": forms.IntegerField(
                label=_("Points (0 to %(max)s)") % {"max": maximum},
                widget=forms.NumberInput(attrs={"min": 0, "max": maximum}),
            ),
            **self.fields,
        }


class InterviewForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["interview_at", "interview_notes"]
        labels = {"interview_at": _("Date and time"), "interview_notes": _("Notes")}
        widgets = {
            "interview_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "interview_notes": forms.Textarea(attrs={"rows": 3}),
        }


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TravelForm(forms.ModelForm):
    """One candidate's NYSF session, travel dates and checklist dates, inline on the
    pre-departure page; a "tick" button sets its item to today. The NYSF's items are the
    application's date columns; another programme's items are a date field each."""

    tick = forms.ChoiceField(choices=[], required=False, widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = ["nysf_session", "departure_on", "return_on", *checklist.ITEMS]
        widgets = dict.fromkeys(["departure_on", "return_on", *checklist.ITEMS], DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        items = checklist.items_of(application)
        columns = {item.field for item in items if item.field}
        for name in checklist.ITEMS:
            if name not in columns:
                del self.fields[name]
        if not application.programme.is_nysf:
            del self.fields["nysf_session"]
        self.own_items = [item for item in items if not item.field]
        for item in self.own_items:
            self.fields[item.key] = forms.DateField(
                label=item.text,
                required=False,
                widget=DATE,
                initial=checklist.done_on(application, item),
            )
        self.tickable = [item.key for item in checklist.tickable_items(application.programme)]
        self.fields["tick"].choices = [(name, name) for name in self.tickable]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("tick"):
            data[data["tick"]] = timezone.localdate()
        return data

    def travel(self) -> dict:
        """What the service takes: every field of the form but the tick, the programme's own
        items as `ticks`."""
        own = {item.key: item.text for item in self.own_items}
        fields = {
            name: self.cleaned_data[name]
            for name in self.fields
            if name != "tick" and name not in own
        }
        if own:
            fields["ticks"] = {text: self.cleaned_data.get(key) for key, text in own.items()}
        return fields


# --- the call and the schools -----------------------------------------------------------------


class CallForm(forms.Form):
    """The season's NYSF application deadline; empty closes the call."""

    exchange_deadline = forms.DateTimeField(
        label=_("Applications until (Heidelberg time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: the call is closed and the public form says so."),
    )


class SchoolForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "address", "is_active"]
        help_texts = {
            "is_active": _(
                "Only schools that take part are offered on the public form; their earlier "
                "applications stay."
            )
        }

    def validate_unique(self) -> None:
        """opening.save_school checks the name, ignoring case."""


# --- the programmes ----------------------------------------------------------------------------


class ProgrammeForm(LengthLimits, forms.ModelForm):
    """An outbound programme; its checklist one item a line, its reminder days as numbers."""

    reminder_days = forms.CharField(
        label=_("Reminders (days before departure)"),
        required=False,
        help_text=_("Numbers separated by commas, e.g. 30, 14, 7."),
    )
    required_documents = forms.MultipleChoiceField(
        label=_("Required documents"),
        required=False,
        choices=[
            (kind, label)
            for kind, label in ApplicationDocument.Kind.choices
            if kind != ApplicationDocument.Kind.CONSENT_FORM
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pupils under 18 always add their guardian's consent."),
    )
    checklist_items = forms.CharField(
        label=_("Checklist before departure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line, in order."),
    )

    class Meta:
        model = OutboundProgramme
        fields = [
            "name",
            "slug",
            "host_country",
            "host_city",
            "places",
            "candidates_per_school_and_gender",
            "application_deadline",
            "departure_on",
            "return_on",
            "schools",
            "is_active",
        ]
        widgets = {
            "application_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "departure_on": DATE,
            "return_on": DATE,
            "schools": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance
        if programme.pk:
            self.initial["reminder_days"] = ", ".join(str(n) for n in programme.reminder_days)
            self.initial["required_documents"] = programme.required_documents
            self.initial["checklist_items"] = "\n".join(programme.checklist_items)
        else:
            self.initial.setdefault("reminder_days", "30, 14, 7")
            self.initial.setdefault("required_documents", ["cv", "motivation_letter"])

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data["reminder_days"]
        try:
            days = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Enter whole numbers of days from 1 to 365.")) from None
        return sorted(set(days), reverse=True)

    def clean_checklist_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["checklist_items"].splitlines()]

    def validate_unique(self) -> None:
        """programmes.save_programme checks the name and the slug, ignoring case."""

    def programme_fields(self) -> dict:
        """What the service takes."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "schools"}
        return fields | {
            "reminder_days": data["reminder_days"],
            "required_documents": data["required_documents"],
            "checklist_items": data["checklist_items"],
            "schools": list(data["schools"]),
        }
