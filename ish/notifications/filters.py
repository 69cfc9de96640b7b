"""Filters of the e-mail log, shared by the API and the portal page."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.accounts.models import Language
from ish.notifications.catalogue import EVENTS
from ish.notifications.models import OutboundEmail


class EmailFilter(filters.FilterSet):
    # Each drop-down's empty choice says what it shows, not "---------".
    event = filters.ChoiceFilter(
        label=_("Event"),
        choices=[(event.name, event.label) for event in EVENTS],
        empty_label=_("All events"),
    )
    status = filters.ChoiceFilter(
        label=_("Status"), choices=OutboundEmail.Status.choices, empty_label=_("All statuses")
    )
    to = filters.CharFilter(label=_("To"), lookup_expr="icontains")
    language = filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("All languages")
    )

    class Meta:
        model = OutboundEmail
        fields = ["event", "status", "to", "language"]
