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
        label=_("Flights or trains, airports or stations"),
        help_text=_(
            "e.g. “arriving LH 711 at Frankfurt Airport (FRA), leaving LH 710 from Frankfurt”"
        ),
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
        label=_("Emergency contact (name)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    emergency_contact_phone = PhoneNumberField(
        label=_("Emergency contact (phone, with country code)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+49 6221 123456"}),
    )
    # Needed to confirm: marked on the page, checked by the service.
    NEEDED_TO_CONFIRM = (
        "arrival_at",
        "departure_at",
        "emergency_contact_name",
        "emergency_contact_phone",
    )

    @classmethod
    def for_nomination(cls, nomination: Nomination, data=None) -> "SelfServiceForm":
        initial = {
            name: getattr(nomination, name) for name in cls.base_fields if name != "attending"
        }
        confirmed = nomination.status == Nomination.Status.CONFIRMED
        initial["attending"] = confirmed
        form = cls(data=data, initial=initial)
        if confirmed:  # confirming cannot be undone here: withdrawing goes through the office
            form.fields["attending"].disabled = True
            form.fields["attending"].help_text = _(
                "Your participation is confirmed. If you cannot come after all, please write to "
                "the ISH office."
            )
        for name in cls.NEEDED_TO_CONFIRM:
            form.fields[name].widget.attrs["aria-describedby"] = "needed-to-confirm"
        return form
