"""What the nomination service tests read back after a call (a nomination's stored status, its
latest history row), and times of day in Heidelberg."""

import datetime as dt

from ish.nominations.models import Nomination
from ish.nominations.selectors import history_of
from tests.factories import BERLIN


def berlin(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def last_history_row(nomination: Nomination):
    return list(history_of(nomination))[-1]


def status_of(nomination: Nomination) -> str:
    nomination.refresh_from_db()
    return nomination.status
