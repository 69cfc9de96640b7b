"""The local date of a stored moment, computed by the database itself: on SQLite Django's
TruncDate calls a Python function for every row (0.5 s for the partly housed among 10,000
students), so there the date is read with SQLite's own date() over the time zone's spans of a
fixed UTC offset."""

import datetime as dt
import functools

from django.db.models import DateField, Func
from django.db.models.functions import TruncDate
from django.utils import timezone

# Spans are worked out this far around the dates a query is about; moments outside them fall
# back to Django's function (still right, only slower).
MARGIN = dt.timedelta(days=120)
SQLITE_MOMENT = "%Y-%m-%d %H:%M:%S"  # how Django stores an aware datetime on SQLite: in UTC


class LocalDate(Func):
    """The date in the current time zone of the datetime `expression`, for moments around the
    dates `around` (first, last)."""

    output_field = DateField()

    def __init__(self, expression, around: tuple[dt.date, dt.date]):
        super().__init__(expression)
        self.around = around

    def as_sql(self, compiler, connection, **extra_context):
        here = timezone.get_current_timezone()
        return compiler.compile(TruncDate(self.source_expressions[0], tzinfo=here))

    def as_sqlite(self, compiler, connection, **extra_context):
        moment, params = compiler.compile(self.source_expressions[0])
        here = timezone.get_current_timezone()
        first, last = self.around
        whens, values = [], []
        for start, end, offset in offset_spans(here, first - MARGIN, last + MARGIN):
            whens.append(f"WHEN {moment} >= %s AND {moment} < %s THEN date({moment}, %s)")
            values += [
                *params,
                start.strftime(SQLITE_MOMENT),
                *params,
                end.strftime(SQLITE_MOMENT),
                *params,
                f"{offset:+d} seconds",
            ]
        fallback, fallback_params = compiler.compile(
            TruncDate(self.source_expressions[0], tzinfo=here)
        )
        sql = f"CASE WHEN {moment} IS NULL THEN NULL {' '.join(whens)} ELSE {fallback} END"
        return sql, (*params, *values, *fallback_params)


@functools.lru_cache(maxsize=32)
def offset_spans(
    zone: dt.tzinfo, first: dt.date, last: dt.date
) -> tuple[tuple[dt.datetime, dt.datetime, int], ...]:
    """The stretches of time from `first` to `last` (naive UTC, end excluded) over which the
    zone's offset stays the same, each with that offset in seconds; found hour by hour, then
    to the minute (no zone changes its offset off the minute)."""

    def offset(moment: dt.datetime) -> int:
        return int(moment.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset().total_seconds())

    start = dt.datetime.combine(first, dt.time()) - dt.timedelta(days=1)
    end = dt.datetime.combine(last, dt.time()) + dt.timedelta(days=1)
    spans, span_start, current = [], start, offset(start)
    hour = start
    while hour < end:
        following = hour + dt.timedelta(hours=1)
        if offset(following) != current:
            change = hour
            while offset(change) == current:
                change += dt.timedelta(minutes=1)
            spans.append((span_start, change, current))
            span_start, current = change, offset(change)
        hour = following
    spans.append((span_start, end, current))
    return tuple(spans)
