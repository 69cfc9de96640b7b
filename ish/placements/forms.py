"""The placement pages' input: a transition with its comment, and a lab proposed by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import User
from ish.labs.selectors import labs_visible_to
from ish.nominations.selectors import nominations_visible_to


class ProposeForm(forms.Form):
    """The office proposes a lab for a student the matching left without one."""

    nomination = forms.ModelChoiceField(label=_("Student"), queryset=None)
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=None)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations_visible_to(user).prefetch_related(None)
        self.fields["lab"].queryset = labs_visible_to(user).prefetch_related(None)
