"""The API for seasons, quotas, cities and research fields: rules, scoping and clear errors."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from ish.seasons.models import City, Quota, Season
from tests.factories import BERLIN, CityFactory, CoordinatorFactory, QuotaFactory, SeasonFactory

pytestmark = pytest.mark.django_db

SEASONS_URL = "/api/v1/seasons/"
QUOTAS_URL = "/api/v1/quotas/"
CITIES_URL = "/api/v1/cities/"
FIELDS_URL = "/api/v1/fields/"


def _season_payload(**fields) -> dict:
    return {
        "year": 2031,
        "title": "ISH 2031",
        "starts_on": "2031-07-14",
        "ends_on": "2031-08-10",
        "nomination_deadline": "2031-03-31T23:59:00+02:00",
        "exchange_deadline": "2031-06-05T23:59:00+02:00",
        "min_age": 16,
        "max_age": 22,
    } | fields


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


# Seasons


def test_organiser_creates_a_season(api_as):
    response = api_as("organiser").post(SEASONS_URL, _season_payload())

    assert response.status_code == 201
    assert response.json() == {"id": response.json()["id"], **_season_payload()}
    season = Season.objects.get(year=2031)
    assert season.starts_on == dt.date(2031, 7, 14)
    assert season.nomination_deadline == dt.datetime(2031, 3, 31, 23, 59, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"ends_on": "2031-07-01"}, "ends_on"),
        ({"ends_on": "2031-07-14"}, "ends_on"),
        ({"nomination_deadline": "2031-07-20T12:00:00+02:00"}, "nomination_deadline"),
        ({"nomination_deadline": "2031-07-14T09:00:00+02:00"}, "nomination_deadline"),
        # 23:30 UTC on the 13th is already the 14th, the first programme day, in Heidelberg.
        ({"nomination_deadline": "2031-07-13T23:30:00+00:00"}, "nomination_deadline"),
        ({"starts_on": "2030-07-14"}, "starts_on"),
        ({"max_age": 15}, "max_age"),
        ({"min_age": 100}, "min_age"),
        ({"year": 1990}, "year"),
        ({"year": "next"}, "year"),
        ({"starts_on": "14.07.2031"}, "starts_on"),
        ({"nomination_deadline": "soon"}, "nomination_deadline"),
        ({"title": ""}, "title"),
    ],
    ids=[
        "ends-before-start",
        "ends-on-start-day",
        "deadline-after-start",
        "deadline-on-start-day",
        "deadline-on-start-day-in-berlin",
        "start-outside-the-year",
        "max-age-below-min-age",
        "min-age-too-high",
        "year-before-ish-began",
        "year-not-a-number",
        "date-not-iso",
        "deadline-not-a-date-time",
        "empty-title",
    ],
)
def test_an_invalid_season_gets_400_naming_the_field(api_as, fields, error_field):
    response = api_as("organiser").post(SEASONS_URL, _season_payload(**fields))

    assert response.status_code == 400
    assert error_field in response.json()
    assert not Season.objects.filter(year=2031).exists()


def test_a_second_season_for_the_same_year_gets_400_naming_year(api_as, season):
    payload = _season_payload(
        year=2027,
        starts_on="2027-07-10",
        ends_on="2027-08-01",
        nomination_deadline="2027-03-01T12:00:00+01:00",
    )

    response = api_as("organiser").post(SEASONS_URL, payload)

    assert response.status_code == 400
    assert "year" in response.json()
    assert Season.objects.filter(year=2027).count() == 1


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"ends_on": "2027-07-01"}, "ends_on"),
        ({"nomination_deadline": "2027-07-18T00:00:00+02:00"}, "nomination_deadline"),
        ({"year": 2028}, "starts_on"),
        ({"min_age": 23}, "max_age"),
    ],
    ids=["ends-before-start", "deadline-after-start", "year-moves-away-from-start", "min-age"],
)
def test_a_partial_update_is_checked_against_the_stored_season(api_as, season, fields, error_field):
    response = api_as("organiser").patch(f"{SEASONS_URL}{season.pk}/", fields)

    assert response.status_code == 400
    assert error_field in response.json()
    season.refresh_from_db()
    assert (season.year, season.ends_on, season.min_age) == (2027, dt.date(2027, 8, 13), 16)


def test_organiser_moves_the_programme_dates(api_as, season):
    response = api_as("organiser").patch(
        f"{SEASONS_URL}{season.pk}/", {"starts_on": "2027-07-10", "ends_on": "2027-08-06"}
    )

    assert response.status_code == 200
    season.refresh_from_db()
    assert (season.starts_on, season.ends_on) == (dt.date(2027, 7, 10), dt.date(2027, 8, 6))


def test_seasons_are_listed_newest_first_and_filtered_by_year(api_as):
    for year in (2026, 2028, 2027):
        SeasonFactory(year=year)
    client = api_as("lab_host")

    listed = client.get(SEASONS_URL).json()["results"]
    filtered = client.get(SEASONS_URL, {"year": 2026}).json()["results"]

    assert [row["year"] for row in listed] == [2028, 2027, 2026]
    assert [row["year"] for row in filtered] == [2026]


def test_coordinator_cannot_create_a_season(api_as):
    response = api_as("coordinator").post(SEASONS_URL, _season_payload())

    assert response.status_code == 403
    assert not Season.objects.filter(year=2031).exists()


# Quotas


def test_organiser_creates_a_quota_and_gets_the_seasons_deadline_as_effective(api_as, season):
    response = api_as("organiser").post(
        QUOTAS_URL, {"season": season.pk, "city": "cambridge", "places": 3, "alternates": 2}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["season"], body["city"], body["places"], body["alternates"]) == (
        season.pk,
        "cambridge",
        3,
        2,
    )
    assert body["deadline"] is None
    assert _instant(body["effective_deadline"]) == season.nomination_deadline


def test_a_quotas_own_deadline_overrides_the_seasons(api_as, season):
    response = api_as("organiser").post(
        QUOTAS_URL,
        {
            "season": season.pk,
            "city": "cambridge",
            "places": 2,
            "deadline": "2027-04-15T18:00:00+02:00",
        },
    )

    assert response.status_code == 201
    own = dt.datetime(2027, 4, 15, 18, 0, tzinfo=BERLIN)
    assert _instant(response.json()["deadline"]) == own
    assert _instant(response.json()["effective_deadline"]) == own
    assert Quota.objects.get(city__slug="cambridge").deadline == own


def test_clearing_a_quotas_own_deadline_falls_back_to_the_seasons(api_as, quota):
    quota.deadline = dt.datetime(2027, 4, 30, 12, 0, tzinfo=BERLIN)
    quota.save()

    response = api_as("organiser").patch(f"{QUOTAS_URL}{quota.pk}/", {"deadline": None})

    assert response.status_code == 200
    assert response.json()["deadline"] is None
    assert _instant(response.json()["effective_deadline"]) == quota.season.nomination_deadline


def test_the_coordinator_sees_their_own_deadline_as_effective(api_as, quota):
    quota.deadline = dt.datetime(2027, 4, 30, 12, 0, tzinfo=BERLIN)
    quota.save()

    body = api_as("coordinator").get(f"{QUOTAS_URL}{quota.pk}/").json()

    assert _instant(body["effective_deadline"]) == quota.deadline


def test_a_second_quota_for_the_same_season_and_city_gets_a_clear_400(api_as, quota):
    response = api_as("organiser").post(
        QUOTAS_URL, {"season": quota.season.pk, "city": "kumamoto", "places": 5}
    )

    assert response.status_code == 400
    assert "already has a quota for this season" in str(response.json())
    assert Quota.objects.filter(city__slug="kumamoto").count() == 1


def test_moving_a_quota_onto_a_city_that_has_one_gets_400(api_as, quota):
    other = QuotaFactory(season=quota.season, city=City.objects.get(slug="mostar"))

    response = api_as("organiser").patch(f"{QUOTAS_URL}{other.pk}/", {"city": "kumamoto"})

    assert response.status_code == 400
    assert "already has a quota for this season" in str(response.json())
    other.refresh_from_db()
    assert other.city.slug == "mostar"


def test_the_same_city_may_have_a_quota_in_another_season(api_as, quota):
    later = SeasonFactory(year=2028)

    response = api_as("organiser").post(
        QUOTAS_URL, {"season": later.pk, "city": "kumamoto", "places": 2}
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"city": "atlantis"}, "city"),
        ({"season": 987654}, "season"),
        ({"places": -1}, "places"),
        ({"places": 101}, "places"),
        ({"alternates": -1}, "alternates"),
        ({"places": None}, "places"),
        ({"deadline": "tomorrow"}, "deadline"),
    ],
    ids=[
        "unknown-city",
        "unknown-season",
        "negative-places",
        "too-many-places",
        "negative-alternates",
        "no-places",
        "deadline-not-a-date-time",
    ],
)
def test_an_invalid_quota_gets_400_naming_the_field(api_as, season, fields, error_field):
    payload = {"season": season.pk, "city": "cambridge", "places": 2, "alternates": 1} | fields

    response = api_as("organiser").post(QUOTAS_URL, payload)

    assert response.status_code == 400
    assert error_field in response.json()
    assert not Quota.objects.exists()


@pytest.fixture
def quotas_of_two_seasons(season, quota):
    later = SeasonFactory(year=2028)
    for city in ["hangzhou", "kumamoto"]:
        QuotaFactory(season=later, city=City.objects.get(slug=city))
    QuotaFactory(season=season, city=City.objects.get(slug="hangzhou"))
    return season, later


def _quota_rows(response) -> set[tuple[int, str]]:
    assert response.status_code == 200
    return {(row["season"], row["city"]) for row in response.json()["results"]}


def test_organiser_filters_quotas_by_season(api_as, quotas_of_two_seasons):
    _, later = quotas_of_two_seasons

    response = api_as("organiser").get(QUOTAS_URL, {"season": later.pk})

    assert _quota_rows(response) == {(later.pk, "hangzhou"), (later.pk, "kumamoto")}


def test_organiser_filters_quotas_by_city_slug(api_as, quotas_of_two_seasons):
    season, later = quotas_of_two_seasons

    response = api_as("organiser").get(QUOTAS_URL, {"city": "hangzhou"})

    assert _quota_rows(response) == {(season.pk, "hangzhou"), (later.pk, "hangzhou")}


def test_organiser_filters_quotas_by_season_and_city(api_as, quotas_of_two_seasons):
    season, _ = quotas_of_two_seasons

    response = api_as("organiser").get(QUOTAS_URL, {"season": season.pk, "city": "hangzhou"})

    assert _quota_rows(response) == {(season.pk, "hangzhou")}


def test_coordinator_reads_only_their_own_citys_quotas(api_as, quotas_of_two_seasons):
    season, later = quotas_of_two_seasons
    client = api_as("coordinator")

    everything = client.get(QUOTAS_URL)
    asked_for_another_city = client.get(QUOTAS_URL, {"city": "hangzhou"})

    assert _quota_rows(everything) == {(season.pk, "kumamoto"), (later.pk, "kumamoto")}
    assert _quota_rows(asked_for_another_city) == set()


def test_a_coordinator_of_another_city_sees_only_that_city(quotas_of_two_seasons):
    hangzhou = CoordinatorFactory(username="mei", city=City.objects.get(slug="hangzhou"))
    client = APIClient()
    client.force_authenticate(hangzhou)

    rows = _quota_rows(client.get(QUOTAS_URL))

    assert {city for _, city in rows} == {"hangzhou"}
    assert len(rows) == 2


def test_coordinator_cannot_write_quotas_even_their_own(api_as, quota):
    client = api_as("coordinator")
    url = f"{QUOTAS_URL}{quota.pk}/"

    created = client.post(QUOTAS_URL, {"season": quota.season.pk, "city": "kumamoto", "places": 9})
    patched = client.patch(url, {"places": 9})
    replaced = client.put(url, {"season": quota.season.pk, "city": "kumamoto", "places": 9})
    deleted = client.delete(url)

    assert [r.status_code for r in (created, patched, replaced, deleted)] == [403] * 4
    quota.refresh_from_db()
    assert quota.places == 2


# Cities


def test_a_city_is_looked_up_by_its_slug(api_as):
    response = api_as("coordinator").get(f"{CITIES_URL}jelenia-gora/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "jelenia-gora",
        "name": City.objects.get(slug="jelenia-gora").name,
        "country": "PL",
        "kind": "friendship",
        "time_zone": "Europe/Warsaw",
    }


def test_an_unknown_city_slug_is_404(api_as):
    response = api_as("organiser").get(f"{CITIES_URL}atlantis/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_organiser_creates_a_city(api_as):
    response = api_as("organiser").post(
        CITIES_URL, {"slug": "graz", "name": "Graz", "country": "AT", "kind": "friendship"}
    )

    assert response.status_code == 201
    assert response.json() == {
        "slug": "graz",
        "name": "Graz",
        "country": "AT",
        "kind": "friendship",
        "time_zone": "Europe/Berlin",  # Heidelberg's, until the office sets the city's own
    }
    assert City.objects.get(slug="graz").country.code == "AT"


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"slug": "kumamoto"}, "slug"),
        ({"slug": "not a slug"}, "slug"),
        ({"country": "XX"}, "country"),
        ({"kind": "enemy"}, "kind"),
        ({"name": ""}, "name"),
        ({"time_zone": "Europe/Graz"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
    ],
    ids=[
        "duplicate-slug",
        "slug-with-spaces",
        "unknown-country",
        "unknown-kind",
        "empty-name",
        "unknown-time-zone",
        "path-as-time-zone",
    ],
)
def test_an_invalid_city_gets_400_naming_the_field(api_as, fields, error_field):
    payload = {"slug": "graz", "name": "Graz", "country": "AT", "kind": "friendship"} | fields

    response = api_as("organiser").post(CITIES_URL, payload)

    assert response.status_code == 400
    assert error_field in response.json()
    assert not City.objects.filter(name="Graz").exists()


def test_deleting_a_city_with_a_quota_is_a_409_with_a_message(api_as, quota):
    response = api_as("organiser").delete(f"{CITIES_URL}kumamoto/")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert "quotas" in response.json()["detail"]
    assert City.objects.filter(slug="kumamoto").exists()


def test_deleting_a_city_with_a_coordinator_is_a_409_with_a_message(api_as, coordinator):
    response = api_as("organiser").delete(f"{CITIES_URL}kumamoto/")

    assert response.status_code == 409
    assert "users" in response.json()["detail"]
    assert City.objects.filter(slug="kumamoto").exists()


def test_deleting_an_unused_city_works(api_as):
    CityFactory(slug="atlantis")

    response = api_as("organiser").delete(f"{CITIES_URL}atlantis/")

    assert response.status_code == 204
    assert not City.objects.filter(slug="atlantis").exists()


def test_cities_are_filtered_by_kind_and_searched_by_name(api_as):
    client = api_as("lab_host")

    friendship = client.get(CITIES_URL, {"kind": "friendship"}).json()["results"]
    searched = client.get(CITIES_URL, {"search": "kumam"}).json()["results"]

    assert {row["slug"] for row in friendship} == {"mostar", "jelenia-gora", "heidelberg-gauteng"}
    assert [row["slug"] for row in searched] == ["kumamoto"]


def test_cities_are_filtered_by_country(api_as):
    rows = api_as("coordinator").get(CITIES_URL, {"country": "AU"}).json()["results"]

    assert [row["slug"] for row in rows] == ["nysf"]


# Research fields


def test_every_role_reads_the_ten_research_fields(api_as):
    response = api_as("lab_host").get(FIELDS_URL)

    assert response.status_code == 200
    assert response.json()["count"] == 10
    assert set(response.json()["results"][0]) == {"slug", "name"}


def test_a_research_field_is_looked_up_by_its_slug(api_as):
    response = api_as("coordinator").get(f"{FIELDS_URL}computer-science/")

    assert response.status_code == 200
    assert response.json()["slug"] == "computer-science"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_research_fields_are_read_only_even_for_organisers(api_as, method):
    client = api_as("organiser")
    url = FIELDS_URL if method == "post" else f"{FIELDS_URL}physics/"

    response = getattr(client, method)(url, {"slug": "alchemy", "name": "Alchemy"})

    assert response.status_code == 405
    assert "detail" in response.json()
