"""The housing rules that only read: the stay a student needs, the nights their beds leave
uncovered, and the conflicts a person must judge (pets and allergies, diets, languages) —
stored with the bed as codes and parameters, read in the reader's language (`warning_text`)."""

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ish.housing.models import Accommodation, DietaryOption
from ish.nominations.models import Nomination

# How a student names a diet they keep. "Not vegetarian" or "kein Vegetarier" names none.
DIET_NAMES = {
    DietaryOption.VEGETARIAN: r"vegetari\w*",
    DietaryOption.VEGAN: r"vegan\w*",
    DietaryOption.HALAL: r"halal",
    DietaryOption.KOSHER: r"ko(?:sch|sh)er\w*",
}
# Foods a student must avoid. "No nuts" or "kein Gluten" asks for the same kitchen as "nuts", so
# a negation counts here, unless it denies an allergy ("no nut allergy", "keine Nussallergie").
# Whole words (German compounds by their start): "nutrition" and "Genuss" name no nut.
FOODS_AVOIDED = {
    DietaryOption.GLUTEN_FREE: r"gluten\w*|c(?:o)?eliac|z[öo]ll?iakie",
    DietaryOption.LACTOSE_FREE: r"la[ck]tose\w*|dairy",
    DietaryOption.NUT_FREE: r"(?:pea|hazel|wal)?nuts?|(?:erd|hasel|wal)?n[uü]ss\w*",
}
NEGATED = re.compile(r"\b(?:no|not|non|nicht|kein\w*)[\s-]+$")
ALLERGY = re.compile(r"allerg|intoleran|unverträglich")
# Animals as whole words, German compounds by their start ("Katzenhaare"): "medication" and
# "further" name no cat and no fur.
PET_WORDS = re.compile(
    r"\b(cats?|dogs?|pets?|animals?|fur|katze\w*|hund\w*|haustier\w*|tier\w*)\b", re.IGNORECASE
)


# The warnings a bed carries, stored as a code and its parameters (HousingAssignment.warnings)
# and read in the reader's language (`warning_text`).
PETS_AND_ALLERGY = "pets_and_allergy"  # pets: the host's pets, as the office typed them
DIETS_NOT_SERVED = "diets_not_served"  # diets: DietaryOption values
NO_COMMON_LANGUAGE = "no_common_language"  # languages: the host's ISO 639-1 codes
NIGHTS_WITHOUT_BED = "nights_without_bed"  # nights: [check-in, check-out] ISO dates, stretches

# The student's details a bed's warnings are made of: changing one of them refreshes them.
WARNINGS_READ = frozenset({
    "arrival_at", "departure_at", "allergies", "medical_notes", "dietary_requirements",
    "english_level", "german_level",
})  # fmt: skip


def _whole_words(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b")


DIET_PATTERNS = {diet: _whole_words(pattern) for diet, pattern in DIET_NAMES.items()}
FOOD_PATTERNS = {diet: _whole_words(pattern) for diet, pattern in FOODS_AVOIDED.items()}


# --- the stay --------------------------------------------------------------------------------


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


def nights_between(check_in: dt.date, check_out: dt.date) -> Iterator[dt.date]:
    night = check_in
    while night < check_out:
        yield night
        night += dt.timedelta(days=1)


def gaps(
    needed: tuple[dt.date, dt.date], stays: Iterable[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The stretches of the needed stay no bed covers, each as (check-in, check-out)."""
    covered = {night for stay in stays for night in nights_between(*stay)}
    stretches: list[list[dt.date]] = []
    for night in nights_between(*needed):
        if night in covered:
            continue
        if stretches and stretches[-1][1] == night:
            stretches[-1][1] = night + dt.timedelta(days=1)
        else:
            stretches.append([night, night + dt.timedelta(days=1)])
    return [(start, end) for start, end in stretches]


def nights_without_bed(
    nomination: Nomination, stays: Iterable[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """What a student with these beds still needs, as (check-in, check-out) stretches: without a
    bed, their whole stay; with beds, the nights between the arrival and departure they told us
    that no bed covers (before they tell us, the office's dates are the plan)."""
    stays = list(stays)
    if not stays:
        return [default_stay(nomination)]
    if not (nomination.arrival_at or nomination.departure_at):
        return []
    return gaps(default_stay(nomination), stays)


def describe_nights(stretches: list[tuple[dt.date, dt.date]]) -> str:
    """“16/07/2027, 10/08/2027 – 12/08/2027”: each stretch by its first and last night, in the
    reader's short date format."""
    parts = []
    for start, end in stretches:
        first, last = date_format(start, "SHORT_DATE_FORMAT"), end - dt.timedelta(days=1)
        parts.append(
            first if last == start else f"{first} – {date_format(last, 'SHORT_DATE_FORMAT')}"
        )
    return ", ".join(parts)


def coverage_warnings(stretches: list[tuple[dt.date, dt.date]]) -> list[dict]:
    """Nights between arrival and departure without a bed: the office must add or move one."""
    if not stretches:
        return []
    return [
        {
            "code": NIGHTS_WITHOUT_BED,
            "nights": [[start.isoformat(), end.isoformat()] for start, end in stretches],
        }
    ]


# --- the conflicts a person must judge -------------------------------------------------------


def student_languages(nomination: Nomination) -> set[str]:
    languages = set()
    if nomination.english_level:
        languages.add("en")
    if nomination.german_level and nomination.german_level != "none":
        languages.add("de")
    return languages


def warnings_for(nomination: Nomination, accommodation: Accommodation) -> list[dict]:
    """Conflicts between a student and a place: they never block an assignment, they are shown
    with it. Each as its code and parameters (see `warning_text`)."""
    warnings = []
    if accommodation.pets and animal_allergy(nomination):
        # Without the allergy's words: warnings are shown in lists and exports, where the
        # student's health data is not (the single nomination shows it to who may see it).
        warnings.append({"code": PETS_AND_ALLERGY, "pets": accommodation.pets})
    needs = dietary_needs(nomination)
    unserved = sorted(need for need in needs if need not in accommodation.dietary_options)
    if unserved:
        warnings.append({"code": DIETS_NOT_SERVED, "diets": unserved})
    host_languages = set(accommodation.languages)
    if host_languages and not host_languages & student_languages(nomination):
        warnings.append({"code": NO_COMMON_LANGUAGE, "languages": sorted(host_languages)})
    return warnings


def animal_allergy(nomination: Nomination) -> bool:
    """Animals in the allergies field, or in medical notes that speak of an allergy."""
    notes = nomination.medical_notes
    return bool(
        PET_WORDS.search(nomination.allergies)
        or ("allerg" in notes.lower() and PET_WORDS.search(notes))
    )


def dietary_needs(nomination: Nomination) -> set[str]:
    """The diets a student's dietary notes and allergies call for."""
    text = f"{nomination.dietary_requirements}\n{nomination.allergies}".lower()
    needs = set()
    for diet, pattern in DIET_PATTERNS.items():
        if any(not _negated(text, match) for match in pattern.finditer(text)):
            needs.add(diet)
    for diet, pattern in FOOD_PATTERNS.items():
        if any(not _denied_allergy(text, match) for match in pattern.finditer(text)):
            needs.add(diet)
    return needs


def _negated(text: str, match: re.Match) -> bool:
    return bool(NEGATED.search(text[: match.start()]))


def _denied_allergy(text: str, match: re.Match) -> bool:
    """“No nut allergy”, “keine Laktoseintoleranz”: the food is named only to deny a problem."""
    words_after = re.match(r"[\s-]*(\w*)", text[match.end() :]).group(1)
    return _negated(text, match) and bool(ALLERGY.match(words_after) or ALLERGY.search(match[0]))


# --- the warnings read ---------------------------------------------------------------------


def warning_text(warning: dict | str) -> str:
    """One stored warning in the active language. A text is a warning stored as a sentence
    before December 2026 that the migration could not read back into its code: shown as it was."""
    if isinstance(warning, str):
        return warning
    code = warning.get("code")
    if code == PETS_AND_ALLERGY:
        return _("Pets (%(pets)s) in the home, and the student has an animal allergy.") % {
            "pets": warning["pets"]
        }
    if code == DIETS_NOT_SERVED:
        labels = dict(DietaryOption.choices)
        diets = ", ".join(str(labels.get(diet, diet)) for diet in warning["diets"])
        return _("The host does not cook %(diets)s.") % {"diets": diets}
    if code == NO_COMMON_LANGUAGE:
        return _("No common language (the host speaks %(languages)s).") % {
            "languages": ", ".join(warning["languages"])
        }
    if code == NIGHTS_WITHOUT_BED:
        stretches = [
            (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
            for start, end in warning["nights"]
        ]
        count = sum((end - start).days for start, end in stretches)
        return ngettext(
            "The stay does not cover the arrival and departure: no bed for %(count)s night "
            "(%(nights)s).",
            "The stay does not cover the arrival and departure: no bed for %(count)s nights "
            "(%(nights)s).",
            count,
        ) % {"count": count, "nights": describe_nights(stretches)}
    raise ValueError(f"Unknown housing warning {warning!r}")


def warning_texts(warnings: Iterable[dict | str]) -> list[str]:
    return [warning_text(warning) for warning in warnings]
