"""Every change to a nomination, with its rules: who may edit, the deadline, completeness, age,
the city's quota under concurrency, the status transitions and the e-mails they cause.

Only the nomination itself: what a decision or a withdrawal means for the student's lab, bed
and self-service link is the student's lifecycle, in ish.participants.services."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.dates import deadline_label
from ish.errors import RuleViolation
from ish.history import Actor
from ish.nominations.models import Document, Nomination, NominationChange, ResearchInterest
from ish.notifications.services import Message, Recipient, absolute_url, notify_all
from ish.seasons.models import City, Quota, ResearchField, Season
from ish.workflow import Action, Workflow

Status = Nomination.Status

REQUIRED_TO_SUBMIT = [
    "given_name", "family_name", "date_of_birth", "gender", "email", "nationality", "school",
    "graduation_year", "english_level", "german_level", "motivation",
]  # fmt: skip
REQUIRED_DOCUMENTS = [Document.Kind.CV, Document.Kind.MOTIVATION_LETTER, Document.Kind.TRANSCRIPT]


# Organisers may take every action; coordinators those naming their role, on their city's students.
WORKFLOW = Workflow(
    actions=(
        Action("submit", {Status.DRAFT}, Status.SUBMITTED, {Role.COORDINATOR},
               gettext_lazy("Submit")),
        Action("accept", {Status.SUBMITTED, Status.WAITLISTED}, Status.ACCEPTED,
               label=gettext_lazy("Accept")),
        Action("waitlist", {Status.SUBMITTED}, Status.WAITLISTED, label=gettext_lazy("Waitlist")),
        Action("decline", {Status.SUBMITTED, Status.WAITLISTED}, Status.DECLINED,
               label=gettext_lazy("Decline")),
        Action("confirm", {Status.ACCEPTED}, Status.CONFIRMED, {Role.COORDINATOR},
               gettext_lazy("Confirm attendance")),
        Action("withdraw", {Status.DRAFT, Status.SUBMITTED, Status.WAITLISTED, Status.ACCEPTED,
                            Status.CONFIRMED},
               Status.WITHDRAWN, {Role.COORDINATOR}, gettext_lazy("Withdraw")),
    ),
    refused=gettext_lazy("A nomination with the status “%(status)s” cannot move to “%(target)s”."),
    forbidden=gettext_lazy("Your role may not use “%(action)s” on nominations."),
    in_scope=lambda user, nomination: user.city_id == nomination.city_id,
    out_of_scope=gettext_lazy("Coordinators may only act on their own city's nominations."),
)  # fmt: skip


# --- reading the rules -----------------------------------------------------------------------


def city_for(user: User, named: City | None) -> City:
    """The city a request is about: the one named, else the coordinator's own."""
    city = named or user.city
    if city is None:
        raise ValidationError({"city": [_("Organisers must name the city.")]})
    return city


def quota_for(season: Season, city: City) -> Quota | None:
    return Quota.objects.filter(season=season, city=city).select_related("season").first()


def deadline_for(season: Season, city: City) -> dt.datetime:
    """The city's own deadline if its quota has one, else the season's."""
    quota = quota_for(season, city)
    return quota.effective_deadline if quota else season.nomination_deadline


def missing_items(nomination: Nomination) -> list[str]:
    """What still keeps a nomination from being submitted, in words a coordinator understands.

    Reads `interests` and `documents` through the prefetch cache when the caller prefetched them.
    """
    return missing_from(
        {name: getattr(nomination, name) for name in REQUIRED_TO_SUBMIT},
        has_interest=bool(nomination.interests.all()),
        current_kinds={doc.kind for doc in nomination.documents.all() if doc.replaced_at is None},
        needs_consent=nomination.needs_guardian_consent,
    )


def missing_from(
    values: Mapping[str, Any],
    *,
    has_interest: bool,
    current_kinds: Collection[str],
    needs_consent: bool,
) -> list[str]:
    """missing_items for a nomination read as values (a list's rows): `values` has at least the
    REQUIRED_TO_SUBMIT fields, `current_kinds` the kinds of its current documents."""
    missing = [
        str(Nomination._meta.get_field(name).verbose_name)
        for name in REQUIRED_TO_SUBMIT
        if values[name] in (None, "")
    ]
    if not has_interest:
        missing.append(_("a research interest"))
    required = [*REQUIRED_DOCUMENTS]
    if needs_consent:
        required.append(Document.Kind.CONSENT_FORM)
    missing += [str(Document.Kind(kind).label) for kind in required if kind not in current_kinds]
    return missing


def quota_use(season: Season, city: City) -> dict:
    """How much of a city's quota is used: nominations submitted or decided, places held."""
    counts = Nomination.objects.filter(season=season, city=city)
    return {
        "used": counts.filter(status__in=Nomination.COUNTS_AGAINST_QUOTA).count(),
        "placed": counts.filter(status__in=Nomination.HOLDS_A_PLACE).count(),
    }


# --- editing ---------------------------------------------------------------------------------


def ensure_may_edit(actor: User, season: Season, city: City, nomination=None) -> None:
    if actor.is_organiser:
        return
    if not actor.is_coordinator or actor.city_id != city.pk:
        raise PermissionDenied(_("Coordinators may only nominate for their own city."))
    if nomination is not None and nomination.status != Status.DRAFT:
        raise RuleViolation(_("Only drafts can be changed; this nomination is %(status)s.")
                            % {"status": nomination.get_status_display()})  # fmt: skip
    _ensure_before_deadline(season, city)


def _ensure_before_deadline(season: Season, city: City) -> None:
    deadline = deadline_for(season, city)
    if timezone.now() > deadline:
        raise RuleViolation(
            _("The nomination deadline of %(city)s passed on %(deadline)s.")
            % {"city": city, "deadline": deadline_label(deadline, city.time_zone, city.name)}
        )


def _validate(nomination: Nomination, interests: Sequence[ResearchField] | None) -> None:
    errors = {}
    try:
        nomination.full_clean(exclude=["created_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if interests is not None:
        errors.update(interest_errors(interests))
    if errors:
        raise ValidationError(errors)


def interest_errors(interests: Sequence[ResearchField]) -> dict[str, list[str]]:
    """What is wrong with a choice of research interests, under the service's field name."""
    if len(interests) > 3:
        return {"research_interests": [_("Choose at most three research interests.")]}
    if len(set(interests)) != len(interests):
        return {"research_interests": [_("Each research interest may be chosen once.")]}
    return {}


def _set_interests(nomination: Nomination, interests: Sequence[ResearchField]) -> None:
    nomination.interests.all().delete()
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=field, rank=rank)
        for rank, field in enumerate(interests, start=1)
    )


@transaction.atomic
def create_nomination(
    *,
    actor: User,
    season: Season,
    city: City,
    interests: Sequence[ResearchField] = (),
    **fields,
) -> Nomination:
    """A new draft, ranked last among its city's nominations."""
    ensure_may_edit(actor, season, city)
    nomination = Nomination(season=season, city=city, created_by=actor, **fields)
    if nomination.rank is None:
        last = Nomination.objects.filter(season=season, city=city).aggregate(Max("rank"))
        nomination.rank = (last["rank__max"] or 0) + 1
    _validate(nomination, interests)
    nomination.save()
    _set_interests(nomination, interests)
    NominationChange.record(nomination, "create", "", actor=actor)
    return nomination


@transaction.atomic
def update_nomination(
    nomination: Nomination,
    *,
    actor: User,
    interests: Sequence[ResearchField] | None = None,
    **fields,
) -> Nomination:
    nomination = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
    ensure_may_edit(actor, nomination.season, nomination.city, nomination)
    if nomination.status == Status.WITHDRAWN:
        raise RuleViolation(_("A withdrawn nomination cannot be changed."))
    for name, value in fields.items():
        setattr(nomination, name, value)
    _validate(nomination, interests)
    nomination.save()
    if interests is not None:
        _set_interests(nomination, interests)
    return nomination


def ensure_may_delete(actor: User, nomination: Nomination) -> None:
    """Only drafts can be deleted; anything submitted is withdrawn instead, keeping its history."""
    ensure_may_edit(actor, nomination.season, nomination.city, nomination)
    if not nomination.is_draft:
        raise RuleViolation(_("Only drafts can be deleted; withdraw this nomination instead."))


def offered_actions(nomination: Nomination, user: User) -> list[str]:
    """What a page offers the user on a nomination: the workflow's available actions, with one
    way to drop it. A draft the user may delete is deleted, not withdrawn (nobody else has seen
    it): "delete" then stands where "withdraw" would."""
    names = WORKFLOW.names_available(nomination, user)
    if "withdraw" not in names:
        return names
    try:
        ensure_may_delete(user, nomination)
    except (PermissionDenied, RuleViolation):
        return names
    return ["delete" if name == "withdraw" else name for name in names]


@transaction.atomic
def delete_nomination(nomination: Nomination, *, actor: User) -> None:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    ensure_may_delete(actor, nomination)
    for document in nomination.documents.all():
        transaction.on_commit(lambda file=document.file: file.delete(save=False))
    nomination.delete()


@transaction.atomic
def rank_nominations(*, actor: User, season: Season, city: City, order: Iterable[int]) -> None:
    """Set the coordinator's ranking: `order` lists the city's nomination ids, first is rank 1."""
    if not actor.is_organiser:
        if not actor.is_coordinator or actor.city_id != city.pk:
            raise PermissionDenied(_("Coordinators may only rank their own city's nominations."))
        _ensure_before_deadline(season, city)
    locked = Nomination.objects.select_for_update(no_key=True).filter(season=season, city=city)
    nominations = {n.pk: n for n in locked}
    order = list(order)
    if sorted(order) != sorted(nominations):
        raise ValidationError({"order": _("List every nomination of the city exactly once.")})
    for rank, pk in enumerate(order, start=1):
        nominations[pk].rank = rank
    Nomination.objects.bulk_update(nominations.values(), ["rank"])


# --- transitions -----------------------------------------------------------------------------


def perform(
    nomination: Nomination,
    action_name: str,
    *,
    actor: User | None,
    comment: str = "",
    reason: str = "",
    over_quota: bool = False,
) -> Nomination:
    """Take one status transition under the rules, in the caller's transaction if it has one;
    `actor=None` is the student through their own link."""
    WORKFLOW.ensure_may(actor, nomination, action_name)
    with transaction.atomic():
        # Lock order everywhere: the quota row, then the nomination. Counting under the quota's
        # lock is what keeps concurrent submissions within `places + alternates`.
        quota = (
            Quota.objects.select_for_update(no_key=True)
            .filter(season_id=nomination.season_id, city_id=nomination.city_id)
            .first()
        )
        nomination = Nomination.objects.select_for_update(no_key=True).get(pk=nomination.pk)
        WORKFLOW.ensure_from(nomination, action_name)
        if action_name == "submit":
            _check_submission(nomination, quota, actor)
        elif action_name == "accept" and not over_quota:
            _check_place_free(nomination, quota)
        from_status = WORKFLOW.move(nomination, action_name)
        now = timezone.now()
        if action_name == "submit":
            nomination.submitted_at = now
        elif action_name in {"accept", "waitlist", "decline"}:
            nomination.decided_at = now
        nomination.save(update_fields=["status", "submitted_at", "decided_at", "updated_at"])
        NominationChange.record(
            nomination,
            action_name,
            from_status,
            actor=actor,
            by=Actor.STUDENT,
            comment=comment,
            reason=reason,
        )
        if from_status != Status.DRAFT or action_name == "submit":  # a dropped draft told nobody
            _mail(nomination, action_name, comment)
    return nomination


def _check_submission(nomination: Nomination, quota: Quota | None, actor: User | None) -> None:
    season, city = nomination.season, nomination.city
    if quota is None:
        raise RuleViolation(_("%(city)s has no quota for %(season)s.")
                            % {"city": city, "season": season})  # fmt: skip
    if actor is not None and not actor.is_organiser:
        _ensure_before_deadline(season, city)
    missing = missing_items(nomination)
    if missing:
        raise RuleViolation(_("The nomination is incomplete. Missing: %(items)s.")
                            % {"items": ", ".join(missing)})  # fmt: skip
    try:
        nomination.full_clean(exclude=["created_by"])  # age limits of the season, among others
    except ValidationError as error:
        raise RuleViolation(" ".join(error.messages)) from None
    used = Nomination.objects.filter(
        season=season, city=city, status__in=Nomination.COUNTS_AGAINST_QUOTA
    ).count()
    if used >= quota.total:
        raise RuleViolation(
            _("The quota of %(city)s is full: %(places)s places and %(alternates)s alternates "
              "are already used.")
            % {"city": city, "places": quota.places, "alternates": quota.alternates}
        )  # fmt: skip


def _check_place_free(nomination: Nomination, quota: Quota | None) -> None:
    places = quota.places if quota else 0
    placed = Nomination.objects.filter(
        season_id=nomination.season_id,
        city_id=nomination.city_id,
        status__in=Nomination.HOLDS_A_PLACE,
    ).count()
    if placed >= places:
        raise RuleViolation(
            _("All %(places)s places of %(city)s are taken. Accept over the quota explicitly to "
              "accept anyway.") % {"places": places, "city": nomination.city}
        )  # fmt: skip


# Who hears of each transition: the city's coordinators always; the student on decisions and
# withdrawal; the office when something arrives or leaves.
MAIL_STUDENT = {"accept", "waitlist", "decline", "withdraw"}
MAIL_OFFICE = {"submit", "withdraw"}
EVENTS = {
    "submit": "nomination_submitted", "accept": "nomination_accepted",
    "waitlist": "nomination_waitlisted", "decline": "nomination_declined",
    "withdraw": "nomination_withdrawn",
}  # fmt: skip


def _mail(nomination: Nomination, action: str, comment: str) -> None:
    if action not in EVENTS:
        return
    staff = [
        Recipient.for_user(user)
        for user in User.objects.filter(
            role=Role.COORDINATOR, city_id=nomination.city_id, is_active=True
        )
    ]
    if action in MAIL_OFFICE:
        staff.append(Recipient.office())
    context = {
        "student": nomination.full_name,
        "city": nomination.city,  # named in each recipient's language
        "season": nomination.season.year,
        "comment": comment,
        "url": absolute_url(reverse("nominations:detail", args=[nomination.pk])),
    }
    messages = [Message(EVENTS[action], nomination, staff, context)]
    if action in MAIL_STUDENT and nomination.email:
        student = Recipient(nomination.email, nomination.language, nomination.full_name)
        # The student has no account, so no link into the portal.
        messages.append(Message(EVENTS[action], nomination, [student], context | {"url": ""}))
    notify_all(messages)
