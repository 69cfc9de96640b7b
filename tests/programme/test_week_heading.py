"""The week's heading names both ends of the week in one form (the season names the year)."""

import datetime as dt
import re

import pytest
from django.test import Client

from tests.factories import SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Week of 12 Jul – 18 Jul"), ("de", "Woche vom 12. Jul bis 18. Jul")],
)
def test_the_week_heading_writes_both_ends_in_one_short_form(language, heading):
    season = SeasonFactory(starts_on=dt.date(2027, 7, 17), ends_on=dt.date(2027, 8, 14))
    client = Client(headers={"accept-language": language})
    client.force_login(UserFactory(role="organiser", language=language))

    page = client.get("/programme/", {"season": season.pk, "week": "2027-07-12"})

    shown = re.search(r'data-testid="week-heading">([^<]*)<', page.content.decode()).group(1)
    assert shown == heading
