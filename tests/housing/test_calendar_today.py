"""The calendar marks tonight's column (aria-current="date") when the week shown holds it, and no
column otherwise; tests/e2e/test_calendar_display.py sees it scrolled into view."""

import datetime as dt
import re

import pytest
import time_machine

from tests.factories import AccommodationFactory
from tests.housing.page_reading import CALENDAR

pytestmark = pytest.mark.django_db

# 20 July 2027, noon in Heidelberg: a night of the season's first week (17–23 July).
NOON_OF_20_JULY = dt.datetime(2027, 7, 20, 10, 0, tzinfo=dt.UTC)


def marked(response) -> list[str]:
    """The ids of the calendar's column headers marked as today."""
    return re.findall(
        r'<th[^>]*id="night-([\d-]+)"[^>]*aria-current="date"', response.content.decode()
    )


@pytest.fixture
def calendar(client_as, season):
    """The calendar as the office reads it at the time travelled to (signed in then, as a
    session of today would have expired by the season)."""
    AccommodationFactory(name="Familie Neckarblick")

    def read(**query):
        response = client_as("organiser").get(CALENDAR, {"season": season.pk, **query})
        assert response.status_code == 200
        return response

    return read


def test_the_week_holding_today_opens_with_todays_column_marked(calendar):
    with time_machine.travel(NOON_OF_20_JULY):
        response = calendar()

    assert marked(response) == ["2027-07-20"]
    assert response.content.decode().count('aria-current="date"') == 1


def test_another_week_marks_no_column(calendar):
    with time_machine.travel(NOON_OF_20_JULY):
        response = calendar(week="2027-07-31")

    assert marked(response) == []


def test_a_day_outside_the_season_marks_no_column(calendar):
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)):
        response = calendar()

    assert marked(response) == []
