"""The office's alumni list: organisers only, across seasons, filtered by season, city, lab and
research field, paginated, at a flat cost; and the office's button that asks a season."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.alumni.models import Alumnus
from ish.labs.models import Lab
from ish.notifications.models import OutboundEmail
from ish.seasons.models import ResearchField
from tests.alumni.conftest import alumnus
from tests.factories import CityFactory, LabFactory, SeasonFactory


@pytest.fixture
def alumni(db):
    physics = ResearchField.objects.get(slug="physics")
    optics = LabFactory(name="Optics Lab")
    optics.fields.set([physics])
    genes = LabFactory(name="Genome Lab")
    genes.fields.set([ResearchField.objects.get(slug="biology")])
    kumamoto = CityFactory(slug="kumamoto")
    return {
        "ada": alumnus(
            SeasonFactory(year=2026),
            consent=("name", "city", "lab"),
            name="Ada Physik",
            city=kumamoto,
            lab=optics,
        ),
        "bo": alumnus(SeasonFactory(year=2025), consent=("name", "lab"), name="Bo Gene", lab=genes),
        "cy": alumnus(SeasonFactory(year=2024), consent=("email",), email="cy@example.org"),
    }


def shown(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_sees_every_alumnus_across_seasons_with_only_what_is_kept(alumni, client_as):
    html = shown(client_as("organiser").get(reverse("alumni:list")))

    assert "Ada Physik" in html
    assert "Bo Gene" in html
    assert "cy@example.org" in html
    assert "3 alumni" in html


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("season", ["Ada Physik"]),
        ("city=kumamoto", ["Ada Physik"]),
        ("lab", ["Bo Gene"]),
        ("field=physics", ["Ada Physik"]),
    ],
)
def test_the_list_filters_by_season_city_lab_and_research_field(alumni, client_as, query, names):
    if query == "season":
        query = f"season={alumni['ada'].season.pk}"
    if query == "lab":
        query = f"lab={Lab.objects.get(name='Genome Lab').pk}"

    html = shown(client_as("organiser").get(reverse("alumni:list") + "?" + query))

    assert [name for name in ("Ada Physik", "Bo Gene") if name in html] == names
    assert "cy@example.org" not in html


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_no_other_role_sees_the_alumni(alumni, client_as, role):
    assert client_as(role).get(reverse("alumni:list")).status_code == 403


def test_signed_out_the_list_asks_to_sign_in(alumni, client):
    response = client.get(reverse("alumni:list"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_list_costs_the_same_queries_for_10_or_200_alumni(db, client_as):
    season = SeasonFactory(year=2026)
    lab = LabFactory()
    city = CityFactory(slug="kumamoto")
    office = client_as("organiser")
    office.get(reverse("alumni:list"))  # the session and the menu's first reads
    counts = []
    for size in (10, 200):
        Alumnus.objects.bulk_create(
            Alumnus(
                season=season,
                consent=["name", "city", "lab"],
                consented_at="2026-09-01T10:00:00+02:00",
                name=f"Alumnus {size}-{n}",
                city=city,
                lab=lab,
            )
            for n in range(size - Alumnus.objects.count())
        )
        with CaptureQueriesContext(connection) as queries:
            html = shown(office.get(reverse("alumni:list")))
        assert f"{size} alumni" in html
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_office_asks_an_ended_season_from_the_list(asked_page, client_as):
    response = client_as("organiser").post(
        reverse("alumni:ask"), {"season": asked_page.season.pk}, follow=True
    )

    assert "2 participants of 2027 were asked" in shown(response)
    assert OutboundEmail.objects.filter(event="alumni_invitation").count() == 2


@pytest.fixture
def asked_page(ended):
    return ended


def test_a_coordinator_cannot_ask_a_season(ended, client_as):
    response = client_as("coordinator").post(reverse("alumni:ask"), {"season": ended.season.pk})

    assert response.status_code == 403
    assert not Alumnus.objects.exists()
