"""API tokens: stored as hashes, expiring, listed and revoked by their owner and the office, and
dead once the password changes or the account is deactivated."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
MY_TOKENS = "/api/v1/me/tokens/"
NEW_PASSWORD = "a-brand-new-secret-42"


def _sign_in(username: str, password: str = PASSWORD) -> str:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password})
    assert response.status_code == 200
    return response.json()["token"]


def _as(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


def _works(token: str) -> bool:
    status = _as(token).get("/api/v1/me/").status_code
    assert status in {200, 401}
    return status == 200


def test_only_a_hash_of_the_token_is_stored(coordinator):
    token = _sign_in("coordinator")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert token not in stored
    assert token[:15] in stored  # the listed key: a prefix, not the token


def test_a_token_works_for_a_day_and_then_expires(coordinator, clock):
    token = _sign_in("coordinator")

    clock.shift(23 * 3600)
    assert _works(token)
    clock.shift(2 * 3600)

    response = _as(token).get("/api/v1/me/")
    assert response.status_code == 401
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_the_owner_lists_their_tokens_newest_first_marking_the_one_in_use(coordinator, clock):
    older = _sign_in("coordinator")
    clock.shift(60)
    newer = _sign_in("coordinator")

    response = _as(older).get(MY_TOKENS)

    assert response.status_code == 200
    listed = response.json()
    assert [row["key"] for row in listed] == [newer[:15], older[:15]]
    assert [row["current"] for row in listed] == [False, True]
    assert listed[1]["created"] == "2027-03-01T10:00:00+01:00"
    assert listed[1]["expires"] == "2027-03-02T10:00:00+01:00"


def test_the_owner_revokes_a_token_and_it_stops_working(coordinator):
    kept, revoked = _sign_in("coordinator"), _sign_in("coordinator")

    response = _as(kept).delete(f"{MY_TOKENS}{revoked[:15]}/")

    assert response.status_code == 204
    assert not _works(revoked)
    assert _works(kept)
    assert [row["key"] for row in _as(kept).get(MY_TOKENS).json()] == [kept[:15]]


def test_the_owner_may_revoke_the_token_in_use(coordinator):
    token = _sign_in("coordinator")

    assert _as(token).delete(f"{MY_TOKENS}{token[:15]}/").status_code == 204
    assert not _works(token)


def test_another_users_token_cannot_be_revoked_through_me(coordinator, lab_host):
    mine, theirs = _sign_in("coordinator"), _sign_in("labhost")

    response = _as(mine).delete(f"{MY_TOKENS}{theirs[:15]}/")

    assert response.status_code == 404
    assert _works(theirs)


def test_the_office_lists_and_revokes_a_users_tokens(api_as, coordinator):
    token = _sign_in("coordinator")
    url = f"/api/v1/users/{coordinator.pk}/tokens/"
    office = api_as("organiser")

    listed = office.get(url)
    revoked = office.delete(f"{url}{token[:15]}/")

    assert listed.status_code == 200
    assert [row["key"] for row in listed.json()] == [token[:15]]
    assert listed.json()[0]["current"] is False
    assert revoked.status_code == 204
    assert not _works(token)
    assert office.delete(f"{url}{token[:15]}/").status_code == 404


def test_nobody_but_the_office_sees_another_users_tokens(api_as, coordinator, lab_host):
    token = _sign_in("labhost")
    url = f"/api/v1/users/{lab_host.pk}/tokens/"

    assert api_as("coordinator").get(url).status_code == 403
    assert api_as("coordinator").delete(f"{url}{token[:15]}/").status_code == 403
    assert _works(token)


def test_a_password_changed_by_the_office_ends_every_token(api_as, coordinator):
    tokens = [_sign_in("coordinator"), _sign_in("coordinator")]

    api_as("organiser").patch(f"/api/v1/users/{coordinator.pk}/", {"password": NEW_PASSWORD})

    assert not any(_works(token) for token in tokens)
    assert _works(_sign_in("coordinator", NEW_PASSWORD))


def test_a_password_changed_by_its_owner_on_the_portal_ends_every_token(coordinator):
    token = _sign_in("coordinator")
    client = Client()
    client.force_login(coordinator)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not _works(token)


def test_a_password_reset_through_the_mailed_link_ends_every_token(client, coordinator):
    token = _sign_in("coordinator")
    client.post(reverse("password_reset"), {"email": coordinator.email})
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)

    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert not _works(token)


def test_deactivation_ends_every_token_for_good(api_as, coordinator):
    token = _sign_in("coordinator")
    office = api_as("organiser")

    office.patch(f"/api/v1/users/{coordinator.pk}/", {"is_active": False})
    office.patch(f"/api/v1/users/{coordinator.pk}/", {"is_active": True})

    assert not _works(token)
    assert not AuthToken.objects.filter(user=coordinator).exists()


def test_signing_in_again_with_an_upgraded_password_hash_keeps_the_tokens(settings, coordinator):
    token = _sign_in("coordinator")
    # A hasher added in front: the next sign-in re-hashes the same password, which is no change.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]

    _sign_in("coordinator")

    coordinator.refresh_from_db()
    assert coordinator.password.startswith("pbkdf2_sha1$")
    assert _works(token)
