"""/api/v1/alumni/: organisers only; a detail not agreed to is null; filters season, city, lab."""

import pytest

from tests.alumni.conftest import alumnus
from tests.factories import CityFactory, LabFactory, SeasonFactory

URL = "/api/v1/alumni/"


@pytest.fixture
def alumni(db):
    lab = LabFactory()
    return {
        "ada": alumnus(
            SeasonFactory(year=2026),
            consent=("name", "city", "lab"),
            name="Ada Lovelace",
            city=CityFactory(slug="kumamoto"),
            lab=lab,
        ),
        "bo": alumnus(SeasonFactory(year=2025), consent=("email",), email="bo@example.org"),
    }


def test_the_office_gets_each_alumnus_with_null_for_what_was_not_agreed_to(alumni, api_as):
    response = api_as("organiser").get(URL, {"ordering": "season__year"})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    bo, ada = response.json()["results"]
    assert bo == {
        "id": alumni["bo"].pk,
        "name": None,
        "city": None,
        "season": alumni["bo"].season_id,
        "lab": None,
        "email": "bo@example.org",
        "later_studies": None,
        "consented_at": bo["consented_at"],
        "consent": ["email"],
        "consent_version": "test",
        "unsubscribed_at": None,
    }
    assert bo["consented_at"]
    assert (ada["name"], ada["city"], ada["lab"], ada["email"]) == (
        "Ada Lovelace",
        "kumamoto",
        alumni["ada"].lab_id,
        None,
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [("season", ["ada"]), ("city", ["ada"]), ("lab", ["ada"]), ("none", ["ada", "bo"])],
)
def test_the_list_filters_by_season_city_and_lab(alumni, api_as, filters, expected):
    ada = alumni["ada"]
    query = {
        "season": {"season": ada.season_id},
        "city": {"city": "kumamoto"},
        "lab": {"lab": ada.lab_id},
        "none": {},
    }[filters]

    response = api_as("organiser").get(URL, query)

    ids = sorted(row["id"] for row in response.json()["results"])
    assert ids == sorted(alumni[name].pk for name in expected)


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 403), ("lab_host", 403), ("anonymous", 401)]
)
def test_no_other_role_reads_alumni(alumni, api_as, role, status):
    assert api_as(role).get(URL).status_code == status
    assert api_as(role).get(f"{URL}{alumni['ada'].pk}/").status_code == status


def test_the_api_only_reads(alumni, api_as):
    assert api_as("organiser").delete(f"{URL}{alumni['ada'].pk}/").status_code == 405
