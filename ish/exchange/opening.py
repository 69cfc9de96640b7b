"""Opening the NYSF call: the season's application deadline and the schools taking part."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.exchange.models import School
from ish.seasons.models import Season


@transaction.atomic
def set_exchange_deadline(season: Season, *, deadline: dt.datetime | None, actor: User) -> Season:
    """Open the season's NYSF call until `deadline`, move it, or close it (None).

    A new deadline must lie ahead: one in the past would close the call without saying so.
    """
    ensure_organiser(actor)
    season = Season.objects.select_for_update(no_key=True).get(pk=season.pk)
    if deadline is not None and deadline != season.exchange_deadline and deadline <= timezone.now():
        raise ValidationError(
            {
                "exchange_deadline": _(
                    "The deadline must lie in the future; leave it empty to close the call."
                )
            }
        )
    season.exchange_deadline = deadline
    season.save(update_fields=["exchange_deadline"])
    return season


@transaction.atomic
def save_school(school: School | None = None, *, actor: User, **fields) -> School:
    """Add a school (school=None) or change one; names are unique. A school that no longer takes
    part is hidden from the public form, its applications stay."""
    ensure_organiser(actor)
    unknown = set(fields) - {"name", "address", "is_active"}
    if unknown:
        raise ValueError(f"not school fields: {sorted(unknown)}")
    if school is not None:
        school = School.objects.select_for_update(no_key=True).get(pk=school.pk)
    else:
        school = School()
    for name, value in fields.items():
        setattr(school, name, value)
    errors: dict[str, list[str]] = {}
    try:
        school.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.message_dict
    taken = School.objects.filter(name__iexact=school.name.strip()).exclude(pk=school.pk)
    if school.name and taken.exists():
        errors.setdefault("name", []).append(_("A school with this name already exists."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            school.save()
    except IntegrityError:  # the same name, saved by someone else at the same moment
        raise ValidationError({"name": _("A school with this name already exists.")}) from None
    return school
