"""The database reads a moment's local date as Python does: around midnight, across the changes
to and from summer time, outside the spans worked out in advance, and for no moment at all."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from ish.housing.local_dates import MARGIN, LocalDate, offset_spans
from ish.nominations.models import Nomination

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MOMENTS = [
    dt.datetime(2027, 7, 15, 21, 59, 59, tzinfo=UTC),  # 23:59:59 in Heidelberg
    dt.datetime(2027, 7, 15, 22, 0, tzinfo=UTC),  # midnight in Heidelberg: the next day
    dt.datetime(2027, 7, 15, 22, 0, 0, 500, tzinfo=UTC),
    dt.datetime(2027, 3, 27, 23, 30, tzinfo=UTC),  # the night summer time begins
    dt.datetime(2027, 3, 28, 0, 59, tzinfo=UTC),
    dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
    dt.datetime(2027, 3, 28, 22, 30, tzinfo=UTC),
    dt.datetime(2027, 10, 30, 22, 30, tzinfo=UTC),  # the night summer time ends
    dt.datetime(2027, 10, 31, 0, 59, tzinfo=UTC),
    dt.datetime(2027, 10, 31, 1, 0, tzinfo=UTC),
    dt.datetime(2027, 10, 31, 23, 0, tzinfo=UTC),
    dt.datetime(2020, 1, 1, 23, 30, tzinfo=UTC),  # far outside the spans
    None,
]


def test_the_local_date_in_sql_is_the_local_date_in_python(student):
    around = (dt.date(2027, 7, 17), dt.date(2027, 8, 14))
    assert around[0] - MARGIN < dt.date(2027, 3, 28)  # the spans reach both changes
    students = [student(arrival_at=moment) for moment in MOMENTS]

    read = dict(
        Nomination.objects.filter(pk__in=[s.pk for s in students])
        .annotate(day=LocalDate(F("arrival_at"), around))
        .values_list("pk", "day")
    )

    for nomination, moment in zip(students, MOMENTS, strict=True):
        expected = timezone.localdate(moment) if moment else None
        assert read[nomination.pk] == expected, moment


def test_the_spans_change_where_summer_time_begins_and_ends():
    spans = offset_spans(
        timezone.get_current_timezone(), dt.date(2027, 3, 1), dt.date(2027, 11, 30)
    )

    assert [(start, offset) for start, _end, offset in spans] == [
        (dt.datetime(2027, 2, 28), 3600),
        (dt.datetime(2027, 3, 28, 1, 0), 7200),
        (dt.datetime(2027, 10, 31, 1, 0), 3600),
    ]
    assert spans[-1][1] == dt.datetime(2027, 12, 1)
