"""What the nominations lists show of each nomination: a draft with what it still lacks to be
submitted, anything else with nothing missing."""

import pytest

from ish.nominations.models import Nomination
from ish.nominations.selectors import nomination_rows, nominations_visible_to, still_missing
from tests.factories import NominationFactory, complete_nomination

pytestmark = pytest.mark.django_db

Status = Nomination.Status


def test_a_draft_row_names_what_it_still_lacks_and_a_submitted_one_nothing(organiser, season):
    NominationFactory(season=season, family_name="Abe", school="", interests=[])
    complete_nomination(season=season, family_name="Baba")
    NominationFactory(season=season, family_name="Chiba", status=Status.SUBMITTED, school="")

    listed = nominations_visible_to(organiser).order_by("family_name")
    rows = {row.nomination.family_name: row.missing for row in nomination_rows(listed)}

    assert rows == {
        "Abe": ("school", "a research interest", "CV", "motivation letter", "transcript"),
        "Baba": (),
        "Chiba": (),
    }


def test_only_a_draft_lacks_anything(organiser, season):
    draft = NominationFactory(season=season, motivation="")
    withdrawn = NominationFactory(season=season, motivation="", status=Status.WITHDRAWN)
    visible = nominations_visible_to(organiser)

    assert still_missing(visible.get(pk=draft.pk)) == (
        "motivation",
        "CV",
        "motivation letter",
        "transcript",
    )
    assert still_missing(visible.get(pk=withdrawn.pk)) == ()
