"""Deadline reminders to coordinators: 14, 3 and 1 days before their city's deadline, and only
where something is still open (an incomplete draft, or places not yet used)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from ish.accounts.models import Role, User
from ish.nominations.models import Document, Nomination
from ish.nominations.services import missing_items
from ish.notifications.services import Message, Recipient, absolute_url, notify_all
from ish.seasons.models import Quota


def open_items(quota: Quota) -> list[str]:
    """What a city still has to do before its deadline, one line each."""
    nominations = Nomination.objects.filter(season=quota.season, city=quota.city).prefetch_related(
        "interests", Prefetch("documents", queryset=Document.objects.filter(replaced_at=None))
    )
    items = []
    used = 0
    for nomination in nominations.select_related("season"):
        if nomination.status in Nomination.COUNTS_AGAINST_QUOTA:
            used += 1
        elif nomination.status == Nomination.Status.DRAFT:
            missing = missing_items(nomination)
            if missing:
                items.append(
                    _("%(student)s: missing %(items)s")
                    % {"student": nomination.full_name, "items": ", ".join(missing)}
                )
            else:
                items.append(
                    _("%(student)s: complete, not yet submitted")
                    % {"student": nomination.full_name}
                )
    unused = quota.total - used
    if unused > 0:
        items.append(
            ngettext("%(count)s place not yet used", "%(count)s places not yet used", unused)
            % {"count": unused}
        )
    return items


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Remind the coordinators of every city whose deadline is N days away (N in
    DEADLINE_REMINDER_DAYS) and that still has something open. Each reminder is sent once."""
    today = today or timezone.localdate()
    reminders = []
    quotas = Quota.objects.filter(season__ends_on__gte=today).select_related("season", "city")
    for quota in quotas:
        days_left = (timezone.localdate(quota.effective_deadline) - today).days
        if days_left not in settings.DEADLINE_REMINDER_DAYS:
            continue
        coordinators = User.objects.filter(role=Role.COORDINATOR, city=quota.city, is_active=True)
        for coordinator in coordinators:
            with override(coordinator.language):
                items = open_items(quota)
            if not items:
                continue
            reminders.append(
                Message(
                    "deadline_reminder",
                    about=quota,
                    occasion=f"{days_left}d",
                    recipients=[Recipient.for_user(coordinator)],
                    context={
                        "city": quota.city,
                        "time_zone": quota.city.time_zone,  # the deadline in the city's time too
                        "season": quota.season.year,
                        "deadline": quota.effective_deadline,
                        "days_left": days_left,
                        "open_items": "\n".join(f"– {item}" for item in items),
                        "url": absolute_url(reverse("nominations:list")),
                    },
                )
            )
    with transaction.atomic():  # stored together, delivered on commit
        return len(notify_all(reminders))
