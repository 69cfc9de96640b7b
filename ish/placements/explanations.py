"""Why the matching proposed a student's lab: stored with the proposal (and its history row) as
codes and the research fields' stored names, read in the reader's language.

The interest it matched on, then each stronger interest that gave no lab and why. Never the
other labs' names: the lab host of the placement reads it too.
"""

import json

from django.utils.translation import gettext as _

from ish.seasons.names import field_name

# Why a stronger interest gave no lab.
NO_LAB = "no_lab"  # no lab covers the field
DECLINED_BY_ALL = "declined_by_all"  # every lab for it had declined the student
FULL_OR_DECLINED = "full_or_declined"  # full, or had declined the student
FULL = "full"


def encode(matched: tuple[int, str], passed_over: list[tuple[str, int, str]]) -> str:
    """The stored form: `matched` (rank, field name), `passed_over` (why, rank, field name)."""
    return json.dumps(
        {"matched": list(matched), "passed_over": [list(item) for item in passed_over]},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def explanation_text(stored: str) -> str:
    """The explanation in the active language. A text that is not one this module stored (one
    written before December 2026 the migration could not read back, or erased by the retention
    run) is shown as it is."""
    try:
        explanation = json.loads(stored) if stored.startswith("{") else None
    except ValueError:
        explanation = None
    if not isinstance(explanation, dict) or "matched" not in explanation:
        return stored
    rank, field = explanation["matched"]
    sentences = [
        _("Matched on the student's research interest %(rank)s: %(field)s.")
        % {"rank": rank, "field": field_name(field)}
    ]
    for why, rank, field in explanation.get("passed_over", []):
        words = {"rank": rank, "field": field_name(field)}
        if why == NO_LAB:
            sentences.append(_("No lab covers interest %(rank)s (%(field)s).") % words)
        elif why == DECLINED_BY_ALL:
            sentences.append(
                _("Interest %(rank)s (%(field)s): every lab for it had declined the student.")
                % words
            )
        elif why == FULL_OR_DECLINED:
            sentences.append(
                _(
                    "The labs for interest %(rank)s (%(field)s) were full or had declined "
                    "the student."
                )
                % words
            )
        else:
            sentences.append(_("The labs for interest %(rank)s (%(field)s) were full.") % words)
    return " ".join(sentences)
