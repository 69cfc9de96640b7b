"""The public NYSF application form and the principal's confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from ish.exchange.models import Application, ApplicationDocument
from ish.exchange.selectors import schools_open_for_applications

ACCEPT = "application/pdf,image/png,image/jpeg"


class ApplicationForm(forms.ModelForm):
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
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

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
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, full_schools=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_open_for_applications()
        self.full_schools = full_schools

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
