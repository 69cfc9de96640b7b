"""The selected candidates' pre-departure checklist (passport, visa, insurance, consent,
flights), their travel dates and the reminders before departure."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.exchange.models import Application
from ish.exchange.services import applicant_recipient
from ish.notifications.services import Message, notify_all

Status = Application.Status


ITEMS = [
    "passport_expires_on",
    "visa_done_on",
    "insurance_done_on",
    "consent_done_on",
    "flights_done_on",
]


def open_items(application: Application) -> dict[str, str]:
    """The checklist items still open, by field, in words: the passport must be valid six
    months past the return, guardian consent is needed only for minors."""
    missing = {}
    passport = application.passport_expires_on
    if passport is None:
        missing["passport_expires_on"] = _("passport")
    elif application.return_on and passport < six_months_after(application.return_on):
        missing["passport_expires_on"] = _("a passport valid six months after the return")
    for name, label in [
        ("visa_done_on", _("visa / ETA")),
        ("insurance_done_on", _("travel insurance")),
        ("flights_done_on", _("flights")),
    ]:
        if getattr(application, name) is None:
            missing[name] = label
    if application.is_minor and application.consent_done_on is None:
        missing["consent_done_on"] = _("guardian consent")
    return missing


def missing_before_departure(application: Application) -> list[str]:
    """The checklist items still open, in words."""
    return list(open_items(application).values())


def six_months_after(day: dt.date) -> dt.date:
    """How long a passport must be valid after the return."""
    return day + relativedelta(months=6)  # 31 August → 28/29 February


@transaction.atomic
def update_travel(application: Application, *, actor: User, **fields) -> Application:
    """The NYSF session, travel dates and checklist dates of a selected candidate."""
    ensure_organiser(actor)
    allowed = {
        "nysf_session",
        "departure_on",
        "return_on",
        "interview_at",
        "interview_notes",
        *ITEMS,
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not travel fields: {sorted(unknown)}")
    application = Application.objects.select_for_update().get(pk=application.pk)
    for name, value in fields.items():
        setattr(application, name, value)
    departure, back = application.departure_on, application.return_on
    if departure and back and back <= departure:
        raise ValidationError({"return_on": _("The return must be after the departure.")})
    application.full_clean(validate_constraints=False)
    application.save()
    return application


def send_departure_reminders(today: dt.date | None = None) -> int:
    """Mail selected candidates whose checklist is incomplete, N days before departure (once per
    N in EXCHANGE_REMINDER_DAYS)."""
    today = today or timezone.localdate()
    reminders = []
    for days in settings.EXCHANGE_REMINDER_DAYS:
        departing = Application.objects.filter(
            status__in=Application.TRAVELLING,
            departure_on=today + dt.timedelta(days=days),
        ).select_related("season")
        for application in departing:
            with translation.override(application.language):
                missing = missing_before_departure(application)
            if not missing:
                continue
            reminders.append(
                Message(
                    "exchange_departure_reminder",
                    about=application,
                    occasion=f"{days}d",
                    recipients=[applicant_recipient(application)],
                    context={
                        "season": application.season.year,
                        "departure_on": application.departure_on,
                        "open_items": "\n".join(f"– {item}" for item in missing),
                    },
                )
            )
    with transaction.atomic():  # stored together, delivered on commit
        return len(notify_all(reminders))
