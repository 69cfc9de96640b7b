"""Fixtures of the account tests: a clock that stands still until moved, and users with a
confirmed second factor."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.test import RequestFactory

from ish.accounts import second_factor
from ish.accounts.models import User
from tests.accounts.totp import totp

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """Time stands at START until the test moves it (`clock.shift(seconds)`): a TOTP code is
    accepted once per 30-second step, and sessions and tokens expire with time."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@dataclass
class SecondFactor:
    secret: str
    recovery_codes: list[str]

    def code(self) -> str:
        return totp(self.secret)


@pytest.fixture
def with_second_factor(clock):
    """Gives a user a confirmed authenticator app; the clock then moves on a step, so that the
    app shows a code not yet used."""

    def set_up(user: User) -> SecondFactor:
        secret = second_factor.secret_of(second_factor.start_set_up(user))
        codes = second_factor.confirm_set_up(RequestFactory().post("/"), user, totp(secret))
        clock.shift(30)
        return SecondFactor(secret, codes)

    return set_up
