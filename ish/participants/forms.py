"""The self-service form the student fills in through their link."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from ish.nominations.models import Nomination


class SelfServiceForm(forms.Form):
    attending = forms.BooleanField(
        label=_("I confirm that I will take part in the programme."), required=False
    )
    arrival_at = forms.DateTimeField(
        label=_("Arrival in Heidelberg (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    departure_at = forms.DateTimeField(
        label=_("Departure (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    arrival_details = forms.CharField(
        label=_("How you travel"),
        help_text=_("Flight or train number and the airport or station, e.g. LH 711, Frankfurt."),
        max_length=300,
        required=False,
    )
    dietary_requirements = forms.CharField(
        label=_("Dietary needs"),
        help_text=_("e.g. vegetarian, halal, no pork"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    allergies = forms.CharField(
        label=_("Allergies"),
        help_text=_("Food, animals, medicines — so that we can house you safely."),
        max_length=500,
        required=False,
    )
    emergency_contact_name = forms.CharField(
        label=_("Emergency contact (name)"), max_length=200, required=False
    )
    emergency_contact_phone = PhoneNumberField(
        label=_("Emergency contact (phone, with country code)"), required=False
    )

    @classmethod
    def for_nomination(cls, nomination: Nomination, data=None) -> "SelfServiceForm":
        initial = {
            name: getattr(nomination, name) for name in cls.base_fields if name != "attending"
        }
        initial["attending"] = nomination.status == Nomination.Status.CONFIRMED
        return cls(data=data, initial=initial)
