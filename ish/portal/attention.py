""" "Needs your attention" on each role's dashboard: what is left to do, each item linking to
where it is done, read in a fixed number of queries per role. An item with nothing to do is
left out; every count is the length of the list its link leads to (or of the entries listed
with it, where no page lists exactly those)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from ish.accounts.models import User
from ish.housing.selectors import count_students_needing_a_bed
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to, still_missing
from ish.notifications.models import OutboundEmail
from ish.notifications.selectors import emails_visible_to
from ish.placements.models import Placement
from ish.placements.selectors import labs_without_host_account, placements_visible_to
from ish.programme.attendance import missing_attendance
from ish.rosters.models import ExportJob
from ish.rosters.selectors import exports_visible_to
from ish.seasons.models import Quota, Season
from ish.seasons.selectors import quotas_visible_to

# A student's travel is known once they have told both their arrival and their departure.
TRAVEL_MISSING = Q(arrival_at__isnull=True) | Q(departure_at__isnull=True)
ARRIVALS_AHEAD = dt.timedelta(days=7)
# The exports page lists its reader's latest exports (ish.rosters.views.export_list).
EXPORTS_LISTED = 30


@dataclass(frozen=True)
class Entry:
    """One thing to do, linking to the page where it is done."""

    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Item:
    key: str  # names it in the page (data-testid) and in tests
    label: str  # a sentence with the count
    url: str  # the (filtered) list where it is done; "" when its entries are that list
    count: int | None  # None for a date, which is no list
    entries: tuple[Entry, ...] = ()


def _counted(key: str, label: str, url: str, count: int, entries: tuple[Entry, ...] = ()) -> Item:
    """An item whose label (an ngettext_lazy keyed by "count") says how many."""
    return Item(key, label % {"count": count}, url, count, entries)


def _url(name: str, *args, query: dict | None = None, anchor: str = "") -> str:
    url = reverse(name, args=args)
    if query:
        url += "?" + urlencode(query, doseq=True)
    return url + (f"#{anchor}" if anchor else "")


def _age(moment: dt.datetime | None, today: dt.date) -> str:
    days = (today - timezone.localdate(moment)).days if moment else 0
    if days <= 0:
        return _("offered today")
    return ngettext("offered %(days)d day ago", "offered %(days)d days ago", days) % {"days": days}


def _travellers_missing(user: User, season: Season) -> QuerySet[Nomination]:
    """The season's students holding a place who have not told both arrival and departure."""
    return (
        nominations_visible_to(user)
        .prefetch_related(None)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .filter(TRAVEL_MISSING)
        .order_by("family_name", "given_name", "pk")
    )


def _student_entry(nomination: Nomination, note: str = "") -> Entry:
    return Entry(nomination.full_name, _url("nominations:detail", nomination.pk), note)


# --- the coordinator -----------------------------------------------------------------------


def coordinator_attention(user: User, season: Season | None) -> list[Item]:
    """A coordinator's city: its drafts and what each lacks, the days to the deadline and the
    places unused while it has not passed, and its students without travel data."""
    if season is None or not user.city_id:
        return []
    season_query = {"season": season.pk}
    items = []
    drafts = list(
        nominations_visible_to(user)
        .filter(season=season, status=Nomination.Status.DRAFT)
        .order_by("rank", "family_name", "given_name", "pk")
    )
    if drafts:
        items.append(
            _counted(
                "drafts",
                ngettext_lazy(
                    "%(count)d draft is not submitted yet",
                    "%(count)d drafts are not submitted yet",
                    "count",
                ),
                # The coordinator's list is their ranking of every nomination, not filtered: the
                # drafts are listed here, each linking to its page.
                "",
                len(drafts),
                tuple(_student_entry(draft, _draft_note(draft)) for draft in drafts),
            )
        )
    quota: Quota | None = (
        quotas_visible_to(user).filter(season=season, city_id=user.city_id).first()
    )
    if quota is not None and quota.days_to_deadline() >= 0:
        unused = _places_unused(user, season, quota)
        if unused:
            items.append(
                _counted(
                    "places-unused",
                    ngettext_lazy(
                        "%(count)d place is not used yet",
                        "%(count)d places are not used yet",
                        "count",
                    ),
                    _url("nominations:list", query=season_query),
                    unused,
                )
            )
        if items:  # the deadline matters while something is still to do before it
            items.insert(0, _deadline_item(quota, season_query))
    missing = list(_travellers_missing(user, season))
    if missing:
        items.append(
            _counted(
                "travel-missing",
                ngettext_lazy(
                    "%(count)d student has not told their arrival and departure",
                    "%(count)d students have not told their arrival and departure",
                    "count",
                ),
                "",
                len(missing),
                tuple(_student_entry(student) for student in missing),
            )
        )
    return items


def _draft_note(draft: Nomination) -> str:
    missing = still_missing(draft)
    if not missing:
        return _("complete: ready to submit")
    return _("missing %(items)s") % {"items": ", ".join(missing)}


def _places_unused(user: User, season: Season, quota: Quota) -> int:
    """The city's places not held by an accepted or confirmed student nor claimed by a
    nomination awaiting the office's decision: those it may still fill."""
    statuses = Counter(
        nominations_visible_to(user)
        .prefetch_related(None)
        .filter(season=season, city_id=quota.city_id)
        .values_list("status", flat=True)
    )
    taken = statuses[Nomination.Status.SUBMITTED] + sum(
        statuses[status] for status in Nomination.HOLDS_A_PLACE
    )
    return max(0, quota.places - taken)


def _deadline_item(quota: Quota, season_query: dict) -> Item:
    days = quota.days_to_deadline()
    if days == 0:
        label = _("The nomination deadline is today")
    else:
        label = ngettext(
            "%(days)d day to the nomination deadline",
            "%(days)d days to the nomination deadline",
            days,
        ) % {"days": days}
    return Item("deadline", label, _url("nominations:list", query=season_query), None)


# --- the lab host --------------------------------------------------------------------------


def lab_host_attention(user: User, season: Season | None) -> list[Item]:
    """A lab host's offers waiting for their answer, the oldest first, with their age (the
    offers page lists the same)."""
    if season is None:
        return []
    today = timezone.localdate()
    offers = list(
        placements_visible_to(user)
        .filter(nomination__season=season, status=Placement.Status.OFFERED)
        .order_by("offered_at", "pk")
    )
    if not offers:
        return []
    return [
        _counted(
            "offers",
            ngettext_lazy(
                "%(count)d offer waits for your answer",
                "%(count)d offers wait for your answer",
                "count",
            ),
            _url("placements:offers", query={"season": season.pk}),
            len(offers),
            tuple(
                Entry(
                    offer.nomination.full_name,
                    _url("placements:detail", offer.pk),
                    _age(offer.offered_at, today),
                )
                for offer in offers
            ),
        )
    ]


# --- the office ----------------------------------------------------------------------------


def office_attention(user: User, season: Season | None) -> list[Item]:
    """The office: nominations to decide, offers unanswered past the reminder, labs without a
    host account with students proposed or offered, students without a bed for some night,
    arrivals in the next 7 days without travel data, events ended without attendance (the
    season's); failed e-mails and the
    organiser's failed exports (of any season)."""
    items = []
    if season is not None:
        items += _office_season_items(user, season)
    failed_emails = emails_visible_to(user).filter(status=OutboundEmail.Status.FAILED).count()
    if failed_emails:
        items.append(
            _counted(
                "failed-emails",
                ngettext_lazy(
                    "%(count)d e-mail could not be sent",
                    "%(count)d e-mails could not be sent",
                    "count",
                ),
                _url("notifications:email_list", query={"status": OutboundEmail.Status.FAILED}),
                failed_emails,
            )
        )
    listed = exports_visible_to(user).filter(requested_by=user).values("pk")[:EXPORTS_LISTED]
    failed_exports = ExportJob.objects.filter(pk__in=listed, status=ExportJob.Status.FAILED).count()
    if failed_exports:
        items.append(
            _counted(
                "failed-exports",
                ngettext_lazy(
                    "%(count)d of your exports failed",
                    "%(count)d of your exports failed",
                    "count",
                ),
                _url("rosters:list"),
                failed_exports,
            )
        )
    return items


def _office_season_items(user: User, season: Season) -> list[Item]:
    items = []
    season_query = {"season": season.pk}
    to_decide = (
        nominations_visible_to(user)
        .filter(season=season, status=Nomination.Status.SUBMITTED)
        .count()
    )
    if to_decide:
        items.append(
            _counted(
                "to-decide",
                ngettext_lazy(
                    "%(count)d nomination waits for your decision",
                    "%(count)d nominations wait for your decision",
                    "count",
                ),
                _url("nominations:list", query=season_query | {"status": "submitted"}),
                to_decide,
            )
        )
    now = timezone.now()
    today = timezone.localdate(now)
    overdue = list(
        placements_visible_to(user)
        .prefetch_related(None)
        .select_related("nomination")
        .filter(
            nomination__season=season,
            status=Placement.Status.OFFERED,
            offered_at__lte=now - dt.timedelta(days=settings.PLACEMENT_REMINDER_DAYS),
        )
        .order_by("offered_at", "pk")
    )
    if overdue:
        items.append(
            _counted(
                "offers-overdue",
                ngettext_lazy(
                    "%(count)d offer is unanswered past the reminder",
                    "%(count)d offers are unanswered past the reminder",
                    "count",
                ),
                "",
                len(overdue),
                tuple(
                    Entry(
                        f"{offer.nomination.full_name} – {offer.lab.name}",
                        _url("placements:detail", offer.pk),
                        _age(offer.offered_at, today),
                    )
                    for offer in overdue
                ),
            )
        )
    hostless = list(labs_without_host_account(season))
    if hostless:
        items.append(
            _counted(
                "labs-without-host",
                ngettext_lazy(
                    "%(count)d lab with students proposed or offered has no host account",
                    "%(count)d labs with students proposed or offered have no host account",
                    "count",
                ),
                _url("placements:board", query=season_query, anchor="labs-without-host"),
                len(hostless),
            )
        )
    needing = count_students_needing_a_bed(user, season)
    if needing:
        items.append(
            _counted(
                "without-bed",
                ngettext_lazy(
                    "%(count)d student has no bed for some night",
                    "%(count)d students have no bed for some night",
                    "count",
                ),
                _url("housing:calendar", query=season_query, anchor="assign"),
                needing,
            )
        )
    arriving = [
        student
        for student in _travellers_missing(user, season)
        if dt.timedelta(0) <= _expected_arrival(student, season) - today < ARRIVALS_AHEAD
    ]
    if arriving:
        items.append(
            _counted(
                "arrivals-missing-travel",
                ngettext_lazy(
                    "%(count)d student arriving in the next 7 days has not told their travel",
                    "%(count)d students arriving in the next 7 days have not told their travel",
                    "count",
                ),
                "",
                len(arriving),
                tuple(
                    _student_entry(student, _("arrives %(day)s") % {"day": _day(student, season)})
                    for student in arriving
                ),
            )
        )
    items += _missing_attendance(user, season)
    return items


def _missing_attendance(user: User, season: Season) -> list[Item]:
    """Events of the season that have ended with someone expected not marked, the latest
    first, each linking to its attendance page."""
    events = list(missing_attendance(user).filter(season=season))
    if not events:
        return []
    return [
        _counted(
            "missing-attendance",
            ngettext_lazy(
                "%(count)d event that has ended lacks attendance",
                "%(count)d events that have ended lack attendance",
                "count",
            ),
            "",
            len(events),
            tuple(
                Entry(
                    event.display_title,
                    _url("programme:attendance", event.pk),
                    date_format(timezone.localtime(event.starts_at), "WEEKDAY_DAY_FORMAT"),
                )
                for event in events
            ),
        )
    ]


def _expected_arrival(student: Nomination, season: Season) -> dt.date:
    """The day the student told, else the programme's first day."""
    return timezone.localdate(student.arrival_at) if student.arrival_at else season.starts_on


def _day(student: Nomination, season: Season) -> str:
    return date_format(_expected_arrival(student, season), "MONTH_DAY_FORMAT")
