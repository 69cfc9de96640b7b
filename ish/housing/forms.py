"""The housing pages' input: a bed assigned by hand, an assignment's button and its dates and
place, an accommodation. The forms parse; the services check the rules and their errors are put
back on the fields."""

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ish.forms import OneRound, ServiceErrors
from ish.housing.models import Accommodation, DietaryOption, diets, language_codes
from ish.housing.rules import default_stay
from ish.nominations.models import Nomination

DATE_INPUT = {"type": "date"}


def first_nights_needed(student: Nomination, gaps: dict) -> tuple:
    """The first stretch of the student's stay without a bed (their whole stay if unknown)."""
    return next(iter(gaps.get(student.pk, [])), None) or default_stay(student)


class StudentSelect(forms.Select):
    """Each student carries the first nights they need a bed for, so the page can fill in the
    dates."""

    gaps: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        student = getattr(value, "instance", None)
        if student is not None:
            check_in, check_out = first_nights_needed(student, self.gaps)
            option["attrs"] |= {
                "data-check-in": check_in.isoformat(),
                "data-check-out": check_out.isoformat(),
            }
        return option


class StudentChoiceField(forms.ModelChoiceField):
    gaps: dict = {}

    def label_from_instance(self, student: Nomination) -> str:
        check_in, check_out = first_nights_needed(student, self.gaps)
        first, last = (date_format(day, "MONTH_DAY_FORMAT") for day in (check_in, check_out))
        return f"{student.full_name} ({student.city}) · {first} – {last}"


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place: Accommodation) -> str:
        return f"{place.name} ({place.get_kind_display()}, {place.beds})"


class AssignForm(ServiceErrors, forms.Form):
    """A bed by hand: an accepted student who needs one, a place, and the dates (the first
    nights of their stay without a bed)."""

    nomination = StudentChoiceField(
        label=_("Student"),
        queryset=Nomination.objects.none(),
        empty_label=_("Choose a student…"),
        widget=StudentSelect,
    )
    accommodation = PlaceChoiceField(
        label=_("Place"), queryset=Accommodation.objects.none(), empty_label=_("Choose a place…")
    )
    check_in = forms.DateField(
        label=_("Check-in"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("Empty: the first night the student needs a bed for."),
    )
    check_out = forms.DateField(
        label=_("Check-out"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("Empty: the departure day, or the day the student's next bed begins."),
    )

    def __init__(self, *args, needing: list, students: QuerySet, places: QuerySet, **kwargs):
        """`needing`: (student, stretches of their stay without a bed), for each of `students`."""
        super().__init__(*args, **kwargs)
        self.needing = needing
        student = self.fields["nomination"]
        student.queryset = students
        student.gaps = student.widget.gaps = {nomination.pk: gaps for nomination, gaps in needing}
        self.fields["accommodation"].queryset = places


class AssignmentChangeForm(ServiceErrors, forms.Form):
    """Another place or other dates for a proposed or confirmed bed."""

    accommodation = PlaceChoiceField(label=_("Place"), queryset=Accommodation.objects.none())
    check_in = forms.DateField(
        label=_("Check-in"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    check_out = forms.DateField(
        label=_("Check-out"),
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("The day the guest leaves: it frees the bed for that night."),
    )

    def __init__(self, *args, places: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accommodation"].queryset = places


class LanguageCodesField(forms.CharField):
    """Two-letter ISO 639-1 codes, typed as “de, en, fr”; the model's rule reads them."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        return language_codes(super().to_python(value))


class AccommodationForm(OneRound, forms.ModelForm):
    languages = LanguageCodesField(
        label=_("Languages spoken"),
        required=False,
        max_length=100,
        help_text=_("Two-letter codes separated by commas, e.g. de, en, fr."),
    )
    dietary_options = forms.MultipleChoiceField(
        label=_("Diets served"),
        choices=DietaryOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the host can cook for."),
    )

    class Meta:
        model = Accommodation
        fields = [
            "kind", "name", "beds", "address", "available_from", "available_until",
            "contact_name", "contact_email", "contact_phone", "language", "pets", "smoking",
            "languages", "dietary_options", "notes",
        ]  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "available_from": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "available_until": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def clean_dietary_options(self) -> list[str]:
        return diets(self.cleaned_data["dietary_options"])
