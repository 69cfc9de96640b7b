"""Creating many drafts at once (the spreadsheet import): every rule of `create_nomination`
checked in memory against what a few queries read, the rows written in bulk, so the number of
queries does not grow with the number of drafts."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower

from ish import audit
from ish.accounts.models import User
from ish.nominations import services
from ish.nominations.models import DUPLICATE_EMAIL, Nomination, NominationChange, ResearchInterest
from ish.seasons.models import City, Quota, ResearchField, Season

# Validated once for the whole batch (they are the objects the caller holds), not per draft.
NOT_PER_DRAFT = ["created_by", "season", "city"]
# A choice is valid or not whatever the draft, and checking one walks every choice (some 250
# countries, each translated): each distinct value is checked once per batch.
CHOICE_FIELDS = [
    field
    for field in Nomination._meta.concrete_fields
    if field.choices and field.name not in NOT_PER_DRAFT
]


@dataclass(frozen=True)
class Draft:
    fields: dict
    interests: Sequence[ResearchField] = ()


class DraftsRefused(Exception):
    """Some drafts break a rule; nothing was created. `errors`: {index of the draft: error}."""

    def __init__(self, errors: dict[int, ValidationError]):
        super().__init__(f"{len(errors)} drafts refused")
        self.errors = errors


@transaction.atomic
def create_drafts(
    *, actor: User, season: Season, city: City, drafts: Sequence[Draft]
) -> list[Nomination]:
    """New drafts as `create_nomination` makes them one by one (ranked last in their order,
    the same history and audit entries), all or none: raises DraftsRefused, or
    PermissionDenied / RuleViolation for the whole batch."""
    services.ensure_may_edit(actor, season, city)
    # The lock a submission takes: two imports of one city rank their drafts one after the other.
    Quota.objects.select_for_update(no_key=True).filter(season=season, city=city).first()
    last = Nomination.objects.filter(season=season, city=city).aggregate(Max("rank"))["rank__max"]
    last = last or 0
    taken = _addresses_taken(season, drafts)
    choices_checked: dict[tuple[str, object], tuple[object, list[str]]] = {}
    nominations, errors = [], {}
    for index, draft in enumerate(drafts):
        nomination = Nomination(season=season, city=city, created_by=actor, **draft.fields)
        if nomination.rank is None:
            nomination.rank = last + 1
        last = max(last, nomination.rank)
        error = _error(nomination, draft.interests, taken, choices_checked)
        if error:
            errors[index] = ValidationError(error)
        elif nomination.email:
            taken.add(nomination.email.lower())  # as if created: a later draft cannot take it
        nominations.append(nomination)
    if errors:
        raise DraftsRefused(errors)
    try:
        with transaction.atomic():
            Nomination.objects.bulk_create(nominations)
    except IntegrityError:
        # An address was nominated by someone else since it was looked up: the check one by one
        # names the drafts concerned, as create_nomination would.
        errors = _constraint_errors(nominations)
        if not errors:
            raise
        raise DraftsRefused(errors) from None
    audit.record_created(nominations)
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=interest, rank=rank)
        for nomination, draft in zip(nominations, drafts, strict=True)
        for rank, interest in enumerate(draft.interests, start=1)
    )
    NominationChange.objects.bulk_create(
        NominationChange.entry(nomination, "create", "", actor=actor) for nomination in nominations
    )
    return nominations


def _addresses_taken(season: Season, drafts: Sequence[Draft]) -> set[str]:
    """The drafts' addresses already nominated for the season, lower-cased as the constraint
    compares them."""
    addresses = {draft.fields.get("email", "").lower() for draft in drafts} - {""}
    if not addresses:
        return set()
    return set(
        Nomination.objects.filter(season=season)
        .annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", flat=True)
    )


def _error(
    nomination: Nomination,
    interests: Sequence[ResearchField],
    taken: set[str],
    choices_checked: dict,
) -> dict:
    """What `services._validate` finds, by field, without a query per draft."""
    errors = {}
    try:
        nomination.full_clean(
            exclude=[*NOT_PER_DRAFT, *(field.name for field in CHOICE_FIELDS)],
            validate_constraints=False,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    for field in CHOICE_FIELDS:  # as clean_fields would, each value once
        value = getattr(nomination, field.attname)
        if field.blank and value in field.empty_values:
            continue
        if (field.name, value) not in choices_checked:
            try:
                choices_checked[field.name, value] = (field.clean(value, nomination), [])
            except ValidationError as error:
                choices_checked[field.name, value] = (value, error.messages)
        cleaned, messages = choices_checked[field.name, value]
        setattr(nomination, field.attname, cleaned)
        if messages:
            errors[field.name] = messages
    # Nomination.validate_constraints puts the one constraint's message beside the address; it
    # skips an address that is already invalid.
    if "email" not in errors and nomination.email and nomination.email.lower() in taken:
        errors["email"] = [str(DUPLICATE_EMAIL)]
    errors.update(services.interest_errors(interests))
    return errors


def _constraint_errors(nominations: list[Nomination]) -> dict[int, ValidationError]:
    errors = {}
    for index, nomination in enumerate(nominations):
        try:
            nomination.validate_constraints()
        except ValidationError as error:
            errors[index] = error
    return errors
