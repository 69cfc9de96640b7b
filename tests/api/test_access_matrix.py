"""Every endpoint and every role → the status API.md implies, and only the rows the role may see."""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse
from rest_framework.test import APIClient

from ish.accounts.models import User
from ish.labs.models import Institute, Lab
from ish.seasons.models import City, Quota, ResearchField, Season
from tests.conftest import ROLES
from tests.factories import (
    PASSWORD,
    CityFactory,
    InstituteFactory,
    LabFactory,
    QuotaFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(season, quota, organiser, coordinator, lab_host):
    """Kumamoto's quota (the coordinator's city), Hangzhou's quota, and the lab host's lab."""
    return SimpleNamespace(
        season=season,
        own_quota=quota,
        other_quota=QuotaFactory(season=season, city=City.objects.get(slug="hangzhou")),
        institute=lab_host.lab.institute,
        lab=lab_host.lab,
        organiser=organiser,
        coordinator=coordinator,
        lab_host=lab_host,
    )


@dataclass
class Resource:
    """How to call one viewset: its rows, a row to read or change, a payload to create one."""

    basename: str
    model: type[Model]
    key: str  # how the API names a row: "id" or "slug"
    target: Callable[[SimpleNamespace], Model]
    payload: Callable[[SimpleNamespace], dict]
    created: dict  # what identifies the created row in the database
    change: tuple[str, Any]  # a field a PATCH sets, and its new value
    doomed: Callable[[SimpleNamespace], Model]  # a row nothing refers to, to delete
    visible: Callable[[SimpleNamespace, User], Any]  # the rows a user's list must show
    outside: Callable[[SimpleNamespace], Model] | None = None  # a row out of a coordinator's scope


def _all(model: type[Model]) -> Callable[[SimpleNamespace, User], Any]:
    return lambda world, user: model.objects.all()


RESOURCES = {
    "users": Resource(
        basename="user",
        model=User,
        key="id",
        target=lambda world: world.coordinator,
        payload=lambda world: {
            "username": "new-coordinator",
            "email": "new-coordinator@example.org",
            "password": "a-long-and-unusual-passphrase",
            "role": "coordinator",
            "city": "hangzhou",
        },
        created={"username": "new-coordinator"},
        change=("first_name", "Renamed"),
        doomed=lambda world: world.coordinator,
        visible=_all(User),
    ),
    "cities": Resource(
        basename="city",
        model=City,
        key="slug",
        target=lambda world: City.objects.get(slug="kumamoto"),
        payload=lambda world: {
            "slug": "graz",
            "name": "Graz",
            "country": "AT",
            "kind": "friendship",
        },
        created={"slug": "graz"},
        change=("name", "Kumamoto-shi"),
        doomed=lambda world: CityFactory(slug="doomed-city"),
        visible=_all(City),
    ),
    "fields": Resource(
        basename="field",
        model=ResearchField,
        key="slug",
        target=lambda world: ResearchField.objects.get(slug="physics"),
        payload=lambda world: {"slug": "alchemy", "name": "Alchemy"},
        created={"slug": "alchemy"},
        change=("name", "Natural philosophy"),
        doomed=lambda world: ResearchField.objects.get(slug="physics"),
        visible=_all(ResearchField),
    ),
    "seasons": Resource(
        basename="season",
        model=Season,
        key="id",
        target=lambda world: world.season,
        payload=lambda world: {
            "year": 2031,
            "title": "ISH 2031",
            "starts_on": "2031-07-14",
            "ends_on": "2031-08-10",
            "nomination_deadline": "2031-03-31T23:59:00+02:00",
            "min_age": 16,
            "max_age": 22,
        },
        created={"year": 2031},
        change=("title", "ISH 2027, renamed"),
        doomed=lambda world: SeasonFactory(year=2030),
        visible=_all(Season),
    ),
    "quotas": Resource(
        basename="quota",
        model=Quota,
        key="id",
        target=lambda world: world.own_quota,
        payload=lambda world: {
            "season": world.season.pk,
            "city": "montpellier",
            "places": 2,
            "alternates": 1,
        },
        created={"city__slug": "montpellier"},
        change=("places", 5),
        doomed=lambda world: world.own_quota,
        # Written out here rather than through the selector: this is what the contract promises.
        visible=lambda world, user: (
            Quota.objects.all() if user.is_organiser else Quota.objects.filter(city=user.city)
        ),
        outside=lambda world: world.other_quota,
    ),
    "institutes": Resource(
        basename="institute",
        model=Institute,
        key="id",
        target=lambda world: world.institute,
        payload=lambda world: {
            "name": "Haus der Astronomie",
            "short_name": "HdA",
            "address": "Königstuhl 17, 69117 Heidelberg",
        },
        created={"name": "Haus der Astronomie"},
        change=("short_name", "Renamed"),
        doomed=lambda world: InstituteFactory(),
        visible=_all(Institute),
    ),
    "labs": Resource(
        basename="lab",
        model=Lab,
        key="id",
        target=lambda world: world.lab,
        payload=lambda world: {
            "institute": world.institute.pk,
            "name": "Galaxy evolution",
            "head": "Dr. Sky",
            "fields": ["physics", "astronomy"],
            "capacity": 2,
            "description": "",
        },
        created={"name": "Galaxy evolution"},
        change=("capacity", 3),
        doomed=lambda world: LabFactory(institute=world.institute),
        visible=_all(Lab),
    ),
}

#                                     organiser coordinator lab_host anonymous
READ_ANY = (200, 200, 200, 401)
EXPECTED = {
    ("users", "list"): (200, 403, 403, 401),
    ("users", "retrieve"): (200, 403, 403, 401),
    ("users", "create"): (201, 403, 403, 401),
    ("users", "update"): (200, 403, 403, 401),
    ("users", "delete"): (405, 403, 403, 401),  # accounts are deactivated, never deleted
    ("fields", "list"): READ_ANY,
    ("fields", "retrieve"): READ_ANY,
    ("fields", "create"): (405, 405, 405, 401),
    ("fields", "update"): (405, 405, 405, 401),
    ("fields", "delete"): (405, 405, 405, 401),
    ("quotas", "list"): (200, 200, 403, 401),
    ("quotas", "retrieve"): (200, 200, 403, 401),
    ("quotas", "retrieve-outside-scope"): (200, 404, 403, 401),
    ("quotas", "create"): (201, 403, 403, 401),
    ("quotas", "update"): (200, 403, 403, 401),
    ("quotas", "update-outside-scope"): (200, 403, 403, 401),
    ("quotas", "delete"): (204, 403, 403, 401),
    ("quotas", "delete-outside-scope"): (204, 403, 403, 401),
}
for _name in ["cities", "seasons", "institutes", "labs"]:
    EXPECTED |= {
        (_name, "list"): READ_ANY,
        (_name, "retrieve"): READ_ANY,
        (_name, "create"): (201, 403, 403, 401),
        (_name, "update"): (200, 403, 403, 401),
        (_name, "delete"): (204, 403, 403, 401),
    }

CASES = [
    pytest.param(name, action, role, status, id=f"{name}-{action}-{role}-{status}")
    for (name, action), statuses in EXPECTED.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


def _detail_url(resource: Resource, row: Model) -> str:
    lookup = resource.key if resource.key == "slug" else "pk"
    return reverse(f"{resource.basename}-detail", kwargs={lookup: getattr(row, resource.key)})


@pytest.mark.parametrize(("name", "action", "role", "expected"), CASES)
def test_every_role_gets_the_status_the_contract_implies(
    world, api_as, user_of, name, action, role, expected
):
    resource = RESOURCES[name]
    client = api_as(role)
    verb, _, scope = action.partition("-")
    row = resource.outside(world) if scope else resource.target(world)

    if verb == "list":
        response = client.get(reverse(f"{resource.basename}-list"), {"page_size": 500})
    elif verb == "retrieve":
        response = client.get(_detail_url(resource, row))
    elif verb == "create":
        response = client.post(reverse(f"{resource.basename}-list"), resource.payload(world))
    elif verb == "update":
        field, value = resource.change
        response = client.patch(_detail_url(resource, row), {field: value})
    else:
        row = row if scope else resource.doomed(world)
        response = client.delete(_detail_url(resource, row))

    assert response.status_code == expected, response.content
    if verb == "delete" and expected == 204:
        assert not resource.model.objects.filter(pk=row.pk).exists()
        return
    body = response.json()
    if expected >= 400:
        assert "detail" in body
        _assert_unchanged(resource, verb, row)
    elif verb == "list":
        keys = {item[resource.key] for item in body["results"]}
        visible = resource.visible(world, user_of(role))
        assert body["count"] == len(keys) == visible.count()
        assert keys == {getattr(obj, resource.key) for obj in visible}
    elif verb == "retrieve":
        assert body[resource.key] == getattr(row, resource.key)
    elif verb == "create":
        created = resource.model.objects.get(**resource.created)
        assert body[resource.key] == getattr(created, resource.key)
    elif verb == "update":
        field, value = resource.change
        row.refresh_from_db()
        assert body[field] == value == getattr(row, field)


def _assert_unchanged(resource: Resource, verb: str, row: Model) -> None:
    if verb == "create":
        assert not resource.model.objects.filter(**resource.created).exists()
    elif verb == "update":
        field, value = resource.change
        assert getattr(resource.model.objects.get(pk=row.pk), field) != value
    elif verb == "delete":
        assert resource.model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [*zip(ROLES, [200, 200, 200, 401], strict=True)],
    ids=ROLES,
)
def test_me_answers_every_signed_in_role_with_their_own_account(api_as, user_of, role, expected):
    response = api_as(role).get(reverse("me"))

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["username"] == user_of(role).username
        assert response.json()["role"] == role
    else:
        assert "detail" in response.json()


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_every_role_gets_a_token_for_its_own_credentials(user_of, role):
    user = user_of(role)

    response = APIClient().post(
        reverse("api-token"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    client = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = client.get(reverse("me"))
    assert me.status_code == 200
    assert me.json()["role"] == role


def test_anonymous_without_credentials_gets_no_token(db):
    response = APIClient().post(reverse("api-token"), {})

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


@pytest.mark.parametrize(
    "path", ["/api/v1/me/", "/api/v1/users/", "/api/v1/quotas/", "/api/v1/labs/"]
)
def test_a_wrong_token_is_unauthenticated_not_forbidden(db, path):
    client = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get(path)

    assert response.status_code == 401
    assert "detail" in response.json()


def test_coordinator_sees_only_their_citys_quota_among_many(api_as, season, quota):
    for slug in ["hangzhou", "palo-alto", "montpellier"]:
        QuotaFactory(season=season, city=City.objects.get(slug=slug))
    QuotaFactory(season=SeasonFactory(year=2028), city=quota.city)

    response = api_as("coordinator").get(reverse("quota-list"))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert {row["city"] for row in response.json()["results"]} == {"kumamoto"}


def test_coordinator_cannot_see_other_citys_quota(api_as, season):
    other = QuotaFactory(season=season, city=City.objects.get(slug="rehovot"))

    response = api_as("coordinator").get(reverse("quota-detail", kwargs={"pk": other.pk}))

    assert response.status_code == 404
    assert "rehovot" not in response.content.decode()


def test_coordinator_filtering_by_another_city_gets_an_empty_list(api_as, season, quota):
    QuotaFactory(season=season, city=City.objects.get(slug="rehovot"))

    response = api_as("coordinator").get(reverse("quota-list"), {"city": "rehovot"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_deactivated_organiser_loses_every_right(organiser):
    organiser.is_active = False
    organiser.save()
    client = APIClient()
    client.force_authenticate(organiser)

    assert client.get(reverse("user-list")).status_code == 403
    assert client.post(reverse("institute-list"), {"name": "Sneaky"}).status_code == 403
