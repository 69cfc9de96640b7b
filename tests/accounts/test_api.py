"""The account API: token sign-in, `me`, and user accounts managed by organisers."""

import pytest
from rest_framework.test import APIClient

from ish.accounts.models import Role, User
from ish.seasons.models import City
from tests.factories import PASSWORD, CoordinatorFactory, LabFactory, LabHostFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
USERS_URL = "/api/v1/users/"
GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def _token(username: str, password: str = PASSWORD):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password})


def _user_payload(**fields) -> dict:
    return {
        "username": "newbie",
        "email": "newbie@example.org",
        "password": GOOD_PASSWORD,
        "first_name": "New",
        "last_name": "Person",
        "language": "de",
    } | fields


# Token sign-in


def test_good_credentials_get_a_token_that_authenticates(coordinator):
    response = _token("coordinator")

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    client = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "coordinator"


def test_each_sign_in_gets_a_token_of_its_own_and_both_authenticate(coordinator):
    # Tokens are stored as hashes only: a second sign-in cannot be handed the first one again.
    first, second = (_token("coordinator").json()["token"] for _ in range(2))

    assert first != second
    for token in (first, second):
        client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/v1/me/").json()["username"] == "coordinator"


@pytest.mark.parametrize(
    ("username", "password"),
    [("coordinator", "wrong-password"), ("nobody", PASSWORD), ("coordinator", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_bad_credentials_get_400_and_no_token(coordinator, username, password):
    response = _token(username, password)

    assert response.status_code == 400
    assert "token" not in response.json()


def test_an_inactive_user_gets_no_token(coordinator):
    coordinator.is_active = False
    coordinator.save()

    response = _token("coordinator")

    assert response.status_code == 400
    assert "token" not in response.json()


def test_the_token_endpoint_only_accepts_post(db):
    assert APIClient().get(TOKEN_URL).status_code == 405


# /api/v1/me/


def test_me_for_an_organiser_has_no_city_and_no_lab(api_as):
    response = api_as("organiser").get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ["username", "email", "role", "city", "lab"]} == {
        "username": "organiser",
        "email": "organiser@example.org",
        "role": "organiser",
        "city": None,
        "lab": None,
    }


def test_me_for_a_coordinator_names_their_city_by_slug(api_as):
    body = api_as("coordinator").get("/api/v1/me/").json()

    assert body["role"] == "coordinator"
    assert body["city"] == "kumamoto"
    assert body["lab"] is None


def test_me_for_a_lab_host_names_their_lab_by_id(api_as, lab_host):
    body = api_as("lab_host").get("/api/v1/me/").json()

    assert body["role"] == "lab_host"
    assert body["lab"] == lab_host.lab.pk
    assert body["city"] is None


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LAB_HOST, Role.ORGANISER])
def test_a_superuser_reports_organiser_whatever_role_they_were_given(role):
    factory = {Role.COORDINATOR: CoordinatorFactory, Role.LAB_HOST: LabHostFactory}
    user = factory.get(role, UserFactory)(username="boss", is_superuser=True, role=role)
    client = APIClient()
    client.force_authenticate(user)

    assert client.get("/api/v1/me/").json()["role"] == "organiser"
    assert client.get(USERS_URL).status_code == 200


def test_me_is_read_only(api_as):
    assert api_as("coordinator").patch("/api/v1/me/", {"city": "hangzhou"}).status_code == 405


# Creating users


def test_organiser_creates_a_coordinator_for_a_city(api_as):
    response = api_as("organiser").post(
        USERS_URL, _user_payload(role="coordinator", city="hangzhou")
    )

    assert response.status_code == 201
    assert response.json()["role"] == "coordinator"
    assert response.json()["city"] == "hangzhou"
    user = User.objects.get(username="newbie")
    assert user.city.slug == "hangzhou"
    assert user.language == "de"
    assert user.check_password(GOOD_PASSWORD)
    assert _token("newbie", GOOD_PASSWORD).status_code == 200


def test_organiser_creates_a_lab_host_for_a_lab(api_as):
    lab = LabFactory()

    response = api_as("organiser").post(USERS_URL, _user_payload(role="lab_host", lab=lab.pk))

    assert response.status_code == 201
    assert response.json()["lab"] == lab.pk
    assert User.objects.get(username="newbie").lab == lab


def test_organiser_creates_another_organiser(api_as):
    response = api_as("organiser").post(USERS_URL, _user_payload(role="organiser"))

    assert response.status_code == 201
    assert User.objects.get(username="newbie").is_organiser


def test_the_password_is_never_returned(api_as, coordinator):
    client = api_as("organiser")

    created = client.post(USERS_URL, _user_payload(role="organiser"))
    listed = client.get(USERS_URL)
    retrieved = client.get(f"{USERS_URL}{coordinator.pk}/")
    updated = client.patch(f"{USERS_URL}{coordinator.pk}/", {"password": GOOD_PASSWORD})

    for response in (created, listed, retrieved, updated):
        assert response.status_code in {200, 201}
        assert "password" not in response.content.decode()
        assert GOOD_PASSWORD not in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"role": "coordinator"}, "city"),
        ({"role": "coordinator", "city": None}, "city"),
        ({"role": "lab_host"}, "lab"),
        ({"role": "organiser", "city": "kumamoto"}, "city"),
        ({"role": "coordinator", "city": "atlantis"}, "city"),
        ({"role": "lab_host", "lab": 987654}, "lab"),
        ({"role": "wizard"}, "role"),
        ({"role": "organiser", "password": "short"}, "password"),
        ({"role": "organiser", "password": "password"}, "password"),
        ({"role": "organiser", "password": "12345678901234"}, "password"),
        ({"role": "organiser", "password": "newbie12"}, "password"),
        ({"role": "organiser", "password": ""}, "password"),
        ({"role": "organiser", "email": ""}, "email"),
        ({"role": "organiser", "email": "not-an-address"}, "email"),
        ({"role": "organiser", "language": "xx"}, "language"),
    ],
    ids=[
        "coordinator-without-city",
        "coordinator-with-null-city",
        "lab-host-without-lab",
        "organiser-with-city",
        "unknown-city-slug",
        "unknown-lab",
        "unknown-role",
        "short-password",
        "common-password",
        "numeric-password",
        "password-like-username",
        "empty-password",
        "empty-email",
        "malformed-email",
        "unknown-language",
    ],
)
def test_an_invalid_user_gets_400_naming_the_field(api_as, fields, error_field):
    response = api_as("organiser").post(USERS_URL, _user_payload(**fields))

    assert response.status_code == 400
    assert error_field in response.json()
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_a_user_may_be_given_any_offered_language_and_change_it(api_as, coordinator, language):
    client = api_as("organiser")

    created = client.post(USERS_URL, _user_payload(role="organiser", language=language))
    changed = client.patch(f"{USERS_URL}{coordinator.pk}/", {"language": language})

    assert created.status_code == 201, created.content
    assert created.json()["language"] == language
    assert User.objects.get(username="newbie").language == language
    assert changed.status_code == 200, changed.content
    coordinator.refresh_from_db()
    assert coordinator.language == language


def test_a_language_not_offered_is_refused_naming_the_field(api_as):
    response = api_as("organiser").post(USERS_URL, _user_payload(role="organiser", language="xx"))

    assert response.status_code == 400
    assert response.json() == {"language": ['"xx" is not a valid choice.']}


@pytest.mark.parametrize(
    "fields", [{"role": "organiser"}, {"role": "coordinator", "city": "kumamoto"}]
)
def test_only_a_lab_host_may_be_given_a_lab(api_as, lab_host, fields):
    response = api_as("organiser").post(USERS_URL, _user_payload(lab=lab_host.lab.pk, **fields))

    assert response.status_code == 400
    assert "lab" in response.json()
    assert not User.objects.filter(username="newbie").exists()


def test_a_lab_host_given_a_city_gets_400_naming_city(api_as, lab_host):
    payload = _user_payload(role="lab_host", lab=lab_host.lab.pk, city="kumamoto")

    response = api_as("organiser").post(USERS_URL, payload)

    assert response.status_code == 400
    assert "city" in response.json()


def test_a_duplicate_username_gets_400_naming_username(api_as, coordinator):
    response = api_as("organiser").post(USERS_URL, _user_payload(username="coordinator"))

    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.filter(username="coordinator").count() == 1


@pytest.mark.parametrize("missing", ["username", "email", "password", "role"])
def test_a_user_without_a_required_field_gets_400_naming_it(api_as, missing):
    payload = _user_payload(role="organiser")
    del payload[missing]

    response = api_as("organiser").post(USERS_URL, payload)

    assert response.status_code == 400
    assert missing in response.json()


# Updating and deactivating users


def test_organiser_moves_a_coordinator_to_another_city(api_as, coordinator):
    response = api_as("organiser").patch(f"{USERS_URL}{coordinator.pk}/", {"city": "bautzen"})

    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.city.slug == "bautzen"


def test_turning_a_coordinator_into_a_lab_host_needs_the_city_removed(api_as, coordinator):
    lab = LabFactory()
    url = f"{USERS_URL}{coordinator.pk}/"
    client = api_as("organiser")

    kept_city = client.patch(url, {"role": "lab_host", "lab": lab.pk})
    cleared_city = client.patch(url, {"role": "lab_host", "lab": lab.pk, "city": None})

    assert kept_city.status_code == 400
    assert "city" in kept_city.json()
    assert cleared_city.status_code == 200
    coordinator.refresh_from_db()
    assert (coordinator.role, coordinator.lab, coordinator.city) == ("lab_host", lab, None)


def test_updating_without_a_password_keeps_the_old_one(api_as, coordinator):
    response = api_as("organiser").patch(f"{USERS_URL}{coordinator.pk}/", {"first_name": "Aiko"})

    assert response.status_code == 200
    assert _token("coordinator").status_code == 200


def test_organiser_sets_a_new_password(api_as, coordinator):
    url = f"{USERS_URL}{coordinator.pk}/"

    response = api_as("organiser").patch(url, {"password": GOOD_PASSWORD})

    assert response.status_code == 200
    assert _token("coordinator").status_code == 400
    assert _token("coordinator", GOOD_PASSWORD).status_code == 200


def test_a_weak_new_password_gets_400_and_the_old_one_stays(api_as, coordinator):
    response = api_as("organiser").patch(f"{USERS_URL}{coordinator.pk}/", {"password": "abc"})

    assert response.status_code == 400
    assert "password" in response.json()
    assert _token("coordinator").status_code == 200


def test_a_deactivated_user_can_no_longer_sign_in(api_as, coordinator):
    old_token = _token("coordinator").json()["token"]

    response = api_as("organiser").patch(f"{USERS_URL}{coordinator.pk}/", {"is_active": False})

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert _token("coordinator").status_code == 400
    stale = APIClient(HTTP_AUTHORIZATION=f"Token {old_token}")
    assert stale.get("/api/v1/me/").status_code == 401


def test_a_reactivated_user_can_sign_in_again(api_as, coordinator):
    coordinator.is_active = False
    coordinator.save()

    response = api_as("organiser").patch(f"{USERS_URL}{coordinator.pk}/", {"is_active": True})

    assert response.status_code == 200
    assert _token("coordinator").status_code == 200


def test_users_cannot_be_deleted_only_deactivated(api_as, coordinator):
    response = api_as("organiser").delete(f"{USERS_URL}{coordinator.pk}/")

    assert response.status_code == 405
    assert User.objects.filter(pk=coordinator.pk).exists()


# Listing, filtering and searching


@pytest.fixture
def people(organiser, coordinator, lab_host):
    """Two more coordinators (Hangzhou, Kumamoto), one deactivated, beside the fixture users."""
    return {
        "hangzhou": CoordinatorFactory(
            username="mei", first_name="Mei", city=City.objects.get(slug="hangzhou")
        ),
        "second_kumamoto": CoordinatorFactory(username="haruto", email="haruto@kumamoto.jp"),
        "inactive": UserFactory(username="retired", is_active=False),
    }


def _usernames(response) -> list[str]:
    assert response.status_code == 200
    return [row["username"] for row in response.json()["results"]]


def test_organiser_lists_users_by_username(api_as, people):
    names = _usernames(api_as("organiser").get(USERS_URL))

    assert names == sorted(User.objects.values_list("username", flat=True))
    assert len(names) == 6


def test_organiser_filters_users_by_role(api_as, people):
    response = api_as("organiser").get(USERS_URL, {"role": "coordinator"})

    assert sorted(_usernames(response)) == ["coordinator", "haruto", "mei"]


def test_organiser_filters_users_by_city_slug(api_as, people):
    response = api_as("organiser").get(USERS_URL, {"city": "kumamoto"})

    assert sorted(_usernames(response)) == ["coordinator", "haruto"]


def test_organiser_filters_users_by_lab(api_as, people, lab_host):
    response = api_as("organiser").get(USERS_URL, {"lab": lab_host.lab.pk})

    assert _usernames(response) == ["labhost"]


def test_organiser_filters_users_by_active_flag(api_as, people):
    response = api_as("organiser").get(USERS_URL, {"is_active": "false"})

    assert _usernames(response) == ["retired"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("mei", ["mei"]), ("kumamoto.jp", ["haruto"]), ("RETIRED", ["retired"])],
    ids=["first-name", "email", "case-insensitive-username"],
)
def test_organiser_searches_users(api_as, people, term, expected):
    assert _usernames(api_as("organiser").get(USERS_URL, {"search": term})) == expected


def test_an_unknown_role_filter_gets_400(api_as, people):
    response = api_as("organiser").get(USERS_URL, {"role": "wizard"})

    assert response.status_code == 400
    assert "role" in response.json()
