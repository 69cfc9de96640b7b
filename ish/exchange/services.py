"""Every change to the outbound programmes' applications, with their rules: the public
application (duplicates, the programme's per-school limit, abuse protection), the principal's
confirmation (required before shortlisting), scoring and selection with reserves within the
programme's places. The pre-departure checklist is in `checklist`, opening the call and the
programmes in `opening`."""

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.accounts.throttling import allow
from ish.errors import RuleViolation
from ish.exchange.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    OutboundProgramme,
    School,
    Score,
)
from ish.history import Actor
from ish.notifications.services import Recipient, absolute_url, notify
from ish.seasons.models import Season
from ish.uploads import check_upload
from ish.workflow import Action, Workflow

Status = Application.Status
NOMINATOR_SALT = "ish.exchange.nominator"


# Only organisers select; the applicant (or their school) may withdraw through the office.
WORKFLOW = Workflow(
    actions=(
        Action("shortlist", {Status.SUBMITTED}, Status.SHORTLISTED,
               label=gettext_lazy("Shortlist")),
        Action("select", {Status.SHORTLISTED, Status.RESERVE}, Status.SELECTED,
               label=gettext_lazy("Select")),
        Action("reserve", {Status.SHORTLISTED}, Status.RESERVE, label=gettext_lazy("Reserve")),
        Action("reject", {Status.SUBMITTED, Status.SHORTLISTED, Status.RESERVE}, Status.REJECTED,
               label=gettext_lazy("Reject")),
        Action("confirm", {Status.SELECTED}, Status.CONFIRMED, label=gettext_lazy("Confirm")),
        Action("withdraw", set(Status.values) - set(Application.FINAL), Status.WITHDRAWN,
               label=gettext_lazy("Withdraw")),
    ),
    refused=gettext_lazy(
        "An application with the status “%(status)s” cannot move to “%(target)s”."
    ),
    forbidden=gettext_lazy("Only the ISH office may do this."),
)  # fmt: skip
DECISIONS = {"select", "reserve", "reject"}  # each is mailed to the applicant


# --- the public application ------------------------------------------------------------------


class TooManyRequests(Exception):
    pass


def throttle(client: str, *, what: str = "apply", per_hour: int | None = None) -> None:
    """At most `per_hour` (default EXCHANGE_APPLICATIONS_PER_HOUR) requests of a kind per client
    address and hour."""
    limit = per_hour or settings.EXCHANGE_APPLICATIONS_PER_HOUR
    if not allow(f"exchange:{what}", client, per_hour=limit):
        raise TooManyRequests(
            _(
                "Too many applications from your network; please try again in "
                "an hour or write to the ISH office."
            )
        )


def school_places_left(
    season: Season, school: School, gender: str, programme: OutboundProgramme | None = None
) -> int | None:
    """How many more candidates of `gender` the school may put forward (None: no limit)."""
    programme = programme or OutboundProgramme.nysf()
    limit = programme.candidates_per_school_and_gender
    if limit is None:
        return None
    taken = Application.objects.filter(
        season=season,
        programme=programme,
        school=school,
        gender=gender,
        status__in=Application.HOLDS_SCHOOL_PLACE,
    ).count()
    return limit - taken


def schools_full(
    season: Season, programme: OutboundProgramme | None = None
) -> set[tuple[int, str]]:
    """(school id, gender) pairs whose places are all taken, to show on the public form."""
    programme = programme or OutboundProgramme.nysf()
    limit = programme.candidates_per_school_and_gender
    if limit is None:
        return set()
    counts = {}
    for school_id, gender in Application.objects.filter(
        season=season, programme=programme, status__in=Application.HOLDS_SCHOOL_PLACE
    ).values_list("school_id", "gender"):
        counts[school_id, gender] = counts.get((school_id, gender), 0) + 1
    return {key for key, count in counts.items() if count >= limit}


@transaction.atomic
def apply(
    *,
    season: Season,
    documents: dict[str, UploadedFile],
    programme: OutboundProgramme | None = None,
    **fields,
) -> Application:
    """Store a public application to a programme (the NYSF unless given) with its documents and
    mail the applicant (naming every programme they applied to this season) and the nominator.

    The school row is locked while its places are counted, so two pupils of one school cannot
    both take its last place.
    """
    programme = programme or OutboundProgramme.nysf()
    deadline = programme.deadline_in(season)
    if not programme.is_active or deadline is None or timezone.now() > deadline:
        raise RuleViolation(
            _("Applications for the %(programme)s %(season)s are closed.")
            % {"programme": programme.name, "season": season.year}
        )
    school = School.objects.select_for_update(no_key=True).get(pk=fields["school"].pk)
    application = Application(season=season, programme=programme, **fields)
    errors = application_errors(application, documents)
    checked = {}
    for kind in _required_documents(application):
        upload = documents.get(kind)
        if upload is None:
            continue
        try:
            checked[kind] = (upload, check_upload(upload, field=kind))
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        application.full_clean(validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same e-mail, submitted twice at the same moment
        raise ValidationError(
            {
                "email": [
                    _("An application with this e-mail address already exists for this season.")
                ]
            }
        ) from None
    for kind, (upload, check) in checked.items():
        ApplicationDocument.store(upload, check, application=application, kind=kind)
    ApplicationChange.record(application, "apply", "", by=Actor.APPLICANT)
    names = {"programme": programme.name, "season": season.year, "school": school.name}
    applied_to = ", ".join(programmes_applied_to(application))
    if programme.is_nysf:
        notify(
            "exchange_application_received",
            about=application,
            recipients=[applicant_recipient(application)],
            context={"season": season.year, "school": school.name, "programmes": applied_to},
        )
        notify(
            "exchange_nomination_confirm",
            about=application,
            recipients=[Recipient(application.nominator_email, "de")],
            context={
                "applicant": application.full_name,
                "season": season.year,
                "school": school.name,
                "limit": programme.candidates_per_school_and_gender or 0,
                "url": nominator_url(application),
            },
        )
    else:
        notify(
            "outbound_application_received",
            about=application,
            recipients=[applicant_recipient(application)],
            context=names
            | {
                "host": f"{programme.host_city}, {programme.host_country.name}",
                "programmes": applied_to,
            },
        )
        notify(
            "outbound_nomination_confirm",
            about=application,
            recipients=[Recipient(application.nominator_email, "de")],
            context=names | {"applicant": application.full_name, "url": nominator_url(application)},
        )
    return application


def application_errors(
    application: Application, documents: Mapping[str, object]
) -> dict[str, list[str]]:
    """What the rules beyond the model's find wrong with a new application (the public form
    shows them with its own errors; `apply` checks them again under the school's lock): one
    application per address and season, a nominator other than the pupil, a place left at the
    school for the pupil's gender, the documents the pupil's age requires."""
    errors: dict[str, list[str]] = {}
    season = application.season
    programme = application.programme
    school = application.school if application.school_id else None
    if (
        application.email
        and Application.objects.filter(
            season=season, programme=programme, email__iexact=application.email
        ).exists()
    ):
        errors["email"] = [
            _("An application with this e-mail address already exists for this season.")
        ]
    if _same_address(application.nominator_email, application.email):
        # The principal's confirmation is the school's word; the pupil cannot give it.
        errors["nominator_email"] = [
            _(
                "Enter the e-mail address of your principal or teacher, not your own: they "
                "confirm your nomination."
            )
        ]
    gender = application.gender
    if school and not takes_part(programme, school):
        errors["school"] = [
            _("%(school)s does not take part in the %(programme)s.")
            % {"school": school, "programme": programme.name}
        ]
    left = school_places_left(season, school, gender, programme) if school and gender else None
    if left is not None and left <= 0:
        limit = programme.candidates_per_school_and_gender
        errors["school"] = [
            ngettext(
                "%(school)s has already nominated its %(limit)d %(gender)s candidate for "
                "%(season)s.",
                "%(school)s has already nominated its %(limit)d %(gender)s candidates for "
                "%(season)s.",
                limit,
            )
            % {
                "school": school,
                "limit": limit,
                "gender": application.get_gender_display(),
                "season": season.year,
            }
        ]
    for kind in _required_documents(application):
        if documents.get(kind) is None:
            errors[kind] = [_("Please attach this document.")]
    return errors


def takes_part(programme: OutboundProgramme, school: School) -> bool:
    """A programme without chosen schools takes pupils of every school."""
    chosen = programme.schools.all()
    return not chosen.exists() or chosen.filter(pk=school.pk).exists()


def programmes_applied_to(application: Application) -> list[str]:
    """The programmes the applicant (by e-mail address) applied to in the application's
    season, by name."""
    return list(
        Application.objects.filter(season=application.season, email__iexact=application.email)
        .order_by("programme__name")
        .values_list("programme__name", flat=True)
        .distinct()
    )


def _same_address(first: str, second: str) -> bool:
    return bool(first) and first.strip().lower() == (second or "").strip().lower()


def _required_documents(application: Application) -> list[str]:
    required = application.programme.required_documents
    kinds = [kind for kind in ApplicationDocument.Kind.values if kind in required]
    if application.date_of_birth and application.is_minor:
        kinds.append(ApplicationDocument.Kind.CONSENT_FORM)
    return kinds


def applicant_recipient(application: Application) -> Recipient:
    return Recipient(application.email, application.language, application.full_name)


# --- the nominating principal's confirmation -------------------------------------------------


def nominator_token(application: Application) -> str:
    return signing.dumps(
        {"a": application.pk, "e": application.nominator_email.lower()},
        salt=NOMINATOR_SALT,
        compress=True,
    )


def nominator_url(application: Application) -> str:
    return absolute_url(reverse("exchange:confirm_nomination", args=[nominator_token(application)]))


def application_for_nominator(token: str) -> Application:
    """The application a principal's link stands for; PermissionDenied when it is not valid."""
    try:
        payload = signing.loads(
            token, salt=NOMINATOR_SALT, max_age=dt.timedelta(days=settings.EXCHANGE_LINK_DAYS)
        )
        application = Application.objects.select_related("school", "season").get(pk=payload["a"])
    except (signing.BadSignature, Application.DoesNotExist, KeyError, TypeError):
        raise PermissionDenied(_("This link is not valid (any more).")) from None
    if application.nominator_email.lower() != payload.get("e"):
        raise PermissionDenied(_("This link is not valid (any more)."))
    return application


@transaction.atomic
def confirm_nomination(application: Application, *, confirmed: bool) -> Application:
    """The principal confirms the nomination, or withdraws it."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status in Application.FINAL:
        raise RuleViolation(
            _("This application is %(status)s.") % {"status": application.get_status_display()}
        )
    if confirmed:
        if application.nominator_confirmed_at:  # the link clicked twice: confirmed already
            return application
        application.nominator_confirmed_at = timezone.now()
        application.save(update_fields=["nominator_confirmed_at", "updated_at"])
        ApplicationChange.record(
            application,
            "nominator_confirm",
            application.status,
            by=Actor.SCHOOL,
            reason="confirmed_by_school",
        )
        return application
    return perform(
        application, "withdraw", actor=None, by=Actor.SCHOOL, reason="not_nominated_by_school"
    )


# --- selection -------------------------------------------------------------------------------


@transaction.atomic
def score(application: Application, *, reviewer: User, points: int, comment: str = "") -> Score:
    """A reviewer's score (again: replaces theirs); the application's total is the sum."""
    ensure_organiser(reviewer)
    if not 0 <= points <= settings.EXCHANGE_MAX_POINTS:
        raise ValidationError(
            {"points": _("Give 0 to %(max)s points.") % {"max": settings.EXCHANGE_MAX_POINTS}}
        )
    application = Application.objects.select_for_update().get(pk=application.pk)
    result, _created = Score.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"points": points, "comment": comment},
    )
    application.score = application.scores.aggregate(total=Sum("points"))["total"] or 0
    application.save(update_fields=["score", "updated_at"])
    return result


def perform(
    application: Application,
    action_name: str,
    *,
    actor: User | None,
    by: Actor = Actor.APPLICANT,
    comment: str = "",
    reason: str = "",
) -> Application:
    """One selection step; `actor=None` is the applicant (`by` says if it was their school)."""
    action = WORKFLOW.ensure_may(actor, application, action_name)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("season", "school", "programme")
            .get(pk=application.pk)
        )
        WORKFLOW.ensure_from(application, action_name)
        if (
            action.target in Application.NEEDS_SCHOOL_CONFIRMATION
            and not application.nominator_confirmed_at
        ):
            raise RuleViolation(
                _(
                    "%(applicant)s cannot be moved to %(target)s: the school has not confirmed "
                    "the nomination yet (the principal's link confirms it)."
                )
                % {"applicant": application.full_name, "target": Status(action.target).label}
            )
        if action.name == "select":
            _check_selection_room(application)
        from_status = WORKFLOW.move(application, action_name)
        application.save(update_fields=["status", "updated_at"])
        ApplicationChange.record(
            application, action_name, from_status, actor=actor, by=by, comment=comment,
            reason=reason,
        )  # fmt: skip
        if action.name in DECISIONS:
            programme = application.programme
            notify(
                "exchange_application_decided"
                if programme.is_nysf
                else "outbound_application_decided",
                about=application,
                occasion=action.name,
                recipients=[applicant_recipient(application)],
                context={
                    "season": application.season.year,
                    # lazy: translated into the applicant's language when the mail is rendered
                    "decision": Status(action.target).label,
                    "comment": comment,
                }
                | ({} if programme.is_nysf else {"programme": programme.name}),
            )
    return application


def places_left(season: Season, programme: OutboundProgramme | None = None) -> int:
    """The programme's places (the NYSF's unless given) not yet held by a selected or
    confirmed candidate of the season."""
    programme = programme or OutboundProgramme.nysf()
    taken = Application.objects.filter(
        season=season, programme=programme, status__in=Application.TRAVELLING
    ).count()
    return programme.places - taken


def _check_selection_room(application: Application) -> None:
    """Selected + confirmed stay within the places, so a reserve moves up only into a free one.
    The programme row carries the limit and is locked while the places are counted."""
    programme = OutboundProgramme.objects.select_for_update(no_key=True).get(
        pk=application.programme_id
    )
    if places_left(application.season, programme) <= 0:
        raise RuleViolation(
            _(
                "All %(places)s %(programme)s places are taken; a reserve moves up when a "
                "selected candidate withdraws."
            )
            % {"places": programme.places, "programme": programme.name}
        )


def next_reserve(season: Season, programme: OutboundProgramme | None = None) -> Application | None:
    """The reserve to move up when a selected candidate withdraws: the best score first."""
    programme = programme or OutboundProgramme.nysf()
    return (
        Application.objects.filter(season=season, programme=programme, status=Status.RESERVE)
        .order_by("-score", "created_at")
        .first()
    )
