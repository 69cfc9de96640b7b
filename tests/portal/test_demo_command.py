"""The demo command: running it twice changes nothing, it brings enough institutes, labs and fields,
and every login it prints signs in with its password."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from ish.accounts.models import User
from ish.demo.exchange import APPLICANTS, INBOUND
from ish.demo.season import DEMO_LOGINS
from ish.exchange.models import Application, School
from ish.labs.models import Institute, Lab
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.seasons.models import Quota, ResearchField, Season
from tests.portal.page_reader import DASHBOARD, LOGIN

pytestmark = pytest.mark.django_db


def _demo_counts() -> dict[str, int]:
    return {
        "seasons": Season.objects.count(),
        "quotas": Quota.objects.count(),
        "institutes": Institute.objects.count(),
        "labs": Lab.objects.count(),
        "users": User.objects.count(),
        "schools": School.objects.count(),
        "nysf applications": Application.objects.count(),
        "inbound nysf nominations": Nomination.objects.filter(city__slug="nysf").count(),
        "e-mails": OutboundEmail.objects.count(),
    }


def _demo_nysf_states() -> dict[str, list[tuple]]:
    return {
        "applications": list(
            Application.objects.order_by("email").values_list(
                "email", "status", "score", "nominator_confirmed_at", "flights_done_on"
            )
        ),
        "inbound": list(
            Nomination.objects.filter(city__slug="nysf")
            .order_by("email")
            .values_list("email", "status")
        ),
    }


def test_the_demo_command_is_idempotent():
    call_command("demo", stdout=io.StringIO())
    first = _demo_counts()
    nysf = _demo_nysf_states()
    Quota.objects.filter(city__slug="kumamoto").update(places=9)

    call_command("demo", stdout=io.StringIO())

    assert first["nysf applications"] == len(APPLICANTS)
    assert first["inbound nysf nominations"] == len(INBOUND)
    assert {status for _email, status, *_rest in nysf["applications"]} == {
        "submitted", "shortlisted", "selected", "reserve", "rejected", "confirmed", "withdrawn"
    }  # fmt: skip
    assert _demo_counts() == first
    assert _demo_nysf_states() == nysf
    assert Quota.objects.get(city__slug="kumamoto").places == 2


def test_the_demo_has_enough_institutes_labs_and_fields():
    call_command("demo", stdout=io.StringIO())

    assert Institute.objects.count() >= 6
    assert Lab.objects.count() >= 15
    assert not Lab.objects.filter(fields=None).exists()
    covered = ResearchField.objects.filter(labs__isnull=False).distinct()
    assert covered.count() >= 6


def test_the_demo_command_prints_every_login_and_each_works_with_its_password():
    output = io.StringIO()
    call_command("demo", stdout=output)
    printed = dict(re.findall(r"^\s+(\S+)\s+password (\S+)", output.getvalue(), re.MULTILINE))

    assert set(printed) == {login.username for login in DEMO_LOGINS}
    for username, password in printed.items():
        client = Client()
        response = client.post(LOGIN, {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get(DASHBOARD).status_code == 200, username
