"""Every change to housing, with its rules: beds per night under a lock on the accommodation,
availability, the warnings a person must judge, suggestions, confirmation and the e-mails."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.history import actor_label
from ish.housing.models import Accommodation, DietaryOption, HousingAssignment, HousingChange
from ish.nominations.models import Nomination
from ish.notifications.services import Recipient, notify
from ish.seasons.models import Season

Status = HousingAssignment.Status
HOUSED = [Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED]

# Words in a student's allergies or dietary notes, and the diets they call for.
DIET_WORDS = {
    DietaryOption.VEGETARIAN: ("vegetarian", "vegetarisch"),
    DietaryOption.VEGAN: ("vegan",),
    DietaryOption.HALAL: ("halal",),
    DietaryOption.KOSHER: ("kosher", "koscher"),
    DietaryOption.GLUTEN_FREE: ("gluten", "coeliac", "celiac", "zölliakie", "zöliakie"),
    DietaryOption.LACTOSE_FREE: ("lactose", "laktose", "dairy"),
    DietaryOption.NUT_FREE: ("nut", "nuss", "peanut", "erdnuss"),
}
# Animals as whole words, German compounds by their start ("Katzenhaare"): "medication" and
# "further" name no cat and no fur.
PET_WORDS = re.compile(
    r"\b(cats?|dogs?|pets?|animals?|fur|katze\w*|hund\w*|haustier\w*|tier\w*)\b", re.IGNORECASE
)


# --- the rules, readable on their own ------------------------------------------------------


def default_stay(nomination: Nomination) -> tuple[dt.date, dt.date]:
    """From the arrival day to the departure day, or the programme with the night after it."""
    season = nomination.season
    check_in = timezone.localdate(nomination.arrival_at) if nomination.arrival_at else None
    check_out = timezone.localdate(nomination.departure_at) if nomination.departure_at else None
    check_in = check_in or season.starts_on
    check_out = check_out or season.ends_on + dt.timedelta(days=1)
    if check_out <= check_in:
        check_out = check_in + dt.timedelta(days=1)
    return check_in, check_out


def student_languages(nomination: Nomination) -> set[str]:
    languages = set()
    if nomination.english_level:
        languages.add("en")
    if nomination.german_level and nomination.german_level != "none":
        languages.add("de")
    return languages


def warnings_for(nomination: Nomination, accommodation: Accommodation) -> list[str]:
    """Conflicts a person must judge: they never block an assignment, they are shown with it."""
    warnings = []
    if accommodation.pets and animal_allergy(nomination):
        warnings.append(
            _("Pets (%(pets)s) and the student's allergies: %(allergies)s")
            % {
                "pets": accommodation.pets,
                "allergies": nomination.allergies or nomination.medical_notes,
            }
        )
    needs = dietary_needs(nomination)
    unserved = sorted(need for need in needs if need not in accommodation.dietary_options)
    if unserved:
        labels = ", ".join(str(DietaryOption(need).label) for need in unserved)
        warnings.append(_("The host does not cook %(diets)s.") % {"diets": labels})
    host_languages = set(accommodation.languages)
    if host_languages and not host_languages & student_languages(nomination):
        warnings.append(
            _("No common language (the host speaks %(languages)s).")
            % {"languages": ", ".join(sorted(host_languages))}
        )
    return warnings


def animal_allergy(nomination: Nomination) -> bool:
    """Animals in the allergies field, or in medical notes that speak of an allergy."""
    notes = nomination.medical_notes
    return bool(
        PET_WORDS.search(nomination.allergies)
        or ("allerg" in notes.lower() and PET_WORDS.search(notes))
    )


def dietary_needs(nomination: Nomination) -> set[str]:
    text = f"{nomination.dietary_requirements} {nomination.allergies}".lower()
    return {need for need, words in DIET_WORDS.items() if any(word in text for word in words)}


def occupancy(accommodation_ids, start: dt.date, end: dt.date, exclude_pk=None) -> Counter:
    """Guests per (accommodation id, night) for the nights in [start, end)."""
    guests: Counter = Counter()
    assignments = HousingAssignment.objects.filter(
        accommodation_id__in=accommodation_ids,
        status__in=HousingAssignment.OCCUPYING,
        check_in__lt=end,
        check_out__gt=start,
    ).exclude(pk=exclude_pk)
    for accommodation_id, check_in, check_out in assignments.values_list(
        "accommodation_id", "check_in", "check_out"
    ):
        night = max(check_in, start)
        while night < min(check_out, end):
            guests[accommodation_id, night] += 1
            night += dt.timedelta(days=1)
    return guests


def _check_bed(
    accommodation: Accommodation, check_in: dt.date, check_out: dt.date, exclude_pk=None
) -> None:
    errors = {}
    if check_out <= check_in:
        errors["check_out"] = _("Check-out must be after check-in.")
    if check_in < accommodation.available_from:
        errors["check_in"] = _("%(place)s is available from %(date)s only.") % {
            "place": accommodation.name,
            "date": accommodation.available_from,
        }
    if check_out > accommodation.available_until:
        errors["check_out"] = _("%(place)s is available until %(date)s only.") % {
            "place": accommodation.name,
            "date": accommodation.available_until,
        }
    if errors:
        raise ValidationError(errors)
    guests = occupancy([accommodation.pk], check_in, check_out, exclude_pk)
    for night in _nights(check_in, check_out):
        if guests[accommodation.pk, night] >= accommodation.beds:
            raise RuleViolation(
                _(
                    "%(place)s has no free bed on the night of %(night)s: all %(beds)s beds are "
                    "taken."
                )
                % {
                    "place": accommodation.name,
                    "night": night.isoformat(),
                    "beds": accommodation.beds,
                }
            )


def _nights(check_in: dt.date, check_out: dt.date):
    night = check_in
    while night < check_out:
        yield night
        night += dt.timedelta(days=1)


def _check_student(nomination: Nomination, check_in, check_out, exclude_pk=None) -> None:
    if nomination.status not in HOUSED:
        raise RuleViolation(
            _("Only accepted or confirmed students are housed; this one is %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    overlapping = (
        nomination.housing.filter(
            status__in=HousingAssignment.OCCUPYING, check_in__lt=check_out, check_out__gt=check_in
        )
        .exclude(pk=exclude_pk)
        .select_related("accommodation")
        .first()
    )
    if overlapping:
        raise RuleViolation(
            _("%(student)s already has a bed at %(place)s for some of these nights.")
            % {"student": nomination.full_name, "place": overlapping.accommodation.name}
        )


def _record(
    assignment: HousingAssignment, action: str, from_status: str, actor, comment: str = ""
) -> None:
    HousingChange.objects.create(
        assignment=assignment,
        action=action,
        from_status=from_status,
        to_status=assignment.status,
        actor=actor,
        actor_label=actor_label(actor, _("the system")),
        comment=comment,
    )


def _ensure_organiser(actor: User) -> None:
    if not actor.is_organiser:
        raise PermissionDenied(_("Only the ISH office may do this."))


# --- places ----------------------------------------------------------------------------------


@transaction.atomic
def update_accommodation(accommodation: Accommodation, *, actor: User, **fields) -> Accommodation:
    """Change a place under its lock: fewer beds or a shorter availability must still hold every
    guest it has; its guests' warnings follow what it now offers."""
    _ensure_organiser(actor)
    accommodation = Accommodation.objects.select_for_update().get(pk=accommodation.pk)
    for name, value in fields.items():
        setattr(accommodation, name, value)
    accommodation.full_clean()
    stays = list(
        accommodation.assignments.filter(status__in=HousingAssignment.OCCUPYING)
        .select_related("nomination")
        .order_by("check_in", "pk")
    )
    for stay in stays:
        if (
            stay.check_in < accommodation.available_from
            or stay.check_out > accommodation.available_until
        ):
            raise RuleViolation(
                _(
                    "%(place)s must stay available from %(check_in)s to %(check_out)s: "
                    "%(student)s stays there."
                )
                % {
                    "student": stay.nomination.full_name,
                    "place": accommodation.name,
                    "check_in": stay.check_in,
                    "check_out": stay.check_out,
                }
            )
    if stays:
        start, end = stays[0].check_in, max(stay.check_out for stay in stays)
        guests = occupancy([accommodation.pk], start, end)
        for (_place, night), count in sorted(guests.items()):
            if count > accommodation.beds:
                raise RuleViolation(
                    _(
                        "%(place)s needs %(guests)s beds: it has as many guests on the night of "
                        "%(night)s."
                    )
                    % {"place": accommodation.name, "guests": count, "night": night.isoformat()}
                )
    accommodation.save()
    for stay in stays:
        stay.warnings = warnings_for(stay.nomination, accommodation)
    HousingAssignment.objects.bulk_update(stays, ["warnings"])
    return accommodation


# --- assigning by hand -----------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    actor: User,
    nomination: Nomination,
    accommodation: Accommodation,
    check_in: dt.date | None = None,
    check_out: dt.date | None = None,
) -> HousingAssignment:
    """Propose a bed; beds per night are counted under a lock on the accommodation, the
    student's other beds under a lock on the nomination (lock order: place, student, bed)."""
    _ensure_organiser(actor)
    accommodation = Accommodation.objects.select_for_update().get(pk=accommodation.pk)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("season")
        .get(pk=nomination.pk)
    )
    default_in, default_out = default_stay(nomination)
    check_in, check_out = check_in or default_in, check_out or default_out
    _check_student(nomination, check_in, check_out)
    _check_bed(accommodation, check_in, check_out)
    assignment = HousingAssignment.objects.create(
        nomination=nomination,
        accommodation=accommodation,
        check_in=check_in,
        check_out=check_out,
        warnings=warnings_for(nomination, accommodation),
    )
    _record(assignment, "propose", "", actor)
    return assignment


@transaction.atomic
def change(assignment: HousingAssignment, *, actor: User, **fields) -> HousingAssignment:
    """Move the dates or the place; a confirmed assignment's student and host are told again."""
    _ensure_organiser(actor)
    new_place = fields.get("accommodation", assignment.accommodation)
    # Lock both places, in id order (as everywhere), before counting their nights.
    list(
        Accommodation.objects.select_for_update()
        .filter(pk__in={assignment.accommodation_id, new_place.pk})
        .order_by("pk")
    )
    # Then the student, whose other beds are counted, then the bed (the order withdrawal keeps).
    list(Nomination.objects.select_for_update().filter(pk=assignment.nomination_id))
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status not in HousingAssignment.OCCUPYING:
        raise RuleViolation(_("A cancelled assignment cannot be changed."))
    fields = {name: value for name, value in fields.items() if getattr(assignment, name) != value}
    if not fields:
        return assignment  # nothing new: no new version, no e-mail
    for name, value in fields.items():
        setattr(assignment, name, value)
    _check_student(
        assignment.nomination, assignment.check_in, assignment.check_out, exclude_pk=assignment.pk
    )
    _check_bed(
        assignment.accommodation,
        assignment.check_in,
        assignment.check_out,
        exclude_pk=assignment.pk,
    )
    assignment.warnings = warnings_for(assignment.nomination, assignment.accommodation)
    assignment.version += 1
    assignment.save()
    _record(assignment, "change", assignment.status, actor)
    if assignment.status == Status.CONFIRMED:
        _mail(assignment)
    return assignment


@transaction.atomic
def confirm(assignment: HousingAssignment, *, actor: User) -> HousingAssignment:
    _ensure_organiser(actor)
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != Status.PROPOSED:
        raise RuleViolation(
            _("Only a proposed assignment can be confirmed; this one is %(status)s.")
            % {"status": assignment.get_status_display()}
        )
    assignment.status = Status.CONFIRMED
    assignment.confirmed_at = timezone.now()
    assignment.save(update_fields=["status", "confirmed_at"])
    _record(assignment, "confirm", Status.PROPOSED, actor)
    _mail(assignment)
    return assignment


@transaction.atomic
def confirm_all(season: Season, *, actor: User) -> int:
    """Confirm every proposed assignment of the season in one action."""
    _ensure_organiser(actor)
    proposed = HousingAssignment.objects.filter(
        nomination__season=season, status=Status.PROPOSED
    ).order_by("pk")
    count = 0
    for assignment in proposed:
        confirm(assignment, actor=actor)
        count += 1
    return count


@transaction.atomic
def cancel(assignment: HousingAssignment, *, actor: User | None, comment: str = "") -> None:
    if actor is not None:
        _ensure_organiser(actor)
    assignment = HousingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status == Status.CANCELLED:
        return
    from_status = assignment.status
    assignment.status = Status.CANCELLED
    assignment.save(update_fields=["status"])
    _record(assignment, "cancel", from_status, actor, comment)


def refresh_warnings(nomination: Nomination) -> None:
    """The student's details changed (through their link): their beds' warnings follow."""
    stays = list(
        nomination.housing.filter(status__in=HousingAssignment.OCCUPYING).select_related(
            "accommodation"
        )
    )
    for stay in stays:
        stay.warnings = warnings_for(nomination, stay.accommodation)
    HousingAssignment.objects.bulk_update(stays, ["warnings"])


def cancel_for_withdrawal(nomination: Nomination) -> None:
    """A withdrawn student's beds go back to the pool (called by the nominations service)."""
    for assignment in nomination.housing.filter(status__in=HousingAssignment.OCCUPYING):
        cancel(assignment, actor=None, comment=_("The nomination was withdrawn."))


# --- suggestions -----------------------------------------------------------------------------


@dataclass
class Suggestions:
    proposed: int = 0
    unplaced: dict[int, str] = field(default_factory=dict)  # nomination id → why


@transaction.atomic
def suggest(season: Season, *, actor: User) -> Suggestions:
    """Propose a bed for every accepted student without one.

    Each student, earliest arrival first, gets the place with free beds on every night of their
    stay, choosing (in order) the fewest warnings, the fewest students of their own city at the
    same time, and the fullest place (so rooms fill up rather than spread thin). Never overbooks:
    every accommodation is locked and its nights counted before anything is proposed.
    """
    _ensure_organiser(actor)
    places = list(Accommodation.objects.select_for_update().order_by("pk"))
    housed = HousingAssignment.objects.filter(
        nomination__season=season, status__in=HousingAssignment.OCCUPYING
    ).values("nomination_id")
    students = list(
        Nomination.objects.filter(season=season, status__in=HOUSED)
        .exclude(pk__in=housed)
        .select_related("season", "city")
    )
    stays = {student.pk: default_stay(student) for student in students}
    students.sort(key=lambda student: (stays[student.pk][0], student.pk))
    result = Suggestions()
    if not students:
        return result
    start = min(stay[0] for stay in stays.values())
    end = max(stay[1] for stay in stays.values())
    guests = occupancy([place.pk for place in places], start, end)
    cities: Counter = Counter()  # (place id, night, city id) → students of that city
    for place_id, night, city_id in _city_nights(places, start, end):
        cities[place_id, night, city_id] += 1
    for student in students:
        check_in, check_out = stays[student.pk]
        nights = list(_nights(check_in, check_out))
        candidates = []
        for place in places:
            if check_in < place.available_from or check_out > place.available_until:
                continue
            if any(guests[place.pk, night] >= place.beds for night in nights):
                continue
            warnings = warnings_for(student, place)
            same_city = max((cities[place.pk, n, student.city_id] for n in nights), default=0)
            free = min(place.beds - guests[place.pk, night] for night in nights)
            candidates.append(((len(warnings), same_city, free, place.pk), place, warnings))
        if not candidates:
            result.unplaced[student.pk] = _why_unplaced(places, check_in, check_out)
            continue
        _, place, warnings = min(candidates, key=lambda candidate: candidate[0])
        assignment = HousingAssignment.objects.create(
            nomination=student,
            accommodation=place,
            check_in=check_in,
            check_out=check_out,
            warnings=warnings,
        )
        _record(assignment, "suggest", "", actor)
        for night in nights:
            guests[place.pk, night] += 1
            cities[place.pk, night, student.city_id] += 1
        result.proposed += 1
    return result


def _city_nights(places, start: dt.date, end: dt.date):
    for place_id, city_id, check_in, check_out in HousingAssignment.objects.filter(
        accommodation__in=places,
        status__in=HousingAssignment.OCCUPYING,
        check_in__lt=end,
        check_out__gt=start,
    ).values_list("accommodation_id", "nomination__city_id", "check_in", "check_out"):
        for night in _nights(max(check_in, start), min(check_out, end)):
            yield place_id, night, city_id


def _why_unplaced(places, check_in: dt.date, check_out: dt.date) -> str:
    if not any(p.available_from <= check_in and check_out <= p.available_until for p in places):
        return _("No accommodation is available for the whole stay (%(start)s to %(end)s).") % {
            "start": check_in,
            "end": check_out,
        }
    return _("Every accommodation available for the stay is full on at least one night.")


# --- e-mail ----------------------------------------------------------------------------------


def _mail(assignment: HousingAssignment) -> None:
    """Tell the student where they stay and the host whom they host; once per version."""
    assignment = HousingAssignment.objects.select_related(
        "nomination__season", "nomination__city", "accommodation"
    ).get(pk=assignment.pk)
    student, place = assignment.nomination, assignment.accommodation
    occasion = f"v{assignment.version}"
    season = student.season.year
    host_contact = ", ".join(
        str(part) for part in (place.contact_name, place.contact_phone, place.contact_email) if part
    )
    if student.email:
        notify(
            "housing_assigned_participant",
            about=assignment,
            occasion=occasion,
            recipients=[Recipient(student.email, student.language, student.full_name)],
            context={
                "season": season,
                "accommodation": place.name,
                "address": place.address,
                "host_contact": host_contact,
                "check_in": assignment.check_in,
                "check_out": assignment.check_out,
            },
        )
    if place.contact_email:
        notify(
            "housing_assigned_host",
            about=assignment,
            occasion=occasion,
            recipients=[Recipient(place.contact_email, place.language, place.contact_name)],
            context={
                "student": student.full_name,
                "city": student.city.name,
                "season": season,
                "check_in": assignment.check_in,
                "check_out": assignment.check_out,
                "dietary_requirements": ", ".join(
                    part for part in (student.dietary_requirements, student.allergies) if part
                ),
                "languages": ", ".join(sorted(student_languages(student))),
            },
        )
