"""Reads of the outbound programmes: only organisers see applications and manage schools and
programmes; and what the office's review and pre-departure pages show."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ish import audit
from ish.accounts.models import User
from ish.exchange import checklist, services
from ish.exchange.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    OutboundProgramme,
    School,
    Score,
)
from ish.nominations.selectors import trail_card
from ish.notifications.models import OutboundEmail
from ish.notifications.selectors import emails_about
from ish.seasons.models import Season


def applications_visible_to(user: User) -> QuerySet[Application]:
    if not user.is_organiser:
        return Application.objects.none()
    return Application.objects.select_related("season", "school", "programme").prefetch_related(
        "documents",
        Prefetch("scores", queryset=Score.objects.select_related("reviewer")),
    )


def programmes_visible_to(user: User) -> QuerySet[OutboundProgramme]:
    """The programmes the office manages; other roles have no business with them."""
    if not user.is_organiser:
        return OutboundProgramme.objects.none()
    return OutboundProgramme.objects.all()


def documents_visible_to(user: User) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(
        application__in=applications_visible_to(user).values("pk")
    )


def schools_visible_to(user: User) -> QuerySet[School]:
    """The schools the office manages; other roles have no business with them."""
    if not user.is_organiser:
        return School.objects.none()
    return School.objects.all()


def schools_open_for_applications(programme: OutboundProgramme | None = None) -> QuerySet[School]:
    """The schools taking part (in the programme, if it chose some)."""
    schools = School.objects.filter(is_active=True)
    if programme is not None and programme.schools.exists():
        schools = schools.filter(programmes=programme)
    return schools


def season_open_for_applications(programme: OutboundProgramme | None = None) -> Season | None:
    """The season whose applications to the programme (the NYSF unless given) are open now: by
    the programme's own deadline, the first season not over by then; else by the seasons'
    call, the earliest deadline first."""
    programme = programme or OutboundProgramme.nysf()
    if not programme.is_active:
        return None
    now = timezone.now()
    if programme.application_deadline:
        if programme.application_deadline <= now:
            return None
        closes_on = timezone.localtime(programme.application_deadline).date()
        return Season.objects.filter(ends_on__gte=closes_on).order_by("ends_on").first()
    return Season.objects.filter(exchange_deadline__gt=now).order_by("exchange_deadline").first()


def programmes_open_for_applications() -> list[tuple[OutboundProgramme, Season]]:
    """Every programme taking applications now, with the season they are for."""
    found = []
    for programme in OutboundProgramme.objects.filter(is_active=True):
        season = season_open_for_applications(programme)
        if season is not None:
            found.append((programme, season))
    return found


@dataclass(frozen=True)
class ProgrammeCall:
    """An active programme's call in a season: until when pupils apply (its own deadline, else
    the season's call), whether that is open now, and how many candidates each school may put
    forward per gender (None: no limit)."""

    programme: OutboundProgramme
    deadline: dt.datetime | None
    own_deadline: bool
    is_open: bool
    limit: int | None


def programme_calls(user: User, season: Season) -> list[ProgrammeCall]:
    """Each programme open to applications, with its call in `season`, by name."""
    now = timezone.now()
    calls = []
    for programme in programmes_visible_to(user).filter(is_active=True):
        deadline = programme.deadline_in(season)
        calls.append(
            ProgrammeCall(
                programme,
                deadline=deadline,
                own_deadline=programme.application_deadline is not None,
                is_open=deadline is not None and deadline > now,
                limit=programme.candidates_per_school_and_gender,
            )
        )
    return calls


def reserve_to_move_up(
    season: Season | None,
    programme: OutboundProgramme | None = None,
    *,
    places_left: int | None = None,
) -> Application | None:
    """The reserve to offer a free place to, if a place is free and a reserve is waiting
    (`places_left`: when the caller has counted them already)."""
    if season is None:
        return None
    if places_left is None:
        places_left = services.places_left(season, programme)
    if places_left <= 0:
        return None
    return services.next_reserve(season, programme)


@dataclass(frozen=True)
class Review:
    """An application as one reviewer sees it: the scores (theirs apart), the decisions they may
    take, and whether a reserve could move up into a place this candidate has left."""

    application: Application
    documents: tuple[ApplicationDocument, ...]
    scores: tuple[Score, ...]
    own_score: Score | None
    actions: tuple[str, ...]
    awaiting_school: bool  # shortlisting or selecting waits for the principal's confirmation
    history: tuple[ApplicationChange, ...]
    emails: tuple[OutboundEmail, ...]
    move_up: Application | None
    places_left: int
    trail: audit.Trail | None

    @property
    def other_scores(self) -> tuple[Score, ...]:
        return tuple(score for score in self.scores if score is not self.own_score)


def application_review(user: User, application: Application) -> Review:
    """The review page of an application read through `applications_visible_to`."""
    scores = tuple(application.scores.all())
    history = tuple(application.changes.all())
    withdrew_selected = any(
        change.action == "withdraw" and change.from_status in Application.TRAVELLING
        for change in history
    )
    actions = services.WORKFLOW.available(application, user)
    return Review(
        application=application,
        documents=tuple(documents_visible_to(user).filter(application=application)),
        scores=scores,
        own_score=next((score for score in scores if score.reviewer_id == user.pk), None),
        actions=tuple(action.name for action in actions),
        awaiting_school=application.nominator_confirmed_at is None
        and any(action.target in Application.NEEDS_SCHOOL_CONFIRMATION for action in actions),
        history=history,
        emails=tuple(emails_about(application, user).order_by("-created_at")),
        move_up=reserve_to_move_up(application.season, application.programme)
        if withdrew_selected
        else None,
        places_left=services.places_left(application.season, application.programme),
        trail=trail_card(user, application, with_belongings=True),
    )


@dataclass(frozen=True)
class Departure:
    """A selected or confirmed candidate before departure: the checklist items still open (by
    field, in words), how long their passport must be valid, and the days until they leave."""

    application: Application
    open_items: dict[str, str]
    passport_needed_until: dt.date | None
    days_left: int | None


def travelling_candidates(
    user: User, season: Season, programme: OutboundProgramme | None = None
) -> list[Departure]:
    """The season's travelling candidates of a programme (the NYSF unless given), the
    earliest departure first."""
    travelling = (
        applications_visible_to(user)
        .filter(
            season=season,
            programme=programme or OutboundProgramme.nysf(),
            status__in=Application.TRAVELLING,
        )
        .prefetch_related(None)
        .order_by("departure_on", "family_name", "given_name")
    )
    today = timezone.localdate()
    return [
        Departure(
            application,
            open_items=checklist.open_items(application),
            passport_needed_until=checklist.six_months_after(application.back_on)
            if application.back_on
            else None,
            days_left=(application.leaves_on - today).days if application.leaves_on else None,
        )
        for application in travelling
    ]
