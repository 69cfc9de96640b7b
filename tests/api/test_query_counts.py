"""No API list gets slower with the number of rows: the same queries for 10 rows as for 200."""

import datetime as dt
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.accounts.models import Role, User
from ish.labs.models import Institute, Lab
from ish.seasons.models import City, Quota, ResearchField, Season
from tests.factories import BERLIN

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 200


def _missing(model, wanted: int) -> range:
    return range(model.objects.count(), wanted)


def _cities(wanted: int) -> None:
    City.objects.bulk_create(
        City(slug=f"town-{n}", name=f"Town {n}", country="FR") for n in _missing(City, wanted)
    )


def _seasons(wanted: int) -> None:
    years = range(2100, 2100 + wanted)
    Season.objects.bulk_create(
        Season(
            year=year,
            title=f"ISH {year}",
            starts_on=dt.date(year, 7, 17),
            ends_on=dt.date(year, 8, 13),
            nomination_deadline=dt.datetime(year, 3, 31, 23, 59, tzinfo=BERLIN),
        )
        for year in years
        if not Season.objects.filter(year=year).exists()
    )


def _quotas(wanted: int) -> None:
    """Quotas spread over several seasons and many cities, as in a long-running programme."""
    _seasons(wanted // 20 + 1)
    _cities(wanted // 5 + 12)
    taken = set(Quota.objects.values_list("season_id", "city_id"))
    pairs = (
        (season, city)
        for season in Season.objects.order_by("year")
        for city in City.objects.order_by("slug")
        if (season.pk, city.pk) not in taken
    )
    new = [
        Quota(season=season, city=city, places=2, alternates=1)
        for _, (season, city) in zip(_missing(Quota, wanted), pairs, strict=False)
    ]
    Quota.objects.bulk_create(new)


def _institutes(wanted: int) -> None:
    Institute.objects.bulk_create(
        Institute(name=f"Institute no. {n}", short_name=f"I{n}", address="Heidelberg")
        for n in _missing(Institute, wanted)
    )


def _labs(wanted: int) -> None:
    """Labs of several institutes, each covering two research fields."""
    _institutes(wanted // 10 + 1)
    institutes = cycle(Institute.objects.order_by("name"))
    new = [Lab(institute=next(institutes), name=f"Lab no. {n}") for n in _missing(Lab, wanted)]
    Lab.objects.bulk_create(new)
    fields = list(ResearchField.objects.order_by("slug"))
    Through = Lab.fields.through
    links = []
    for n, lab in enumerate(Lab.objects.filter(fields__isnull=True)):
        links.append(Through(lab=lab, researchfield=fields[n % len(fields)]))
        links.append(Through(lab=lab, researchfield=fields[(n + 1) % len(fields)]))
    Through.objects.bulk_create(links)


def _users(wanted: int) -> None:
    """Organisers, coordinators of different cities and lab hosts of different labs."""
    _labs(5)
    cities = cycle(City.objects.order_by("slug")[:5])
    labs = cycle(Lab.objects.order_by("name")[:5])
    roles = cycle([Role.ORGANISER, Role.COORDINATOR, Role.LAB_HOST])
    new = []
    for n in _missing(User, wanted):
        role = next(roles)
        new.append(
            User(
                username=f"person-{n}",
                email=f"person-{n}@example.org",
                password="!",
                role=role,
                city=next(cities) if role == Role.COORDINATOR else None,
                lab=next(labs) if role == Role.LAB_HOST else None,
            )
        )
    User.objects.bulk_create(new)


# endpoint, the model it lists, how to grow it to n rows, the most queries one page may take
LISTS = [
    pytest.param("/api/v1/users/", User, _users, 2, id="users"),
    pytest.param("/api/v1/cities/", City, _cities, 2, id="cities"),
    pytest.param("/api/v1/seasons/", Season, _seasons, 2, id="seasons"),
    pytest.param("/api/v1/quotas/", Quota, _quotas, 2, id="quotas"),
    pytest.param("/api/v1/institutes/", Institute, _institutes, 2, id="institutes"),
    pytest.param("/api/v1/labs/", Lab, _labs, 3, id="labs"),
]


@pytest.mark.parametrize(("url", "model", "grow", "bound"), LISTS)
def test_a_list_takes_the_same_queries_for_10_and_for_200_rows(
    api_as, django_assert_max_num_queries, url, model, grow, bound
):
    client = api_as("organiser")
    counts = {}
    for rows in (SMALL, LARGE):
        grow(rows)
        assert model.objects.count() >= rows
        with django_assert_max_num_queries(bound):
            response = client.get(url, {"page_size": 500})
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"page_size": 500})
        counts[rows] = len(queries)

        assert response.status_code == 200
        assert len(response.json()["results"]) == response.json()["count"] == model.objects.count()

    assert counts[SMALL] == counts[LARGE]


def test_a_coordinators_quota_list_takes_the_same_queries_for_few_and_many_seasons(api_as):
    kumamoto = City.objects.get(slug="kumamoto")
    counts = {}
    for seasons in (2, 40):
        _seasons(seasons)
        Quota.objects.bulk_create(
            Quota(season=season, city=kumamoto, places=2)
            for season in Season.objects.exclude(quotas__city=kumamoto)
        )
        with CaptureQueriesContext(connection) as queries:
            response = api_as("coordinator").get("/api/v1/quotas/", {"page_size": 500})
        counts[seasons] = len(queries)
        assert response.json()["count"] == seasons

    assert counts[2] == counts[40]
