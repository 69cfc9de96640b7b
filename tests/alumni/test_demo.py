"""The demo season brings a few alumni of the season before it, once however often it loads."""

import datetime as dt

import pytest

from ish.alumni.models import Alumnus, Answer, Survey
from ish.demo.season import load_demo_season


@pytest.mark.django_db
def test_the_demo_has_alumni_of_the_season_before_it_once():
    load_demo_season(dt.date(2026, 12, 1))
    load_demo_season(dt.date(2026, 12, 1))

    alumni = Alumnus.objects.all()
    assert alumni.count() == 3
    assert set(alumni.values_list("season__year", flat=True)) == {2026}
    assert all(alumnus.consented_at and alumnus.consent_wording for alumnus in alumni)
    for alumnus in alumni:
        kept = {name for name in Alumnus.Field.values if getattr(alumnus, name)}
        assert kept == set(alumnus.consent)
    survey = Survey.objects.get()
    assert survey.is_open
    assert survey.questions.count() == 2
    assert Answer.objects.filter(question__survey=survey).count() == 3
