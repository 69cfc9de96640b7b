"""Filters of the e-mail log, shared by the API and the portal page."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from ish.notifications.catalogue import EVENTS
from ish.notifications.models import OutboundEmail


class EmailFilter(filters.FilterSet):
    event = filters.ChoiceFilter(
        label=_("Event"), choices=[(event.name, event.label) for event in EVENTS]
    )
    status = filters.ChoiceFilter(label=_("Status"), choices=OutboundEmail.Status.choices)
    to = filters.CharFilter(label=_("To"), lookup_expr="icontains")

    class Meta:
        model = OutboundEmail
        fields = ["event", "status", "to", "language"]
