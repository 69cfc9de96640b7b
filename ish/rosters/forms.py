from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ish.rosters.models import ExportJob
from ish.seasons.models import Season
from ish.spreadsheets import registered_export


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"))
    season = forms.ModelChoiceField(
        label=_("Season"), queryset=Season.objects.all(), empty_label=None
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ExportJob.Kind.choices)
        # A kind that needs more than a season (an event's bus list) is asked for from the page
        # of what it is about, not here.
        self.fields["kind"].choices = [
            (kind, capfirst(labels[kind]))
            for kind in kinds
            if not registered_export(kind).parameters
        ]
