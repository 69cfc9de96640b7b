"""The self-service form the student fills in through their link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ish.forms import OneRound
from ish.nominations.models import Nomination
from ish.participants import services


def date_and_time() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SelfServiceForm(OneRound, forms.ModelForm):
    """The nomination's own fields, with the model's limits (the API's as well) and the rules of
    an answer, all reported at once; the service checks them again under its lock."""

    attending = forms.BooleanField(
        label=_("I confirm that I will take part in the programme."), required=False
    )
    # Marked beside their labels as the nomination form marks those needed to submit.
    required_to_submit = frozenset(services.NEEDED_TO_CONFIRM)
    submit_mark = _("needed to confirm")

    class Meta:
        model = Nomination
        fields = services.EDITABLE
        labels = {
            "arrival_at": _("Arrival in Heidelberg (date and time)"),
            "departure_at": _("Departure (date and time)"),
            "arrival_details": _("Flights or trains, airports or stations"),
            "dietary_requirements": _("Dietary needs"),
            "allergies": _("Allergies"),
            "emergency_contact_name": _("Emergency contact (name)"),
            "emergency_contact_phone": _("Emergency contact (phone, with country code)"),
        }
        help_texts = {
            "arrival_details": _(
                "e.g. “arriving LH 711 at Frankfurt Airport (FRA), leaving LH 710 from Frankfurt”"
            ),
            "dietary_requirements": _("e.g. vegetarian, halal, no pork"),
            "allergies": _("Food, animals, medicines — so that we can house you safely."),
        }
        widgets = {
            "arrival_at": date_and_time(),
            "departure_at": date_and_time(),
            "dietary_requirements": forms.Textarea(attrs={"rows": 2}),
            "emergency_contact_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "emergency_contact_phone": forms.TextInput(
                attrs={"type": "tel", "placeholder": "+49 6221 123456"}
            ),
        }

    @classmethod
    def for_nomination(cls, nomination: Nomination, data=None) -> "SelfServiceForm":
        confirmed = nomination.is_confirmed
        form = cls(data=data, instance=nomination, initial={"attending": confirmed})
        if confirmed:  # confirming cannot be undone here: withdrawing goes through the office
            form.fields["attending"].disabled = True
            form.fields["attending"].help_text = _(
                "Your participation is confirmed. If you cannot come after all, please write to "
                "the ISH office."
            )
        for name in services.NEEDED_TO_CONFIRM:  # marked on the page, checked by the service
            form.fields[name].widget.attrs["aria-describedby"] = "needed-to-confirm"
        return form

    def more_errors(self, instance: Nomination) -> dict:
        return services.answer_errors(instance, bool(self.cleaned_data.get("attending")))
