"""A bed's warnings are stored as codes and parameters, read in the reader's language (they were
stored as sentences in the portal's default language, earlier in the language of whoever's
request made them). A sentence this migration cannot read back stays as it is, and is shown as
it was stored."""

import datetime as dt
import re

from django.db import migrations

# The diets as their labels were written, in English and German.
DIET_LABELS = {
    "vegetarian": "vegetarian", "vegetarisch": "vegetarian",
    "vegan": "vegan",
    "halal": "halal",
    "kosher": "kosher", "koscher": "kosher",
    "gluten-free": "gluten_free", "glutenfrei": "gluten_free",
    "lactose-free": "lactose_free", "laktosefrei": "lactose_free",
    "nut-free": "nut_free", "nussfrei": "nut_free",
}  # fmt: skip
PETS = [
    re.compile(r"Pets \((?P<pets>.*)\) in the home, and the student has an animal allergy\."),
    re.compile(
        r"Haustiere \((?P<pets>.*)\) im Haus, und die Schülerin oder der Schüler hat eine "
        r"Tierallergie\."
    ),
    # The first wording quoted the student's allergies: they are not kept.
    re.compile(r"Pets \((?P<pets>.*?)\) and the student's allergies: .*", re.DOTALL),
]
DIETS = [
    re.compile(r"The host does not cook (?P<diets>.+)\."),
    re.compile(r"Die Gastgeber kochen nicht (?P<diets>.+)\."),
]
LANGUAGES = [
    re.compile(r"No common language \(the host speaks (?P<languages>.+)\)\."),
    re.compile(r"Keine gemeinsame Sprache \(die Gastgeber sprechen (?P<languages>.+)\)\."),
]
NIGHTS = [
    re.compile(
        r"The stay does not cover the arrival and departure: no bed for \d+ nights? "
        r"\((?P<nights>.+)\)\."
    ),
    re.compile(
        r"Die Unterbringung deckt Anreise und Abreise nicht ab: kein Bett für \d+ "
        r"N(?:acht|ächte) \((?P<nights>.+)\)\."
    ),
]


def _match(patterns, text):
    for pattern in patterns:
        match = pattern.fullmatch(text)
        if match:
            return match
    return None


def _stretches(described: str) -> list[list[str]]:
    """“2027-07-16, 2027-08-10 – 2027-08-12” (first and last nights) → check-in, check-out."""
    stretches = []
    for part in described.split(", "):
        first, _, last = part.partition(" – ")
        check_out = dt.date.fromisoformat(last or first) + dt.timedelta(days=1)
        stretches.append([dt.date.fromisoformat(first).isoformat(), check_out.isoformat()])
    return stretches


def as_code(warning):
    """One stored warning as its code and parameters; a sentence it cannot read, unchanged."""
    if not isinstance(warning, str):
        return warning
    text = warning.strip()
    if match := _match(PETS, text):
        return {"code": "pets_and_allergy", "pets": match["pets"]}
    if match := _match(DIETS, text):
        labels = match["diets"].split(", ")
        if all(label in DIET_LABELS for label in labels):
            return {"code": "diets_not_served", "diets": sorted(DIET_LABELS[label] for label in labels)}
    if match := _match(LANGUAGES, text):
        return {"code": "no_common_language", "languages": match["languages"].split(", ")}
    if match := _match(NIGHTS, text):
        try:
            return {"code": "nights_without_bed", "nights": _stretches(match["nights"])}
        except ValueError:
            pass
    return warning


def to_codes(apps, schema_editor):
    HousingAssignment = apps.get_model("housing", "HousingAssignment")
    changed = []
    for assignment in HousingAssignment.objects.only("pk", "warnings").iterator(chunk_size=2000):
        warnings = [as_code(warning) for warning in assignment.warnings or []]
        if warnings != (assignment.warnings or []):
            assignment.warnings = warnings
            changed.append(assignment)
    HousingAssignment.objects.bulk_update(changed, ["warnings"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0003_every_offered_language"),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
