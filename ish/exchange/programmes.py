"""Adding and changing outbound programmes (the office's programmes page, the admin and the API
all save through here): their rules, places, call and checklist."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.accounts.services import ensure_organiser
from ish.exchange.models import ApplicationDocument, OutboundProgramme, School

FIELDS = {
    "slug",
    "name",
    "host_country",
    "host_city",
    "places",
    "candidates_per_school_and_gender",
    "application_deadline",
    "departure_on",
    "return_on",
    "reminder_days",
    "required_documents",
    "is_active",
}
# An address the public pages use already (/nysf/apply/thank-you/).
RESERVED_SLUGS = {"thank-you"}


@transaction.atomic
def save_programme(
    programme: OutboundProgramme | None = None,
    *,
    actor: User,
    checklist_items: list[str] | None = None,
    schools: list[School] | None = None,
    **fields,
) -> OutboundProgramme:
    """Add a programme (programme=None) or change one; `checklist_items` (in order) replaces
    its checklist, `schools` the schools taking part (empty: every school)."""
    ensure_organiser(actor)
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"not programme fields: {sorted(unknown)}")
    if programme is not None:
        programme = OutboundProgramme.objects.select_for_update(no_key=True).get(pk=programme.pk)
    else:
        programme = OutboundProgramme()
    for name, value in fields.items():
        setattr(programme, name, value)
    errors = _errors(programme)
    if checklist_items is not None:
        try:
            programme.checklist = _checklist(programme, checklist_items)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        programme.full_clean(validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:  # the same name or slug, saved by someone else at the same moment
        raise ValidationError({"slug": _("A programme with this name already exists.")}) from None
    if schools is not None:
        programme.schools.set(schools)
    return programme


def _errors(programme: OutboundProgramme) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    others = OutboundProgramme.objects.exclude(pk=programme.pk)
    if programme.slug in RESERVED_SLUGS or (
        programme.slug and others.filter(slug__iexact=programme.slug).exists()
    ):
        errors["slug"] = [_("This short name is taken; choose another.")]
    if programme.name and others.filter(name__iexact=programme.name.strip()).exists():
        errors["name"] = [_("A programme with this name already exists.")]
    if (
        programme.departure_on
        and programme.return_on
        and programme.return_on <= programme.departure_on
    ):
        errors["return_on"] = [_("The return must be after the departure.")]
    days = programme.reminder_days
    if not isinstance(days, list) or not all(isinstance(n, int) and 0 < n <= 365 for n in days):
        errors["reminder_days"] = [_("Enter whole numbers of days from 1 to 365.")]
    documents = programme.required_documents
    if not isinstance(documents, list) or not set(documents) <= {
        ApplicationDocument.Kind.CV,
        ApplicationDocument.Kind.MOTIVATION_LETTER,
    }:
        errors["required_documents"] = [_("Choose among the CV and the motivation letter.")]
    return errors


def _checklist(programme: OutboundProgramme, texts: list[str]) -> list[dict]:
    """The items in this order. The NYSF's items (its applications' date columns) stay; a
    ticked item keeps its dates while its text stays."""
    texts = [text.strip() for text in texts if text.strip()]
    if len(set(texts)) != len(texts):
        raise ValidationError({"checklist_items": _("Each item once, please.")})
    if any(len(text) > 200 for text in texts):
        raise ValidationError({"checklist_items": _("An item has at most 200 characters.")})
    columns = {item["text"]: item["field"] for item in programme.checklist if item.get("field")}
    lost = [text for text in columns if text not in texts]
    if lost:
        raise ValidationError(
            {
                "checklist_items": _("These items cannot be removed: %(items)s.")
                % {"items": ", ".join(lost)}
            }
        )
    return [
        {"text": text, "field": columns[text]} if text in columns else {"text": text}
        for text in texts
    ]
