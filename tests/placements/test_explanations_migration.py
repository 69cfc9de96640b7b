"""The matching's explanations stored as English sentences are read back into codes, so that
each reader reads them in their own language; a sentence that cannot be read stays as it was."""

import importlib

import pytest
from django.utils import translation

from ish.placements.explanations import explanation_text

explanations_as_codes = importlib.import_module(
    "ish.placements.migrations.0004_explanations_as_codes"
)

STORED = [
    "Matched on the student's research interest 1: Biology.",
    "Matched on the student's research interest 2: Chemistry. No lab covers interest 1 "
    "(Mathematics).",
    "Matched on the student's research interest 3: Chemistry. The labs for interest 1 (Physics) "
    "were full. Interest 2 (Biology): every lab for it had declined the student.",
    "Matched on the student's research interest 2: Earth sciences. The labs for interest 1 "
    "(Computer science) were full or had declined the student.",
    "Matched on the student's research interest 1: Dr. Who studies.",  # a field named with a dot
]


@pytest.mark.parametrize("sentence", STORED)
def test_a_stored_explanation_reads_back_the_same_in_english(sentence):
    coded = explanations_as_codes.as_codes(sentence)

    assert coded.startswith("{")
    with translation.override("en"):
        assert explanation_text(coded) == sentence


def test_a_read_back_explanation_reads_in_german():
    coded = explanations_as_codes.as_codes(STORED[1])

    with translation.override("de"):
        assert explanation_text(coded) == (
            "Zugeordnet nach Forschungsinteresse 2: Chemie. "
            "Kein Labor deckt Interesse 1 (Mathematik) ab."
        )


@pytest.mark.parametrize(
    "sentence",
    ["Proposed because the lab asked for her.", "[erased]", "Matched on a whim."],
)
def test_a_text_that_is_no_explanation_stays_as_it_was(sentence):
    assert explanations_as_codes.as_codes(sentence) == sentence
    assert explanation_text(sentence) == sentence
