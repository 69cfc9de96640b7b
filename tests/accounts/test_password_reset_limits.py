"""Password resets are limited per client address and per e-mail address asked for, so nobody
can flood an inbox, and a refusal tells nothing about whether the account exists."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import OrganiserFactory
from tests.portal.page_reader import page

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
TOO_MANY = "Too many password resets were asked for from your network or for this address."


def _reset(email: str, address: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=address).post(RESET, {"email": email})


def test_ten_resets_for_one_account_send_three_mails(settings, organiser):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 3

    answers = [_reset(organiser.email, address=f"192.0.2.{n + 1}") for n in range(10)]

    assert len(mail.outbox) == 3
    assert [answer.status_code for answer in answers] == [302] * 3 + [429] * 7
    assert TOO_MANY in page(answers[-1]).text()


def test_the_account_limit_counts_the_address_whatever_its_case(settings, organiser):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 1

    first = _reset(organiser.email, address="192.0.2.1")
    shouted = _reset(organiser.email.upper(), address="192.0.2.2")

    assert (first.status_code, shouted.status_code) == (302, 429)
    assert len(mail.outbox) == 1


def test_one_address_may_ask_for_a_few_resets_an_hour(settings, clock):
    settings.PASSWORD_RESETS_PER_ADDRESS = 5
    people = [OrganiserFactory(username=f"person{n}") for n in range(7)]

    answers = [_reset(person.email, address="192.0.2.9") for person in people]
    elsewhere = _reset(people[6].email, address="192.0.2.10")

    assert [answer.status_code for answer in answers] == [302] * 5 + [429] * 2
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 6


def test_the_limits_start_again_the_next_hour(settings, organiser, clock):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 1
    _reset(organiser.email)
    assert _reset(organiser.email).status_code == 429

    clock.shift(3600)

    assert _reset(organiser.email).status_code == 302
    assert len(mail.outbox) == 2


def test_a_refusal_looks_the_same_for_an_address_without_an_account(settings, organiser):
    settings.PASSWORD_RESETS_PER_ACCOUNT = 1
    for email in (organiser.email, "nobody@example.org"):
        _reset(email, address="192.0.2.1")

    known = _reset(organiser.email, address="192.0.2.2")
    unknown = _reset("nobody@example.org", address="192.0.2.3")

    assert known.status_code == unknown.status_code == 429
    assert page(known).text().replace(organiser.email, "X") == page(unknown).text().replace(
        "nobody@example.org", "X"
    )
