"""The selected candidates' pre-departure checklist, their travel dates and the reminders
before departure. Each programme has its own items; the NYSF's (passport, visa, insurance,
consent, flights) are date columns of the application with their own rules, the others are
ticked with a date in the application's `checklist_done`."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.exchange.models import Application, OutboundProgramme
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
# The NYSF's date columns a tick marks done today (the passport has its expiry date instead).
TICKABLE = [name for name in ITEMS if name != "passport_expires_on"]


@dataclass(frozen=True)
class Item:
    """One item of a programme's checklist: `key` names it in forms and among the open items
    (the NYSF's items by their date column)."""

    text: str
    field: str = ""

    @property
    def key(self) -> str:
        return self.field or f"item_{hashlib.sha256(self.text.encode()).hexdigest()[:12]}"


def programme_items(programme: OutboundProgramme) -> list[Item]:
    """The programme's checklist, in order."""
    return [Item(item["text"], item.get("field", "")) for item in programme.checklist]


def items_of(application: Application) -> list[Item]:
    """The application's programme's checklist, in order."""
    return programme_items(application.programme)


def tickable_items(programme: OutboundProgramme) -> list[Item]:
    """The items of the programme's checklist a tick marks done today: its own items, and the
    NYSF's date columns but the passport's expiry."""
    return [item for item in programme_items(programme) if item.field in ("", *TICKABLE)]


def done_on(application: Application, item: Item) -> dt.date | None:
    """When the candidate did an item of their programme's checklist."""
    if item.field:
        return getattr(application, item.field)
    value = application.checklist_done.get(item.text)
    return dt.date.fromisoformat(value) if value else None


def mark_done(application: Application, item: Item, *, day: dt.date, actor: User) -> Application:
    """One item of the candidate's checklist done on `day`, saved by update_travel as the
    pre-departure page saves it: an NYSF item in its date column, another programme's item
    among its ticks."""
    if item not in items_of(application):
        raise ValueError(f"not an item of the programme's checklist: {item.text}")
    if item.field:
        return update_travel(application, actor=actor, **{item.field: day})
    return update_travel(application, actor=actor, ticks={item.text: day})


def open_items(application: Application) -> dict[str, str]:
    """The checklist items still open, by key, in words: for the NYSF's items, the passport
    must be valid six months past the return and guardian consent is needed only for minors;
    any other item is open until it is ticked."""
    items = items_of(application)
    columns = {item.field for item in items if item.field}
    missing = {}
    passport = application.passport_expires_on
    if "passport_expires_on" not in columns:
        pass
    elif passport is None:
        missing["passport_expires_on"] = _("passport")
    elif application.return_on and passport < six_months_after(application.return_on):
        missing["passport_expires_on"] = _("a passport valid six months after the return")
    for name, label in [
        ("visa_done_on", _("visa / ETA")),
        ("insurance_done_on", _("travel insurance")),
        ("flights_done_on", _("flights")),
    ]:
        if name in columns and getattr(application, name) is None:
            missing[name] = label
    if (
        "consent_done_on" in columns
        and application.is_minor
        and application.consent_done_on is None
    ):
        missing["consent_done_on"] = _("guardian consent")
    for item in items:
        if not item.field and done_on(application, item) is None:
            missing[item.key] = item.text
    return missing


def missing_before_departure(application: Application) -> list[str]:
    """The checklist items still open, in words."""
    return list(open_items(application).values())


def six_months_after(day: dt.date) -> dt.date:
    """How long a passport must be valid after the return."""
    return day + relativedelta(months=6)  # 31 August → 28/29 February


@transaction.atomic
def update_travel(
    application: Application,
    *,
    actor: User,
    ticks: dict[str, dt.date | None] | None = None,
    **fields,
) -> Application:
    """The NYSF session, travel dates and checklist dates of a selected candidate; `ticks`
    gives the date each item of its programme's own checklist was done, by its text (None:
    not done)."""
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
    if ticks:
        _tick(application, ticks)
    application.full_clean(validate_constraints=False)
    application.save()
    return application


def _tick(application: Application, ticks: dict[str, dt.date | None]) -> None:
    own = {item.text for item in items_of(application) if not item.field}
    unknown = set(ticks) - own
    if unknown:
        raise ValueError(f"not items of the programme's checklist: {sorted(unknown)}")
    done = {text: day for text, day in application.checklist_done.items() if text in own}
    for text, day in ticks.items():
        if day is None:
            done.pop(text, None)
        else:
            done[text] = day.isoformat()
    application.checklist_done = done


def send_departure_reminders(today: dt.date | None = None) -> int:
    """Mail selected candidates whose checklist is incomplete, N days before departure (their
    own, else their programme's; once per N in the programme's reminder days)."""
    today = today or timezone.localdate()
    reminders = []
    days_of = {
        programme.pk: programme.reminder_days for programme in OutboundProgramme.objects.all()
    }
    for days in sorted({days for every in days_of.values() for days in every}, reverse=True):
        departing = (
            Application.objects.annotate(
                leaving=Coalesce(F("departure_on"), F("programme__departure_on"))
            )
            .filter(
                status__in=Application.TRAVELLING,
                leaving=today + dt.timedelta(days=days),
                programme__in=[pk for pk, every in days_of.items() if days in every],
            )
            .select_related("season", "programme")
        )
        for application in departing:
            with translation.override(application.language):
                missing = missing_before_departure(application)
            if not missing:
                continue
            nysf = application.programme.is_nysf
            reminders.append(
                Message(
                    "exchange_departure_reminder" if nysf else "outbound_departure_reminder",
                    about=application,
                    occasion=f"{days}d",
                    recipients=[applicant_recipient(application)],
                    context={
                        "season": application.season.year,
                        "departure_on": application.leaves_on,
                        "open_items": "\n".join(f"– {item}" for item in missing),
                    }
                    | ({} if nysf else {"programme": application.programme.name}),
                )
            )
    with transaction.atomic():  # stored together, delivered on commit
        return len(notify_all(reminders))
