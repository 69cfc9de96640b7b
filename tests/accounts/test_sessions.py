"""Portal sessions end after two idle hours and twelve hours after signing in, whatever
happens in between; both limits come from the environment."""

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.portal.page_reader import DASHBOARD, LOGIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(organiser, season, clock):
    client = Client()
    assert client.post(LOGIN, {"username": "organiser", "password": PASSWORD}).status_code == 302
    return client


def _signed_in(client: Client) -> bool:
    status = client.get(DASHBOARD).status_code
    assert status in {200, 302}
    return status == 200


def test_a_session_idle_for_two_hours_is_signed_out(signed_in, clock):
    clock.shift(119 * 60)
    assert _signed_in(signed_in)

    clock.shift(121 * 60)

    response = signed_in.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_activity_keeps_a_session_alive_for_twelve_hours_but_no_longer(signed_in, clock):
    for _hour in range(11):
        clock.shift(60 * 60)
        assert _signed_in(signed_in)
    clock.shift(59 * 60)
    assert _signed_in(signed_in)

    clock.shift(2 * 60)

    assert not _signed_in(signed_in)


def test_the_limits_come_from_the_settings(settings, signed_in, clock):
    settings.SESSION_IDLE_MINUTES = 5

    clock.shift(6 * 60)

    assert not _signed_in(signed_in)


def test_the_cookie_lasts_no_longer_than_the_absolute_limit(organiser, clock):
    response = Client().post(LOGIN, {"username": "organiser", "password": PASSWORD})

    assert response.cookies["sessionid"]["max-age"] == 12 * 3600
