"""The nominations list through the API: filters and search alike to the portal's, and a number of
queries that does not grow with the list."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.placements.models import Placement
from ish.seasons.models import ResearchField
from tests.factories import NominationFactory, SeasonFactory
from tests.nominations.api_requests import LIST, ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- filters and search -----------------------------------------------------------------------


def test_the_list_filters_by_season_city_and_repeated_status(api_as, world, nomination_of):
    draft = nomination_of("own")
    submitted = nomination_of("own", Status.SUBMITTED)
    accepted = nomination_of("own", Status.ACCEPTED)
    foreign = nomination_of("foreign", Status.SUBMITTED)
    later = SeasonFactory(year=2028)
    next_year = NominationFactory(season=later, date_of_birth=dt.date(2009, 1, 1))
    client = api_as("organiser")

    assert ids(client.get(LIST, {"season": world.season.pk})) == {
        draft.pk, submitted.pk, accepted.pk, foreign.pk,
    }  # fmt: skip
    assert ids(client.get(LIST, {"season": later.pk})) == {next_year.pk}
    assert ids(client.get(LIST, {"city": "montpellier"})) == {foreign.pk}
    assert ids(client.get(LIST, {"status": "submitted"})) == {submitted.pk, foreign.pk}
    assert ids(client.get(f"{LIST}?status=draft&status=accepted&season={world.season.pk}")) == {
        draft.pk, accepted.pk,
    }  # fmt: skip
    assert ids(client.get(LIST, {"city": "kumamoto", "status": "submitted"})) == {submitted.pk}


def test_search_finds_names_and_e_mail_addresses(api_as, nomination_of):
    aiko = nomination_of("own", given_name="Aiko", family_name="Watanabe", email="aw@example.jp")
    ren = nomination_of("own", given_name="Ren", family_name="Kobayashi", email="rk@school.jp")
    foreign = nomination_of("foreign", given_name="Aiko", family_name="Martin")
    client = api_as("coordinator")

    assert ids(client.get(LIST, {"search": "aiko"})) == {aiko.pk}  # not Montpellier's Aiko
    assert ids(client.get(LIST, {"search": "kobaya"})) == {ren.pk}
    assert ids(client.get(LIST, {"search": "school.jp"})) == {ren.pk}
    assert ids(api_as("organiser").get(LIST, {"search": "aiko"})) == {aiko.pk, foreign.pk}


def test_search_finds_schools_and_needs_every_word_and_combines_with_filters(api_as, nomination_of):
    aiko = nomination_of("own", given_name="Aiko", family_name="Watanabe", school="Seiseiko High")
    nomination_of("own", given_name="Aiko", family_name="Mori", school="Kumamoto Kita")
    ren = nomination_of("own", Status.SUBMITTED, given_name="Ren", school="Seiseiko High")
    client = api_as("coordinator")

    assert ids(client.get(LIST, {"search": "seiseiko"})) == {aiko.pk, ren.pk}
    assert ids(client.get(LIST, {"search": "aiko seiseiko"})) == {aiko.pk}
    assert ids(client.get(LIST, {"search": "seiseiko", "status": "submitted"})) == {ren.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"city": "montpellier"},
        {"status": ["submitted", "accepted"]},
        {"search": "aiko"},
        {"search": "seiseiko", "city": "kumamoto"},
    ],
    ids=["city", "statuses", "search", "search-and-city"],
)
def test_the_portal_and_the_api_filter_the_same_query_alike(
    api_as, organiser, world, nomination_of, query
):
    nomination_of("own", given_name="Aiko", family_name="Watanabe", school="Seiseiko High")
    nomination_of("own", Status.SUBMITTED, given_name="Ren", family_name="Kobayashi")
    nomination_of("foreign", Status.ACCEPTED, given_name="Aiko", family_name="Martin")
    nomination_of("foreign", given_name="Hugo", family_name="Bernard")
    portal = Client()
    portal.force_login(organiser)
    query = query | {"season": world.season.pk}

    api_names = {
        row["family_name"] for row in api_as("organiser").get(LIST, query).json()["results"]
    }
    page = portal.get(reverse("nominations:list"), query)

    assert api_names
    assert {n.family_name for n in page.context["page"].object_list} == api_names


# --- query counts -----------------------------------------------------------------------------


def add_nominations(world, wanted: int) -> None:
    """Nominations of both cities, each with three interests and three documents."""
    have = Nomination.objects.count()
    cities = [world.kumamoto, world.montpellier]
    new = Nomination.objects.bulk_create(
        Nomination(
            season=world.season,
            city=cities[n % 2],
            given_name="Student",
            family_name=f"No. {n}",
            email=f"student-{n}@example.org",
            date_of_birth=dt.date(2008, 1, 1),
        )
        for n in range(have, wanted)
    )
    fields = list(ResearchField.objects.order_by("slug")[:3])
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=nomination, field=field, rank=rank)
        for nomination in new
        for rank, field in enumerate(fields, start=1)
    )
    Document.objects.bulk_create(
        Document(
            nomination=nomination,
            kind=kind,
            file=f"documents/2027/{nomination.pk}-{kind}.pdf",
            filename=f"{kind}.pdf",
            content_type="application/pdf",
            size=100,
        )
        for nomination in new
        for kind in ["cv", "motivation_letter", "transcript"]
    )


def offer_to_lab(world, lab) -> None:
    """Every Kumamoto nomination without a placement is offered to `lab`."""
    placed = Placement.objects.values("nomination_id")
    Placement.objects.bulk_create(
        Placement(
            nomination=nomination,
            lab=lab,
            status=Placement.Status.OFFERED,
            starts_on=world.season.starts_on,
            ends_on=world.season.ends_on,
            offered_at=timezone.now(),
        )
        for nomination in Nomination.objects.filter(city=world.kumamoto).exclude(pk__in=placed)
    )


# The count, the page, its interests (with their fields) and its current documents.
QUERY_BOUND = 4
# role: (share of the nominations listed, documents per row)
LISTED = {"organiser": (1, 3), "coordinator": (2, 3), "lab_host": (2, 2)}


@pytest.mark.parametrize("role", list(LISTED))
def test_the_list_makes_as_many_queries_for_200_nominations_as_for_10(
    api_as, world, lab_host, django_assert_max_num_queries, role
):
    client = api_as(role)
    divisor, documents = LISTED[role]
    for wanted in (10, 200):
        add_nominations(world, wanted)
        offer_to_lab(world, lab_host.lab)  # Kumamoto's students, half of them

        with django_assert_max_num_queries(QUERY_BOUND):
            response = client.get(LIST, {"page_size": 500})

        assert response.status_code == 200
        assert response.json()["count"] == wanted // divisor
        row = response.json()["results"][0]
        assert len(row["documents"]) == documents  # a lab host: the CV and motivation letter
        assert len(row["research_interests"]) == 3
