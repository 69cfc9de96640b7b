"""The second factor through the API: setting up an authenticator app, and token sign-in that
asks for its code (or a recovery code) once it is confirmed."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from rest_framework.test import APIClient

from tests.accounts.totp import totp
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
SET_UP_URL = "/api/v1/me/second-factor/"
CONFIRM_URL = "/api/v1/me/second-factor/confirm/"


def _token(username: str, **extra):
    return APIClient().post(TOKEN_URL, {"username": username, "password": PASSWORD, **extra})


def test_setting_up_answers_a_totp_key_and_its_otpauth_url(api_as, clock):
    response = api_as("coordinator").post(SET_UP_URL)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"secret", "otpauth_url"}
    url = urlsplit(body["otpauth_url"])
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    assert unquote(url.path) == "/ISH Manager:coordinator"
    parameters = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert parameters == {
        "secret": body["secret"],
        "algorithm": "SHA1",
        "digits": "6",
        "period": "30",
        "issuer": "ISH Manager",
    }


def test_a_code_of_the_new_key_confirms_it_and_answers_ten_recovery_codes(api_as, clock):
    client = api_as("coordinator")
    secret = client.post(SET_UP_URL).json()["secret"]

    response = client.post(CONFIRM_URL, {"otp": totp(secret)})

    assert response.status_code == 200
    codes = response.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10


@pytest.mark.parametrize("otp", ["000000", "", "not-a-code"])
def test_a_wrong_code_does_not_confirm_the_key_and_names_otp(api_as, clock, otp):
    client = api_as("coordinator")
    secret = client.post(SET_UP_URL).json()["secret"]

    response = client.post(CONFIRM_URL, {"otp": otp if otp != "000000" else _other(secret)})

    assert response.status_code == 400
    assert "otp" in response.json()
    assert _token("coordinator").status_code == 200  # still no code asked for


def _other(secret: str) -> str:
    """A six-digit code that is not the current one."""
    return f"{(int(totp(secret)) + 1) % 1_000_000:06d}"


def test_confirming_without_setting_up_first_names_otp(api_as, clock):
    response = api_as("coordinator").post(CONFIRM_URL, {"otp": "123456"})

    assert response.status_code == 400
    assert "otp" in response.json()


def test_once_confirmed_a_token_needs_the_code_and_without_it_the_answer_names_otp(
    coordinator, with_second_factor
):
    with_second_factor(coordinator)

    response = _token("coordinator")

    assert response.status_code == 400
    assert "otp" in response.json()
    assert "token" not in response.json()


def test_the_current_code_signs_in_and_the_token_works(coordinator, with_second_factor):
    factor = with_second_factor(coordinator)

    response = _token("coordinator", otp=factor.code())

    assert response.status_code == 200
    client = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "coordinator"


def test_a_code_is_accepted_once(coordinator, with_second_factor):
    factor = with_second_factor(coordinator)
    code = factor.code()

    assert _token("coordinator", otp=code).status_code == 200
    again = _token("coordinator", otp=code)

    assert again.status_code == 400
    assert "otp" in again.json()


def test_a_wrong_code_is_refused_naming_otp(coordinator, with_second_factor):
    factor = with_second_factor(coordinator)

    response = _token("coordinator", otp=_other(factor.secret))

    assert response.status_code == 400
    assert "otp" in response.json()


def test_a_wrong_password_with_the_right_code_gets_no_token_and_does_not_mention_otp(
    coordinator, with_second_factor
):
    factor = with_second_factor(coordinator)

    response = APIClient().post(
        TOKEN_URL, {"username": "coordinator", "password": "wrong", "otp": factor.code()}
    )

    assert response.status_code == 400
    assert "otp" not in response.json()


def test_a_recovery_code_signs_in_once(coordinator, with_second_factor, clock):
    factor = with_second_factor(coordinator)
    recovery = factor.recovery_codes[3]

    first = _token("coordinator", otp=recovery.upper())
    second = _token("coordinator", otp=recovery)
    clock.shift(5)  # django-otp makes the next try wait a second after a wrong code
    another = _token("coordinator", otp=factor.recovery_codes[4])

    assert first.status_code == 200
    assert second.status_code == 400
    assert "otp" in second.json()
    assert another.status_code == 200


def test_a_new_authenticator_replaces_the_old_one_only_once_confirmed(
    coordinator, with_second_factor, clock
):
    old = with_second_factor(coordinator)
    client = APIClient()
    client.force_authenticate(coordinator)
    new_secret = client.post(SET_UP_URL).json()["secret"]

    assert _token("coordinator", otp=old.code()).status_code == 200  # the old one still works
    clock.shift(30)
    replaced = client.post(CONFIRM_URL, {"otp": totp(new_secret), "current_otp": old.code()})
    assert replaced.status_code == 200
    clock.shift(30)

    assert _token("coordinator", otp=old.code()).status_code == 400
    assert _token("coordinator", otp=old.recovery_codes[0]).status_code == 400
    clock.shift(30)  # past django-otp's pause after a wrong code
    assert _token("coordinator", otp=totp(new_secret)).status_code == 200


def test_a_session_or_token_alone_cannot_replace_the_second_factor(
    coordinator, with_second_factor, clock
):
    old = with_second_factor(coordinator)
    client = APIClient()
    client.force_authenticate(coordinator)
    new_secret = client.post(SET_UP_URL).json()["secret"]

    missing = client.post(CONFIRM_URL, {"otp": totp(new_secret)})
    wrong = client.post(CONFIRM_URL, {"otp": totp(new_secret), "current_otp": "000000"})

    assert missing.status_code == wrong.status_code == 400
    assert "current authenticator app" in missing.json()["current_otp"][0]
    assert "current_otp" in wrong.json()
    clock.shift(30)
    assert _token("coordinator", otp=old.code()).status_code == 200  # the owner's app still works


def test_a_recovery_code_stands_for_the_current_app_when_replacing_it(
    coordinator, with_second_factor, clock
):
    old = with_second_factor(coordinator)
    client = APIClient()
    client.force_authenticate(coordinator)
    new_secret = client.post(SET_UP_URL).json()["secret"]

    replaced = client.post(
        CONFIRM_URL, {"otp": totp(new_secret), "current_otp": old.recovery_codes[0]}
    )

    assert replaced.status_code == 200
    assert len(replaced.json()["recovery_codes"]) == 10
