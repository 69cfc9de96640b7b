"""The matching's explanations are stored as codes and the fields' stored names, read in the
reader's language (they were sentences in the portal's default language, English). A sentence
this migration cannot read back stays as it is, and is shown as it was stored."""

import json
import re

from django.db import migrations

_NEXT = r"(?=$| No lab covers interest \d| Interest \d| The labs for interest \d)"
MATCHED = re.compile(rf"Matched on the student's research interest (\d+): (.+?)\.{_NEXT}")
PASSED_OVER = [
    ("no_lab", re.compile(rf" No lab covers interest (\d+) \((.+?)\)\.{_NEXT}")),
    (
        "declined_by_all",
        re.compile(
            rf" Interest (\d+) \((.+?)\): every lab for it had declined the student\.{_NEXT}"
        ),
    ),
    (
        "full_or_declined",
        re.compile(
            rf" The labs for interest (\d+) \((.+?)\) were full or had declined the student\."
            rf"{_NEXT}"
        ),
    ),
    ("full", re.compile(rf" The labs for interest (\d+) \((.+?)\) were full\.{_NEXT}")),
]


def as_codes(sentence: str) -> str:
    """An explanation as ish.placements.explanations stores it; a text it cannot read, as is."""
    match = MATCHED.match(sentence)
    if not match:
        return sentence
    matched, passed_over, position = [int(match[1]), match[2]], [], match.end()
    while position < len(sentence):
        for why, pattern in PASSED_OVER:
            match = pattern.match(sentence, position)
            if match:
                passed_over.append([why, int(match[1]), match[2]])
                position = match.end()
                break
        else:
            return sentence
    return json.dumps(
        {"matched": matched, "passed_over": passed_over},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def to_codes(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    PlacementChange = apps.get_model("placements", "PlacementChange")
    placements = []
    for placement in Placement.objects.exclude(explanation="").only("pk", "explanation"):
        coded = as_codes(placement.explanation)
        if coded != placement.explanation:
            placement.explanation = coded
            placements.append(placement)
    Placement.objects.bulk_update(placements, ["explanation"], batch_size=1000)
    changes = []
    for change in PlacementChange.objects.filter(action="match", reason="").exclude(comment=""):
        coded = as_codes(change.comment)
        if coded != change.comment:
            change.comment, change.reason = coded, "explained"
            changes.append(change)
    PlacementChange.objects.bulk_update(changes, ["comment", "reason"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_history_in_codes"),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
