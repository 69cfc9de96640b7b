"""The nominations lists of coordinators and organisers, the dashboards' counts and the demo's list:
quota use, deadline, filters, status counts and flat queries."""

import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.accounts.models import User
from ish.demo.season import load_demo_season
from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.seasons.models import City, ResearchField
from tests.factories import (
    CityFactory,
    DocumentFactory,
    NominationFactory,
    QuotaFactory,
    SeasonFactory,
    complete_nomination,
)
from tests.nominations.page_requests import AFTER_THE_DEADLINE, CREATE, LIST
from tests.portal.page_reader import page as parse

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status


# --- the coordinator's list ------------------------------------------------------------------


def test_the_coordinator_sees_quota_use_deadline_ranking_and_what_is_missing(
    client_for, season, quota, nomination_in, other_coordinator
):
    accepted = nomination_in(Status.ACCEPTED, given_name="Sota", family_name="Kimura")
    ready = complete_nomination(season=season, given_name="Aiko", family_name="Tanaka")
    incomplete = NominationFactory(
        season=season, given_name="Haruki", family_name="Mori", date_of_birth=None
    )
    DocumentFactory(nomination=incomplete, kind=Document.Kind.MOTIVATION_LETTER)
    NominationFactory(season=season, city=other_coordinator.city, given_name="Camille")

    response = client_for("coordinator").get(LIST)

    shown = parse(response)
    assert shown.text("quota-use").startswith("1 of 2 places + 0 of 1 alternate used")
    assert "2 more nominations can be submitted." in shown.text("quota-use")
    assert shown.text("days-left") == "58 days left"
    assert shown.text("deadline") == (
        "31 March 2027, 23:59 (Heidelberg) · 1 April 2027, 06:59 (Kumamoto)"
    )
    rows = [re.sub(r"\s+", " ", row) for row in shown.testids["nomination-row"]]
    text = shown.text("nomination-list")
    assert text.index("Sota Kimura") < text.index("Aiko Tanaka") < text.index("Haruki Mori")
    assert "Camille" not in shown.text()
    assert rows
    missing = shown.testids["missing"]
    assert "Complete: ready to submit." in " ".join(missing)
    assert "Missing: date of birth, CV, transcript" in " ".join(" ".join(missing).split())
    html = response.content.decode()
    assert f'data-id="{accepted.pk}"' in html
    assert 'data-status="accepted"' in html
    assert f'href="{reverse("nominations:detail", args=[ready.pk])}"' in html


def test_submitted_nominations_fill_the_places_first_then_the_alternates(
    client_for, season, quota, nomination_in
):
    for _ in range(3):
        nomination_in(Status.SUBMITTED)

    shown = parse(client_for("coordinator").get(LIST))

    assert shown.text("quota-use").startswith("2 of 2 places + 1 of 1 alternate used")
    assert "0 more nominations can be submitted." in shown.text("quota-use")


def test_a_coordinator_chooses_among_several_seasons(client_for, season, quota):
    earlier = SeasonFactory(year=2026)
    NominationFactory(season=earlier, given_name="Old", family_name="Timer")
    NominationFactory(season=season, given_name="New", family_name="Comer")

    current = parse(client_for("coordinator").get(LIST))
    chosen = parse(client_for("coordinator").get(LIST, {"season": earlier.pk}))

    assert "New Comer" in current.text()
    assert "Old Timer" not in current.text()
    assert "Old Timer" in chosen.text()
    assert "New Comer" not in chosen.text()
    assert 'name="season"' in client_for("coordinator").get(LIST).content.decode()


def test_after_the_deadline_the_list_offers_no_new_nomination_or_ranking(client_for, season, quota):
    NominationFactory.create_batch(2, season=season)

    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").get(LIST)

    html = response.content.decode()
    assert parse(response).text("days-left") == "passed"
    assert f'href="{CREATE}' not in html
    assert 'name="direction"' not in html


# --- the organiser's list --------------------------------------------------------------------


@pytest.fixture
def several_cities(season, quota, nomination_in, other_coordinator):
    montpellier = other_coordinator.city
    QuotaFactory(season=season, city=montpellier)
    nomination_in(Status.SUBMITTED, given_name="Sota", family_name="Kimura")
    nomination_in(Status.ACCEPTED, given_name="Aiko", family_name="Tanaka")
    NominationFactory(season=season, city=montpellier, given_name="Camille", family_name="Laurent")
    NominationFactory(
        season=season, city=montpellier, given_name="Hugo", family_name="Martin", school="Joffre"
    )
    NominationFactory(season=SeasonFactory(year=2026), given_name="Old", family_name="Timer")


def names_in(response) -> list[str]:
    shown = parse(response)
    if "nomination-table" not in shown.rows:
        return []
    return [row[0] for row in shown.table("nomination-table")]


def test_the_organiser_sees_every_city_of_the_current_season_with_counts_per_status(
    client_for, several_cities
):
    response = client_for("organiser").get(LIST)

    assert sorted(names_in(response)) == [
        "Aiko Tanaka",
        "Camille Laurent",
        "Hugo Martin",
        "Sota Kimura",
    ]
    counts = parse(response).text("status-counts")
    assert "All 4" in counts
    assert "Draft 2" in counts
    assert "Submitted 1" in counts
    assert "Accepted 1" in counts


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"city": "montpellier"}, ["Camille Laurent", "Hugo Martin"]),
        ({"status": "submitted"}, ["Sota Kimura"]),
        ({"status": ["submitted", "accepted"]}, ["Aiko Tanaka", "Sota Kimura"]),
        ({"search": "joffre"}, ["Hugo Martin"]),
        ({"search": "tanaka"}, ["Aiko Tanaka"]),
        ({"season": ""}, ["Aiko Tanaka", "Camille Laurent", "Hugo Martin", "Old Timer",
                          "Sota Kimura"]),
    ],
)  # fmt: skip
def test_the_organiser_filters_by_season_city_status_and_search(
    client_for, several_cities, query, expected
):
    assert sorted(names_in(client_for("organiser").get(LIST, query))) == expected


def test_the_status_counts_keep_the_other_filters(client_for, several_cities):
    response = client_for("organiser").get(LIST, {"city": "montpellier", "status": "submitted"})

    counts = parse(response).text("status-counts")
    assert "All 2" in counts
    assert "Draft 2" in counts
    assert "Submitted 0" in counts
    assert names_in(response) == []


def test_the_organisers_list_is_paginated(client_for, season, quota):
    NominationFactory.create_batch(55, season=season)

    first = client_for("organiser").get(LIST)
    second = client_for("organiser").get(LIST, {"page": 2})

    assert len(names_in(first)) == 50
    assert len(names_in(second)) == 5
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_list_needs_as_many_queries_for_200_nominations_as_for_10(
    client_for, season, quota, role, django_assert_max_num_queries
):
    montpellier = City.objects.get(slug="montpellier")

    kumamoto = quota.city
    biology = ResearchField.objects.get(slug="biology")

    def add(count: int) -> None:
        # In bulk, to keep the test fast; every nomination has an interest, every third a CV.
        start = Nomination.objects.count()
        nominations = Nomination.objects.bulk_create(
            Nomination(season=season, city=city, given_name="Student", family_name=str(number),
                       rank=number, email=f"student{number}@{city.slug}.example.org")
            for number in range(start, start + count)
            for city in (kumamoto, montpellier)
        )  # fmt: skip
        ResearchInterest.objects.bulk_create(
            ResearchInterest(nomination=nomination, field=biology, rank=1)
            for nomination in nominations
        )
        Document.objects.bulk_create(
            Document(nomination=nomination, kind="cv", file="cv.pdf", filename="cv.pdf",
                     content_type="application/pdf", size=1)
            for nomination in nominations[::3]
        )  # fmt: skip

    add(10)
    client = client_for(role)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST).status_code == 200
    add(190)

    with django_assert_max_num_queries(len(ten)):
        response = client.get(LIST)

    assert response.status_code == 200
    assert "Missing:" in response.content.decode() or role == "organiser"


# --- dashboards ------------------------------------------------------------------------------


def test_the_organisers_dashboard_counts_each_citys_nominations_by_status(
    client_for, season, several_cities, django_assert_max_num_queries
):
    client = client_for("organiser")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("portal:dashboard"))
    city = CityFactory(slug="mostar")
    QuotaFactory(season=season, city=city)
    NominationFactory.create_batch(5, season=season, city=city)

    with django_assert_max_num_queries(len(before)):
        response = client.get(reverse("portal:dashboard"))

    rows = {row[0]: row for row in parse(response).table("quota-table")}
    assert rows["Kumamoto"][4:6] == ["2 / 3", "1 submitted 1 accepted"]
    assert rows["Montpellier"][4:6] == ["0 / 3", "2 draft"]


def test_the_coordinators_dashboard_shows_their_quota_use_and_links_to_their_list(
    client_for, season, quota, nomination_in
):
    nomination_in(Status.SUBMITTED)

    response = client_for("coordinator").get(reverse("portal:dashboard"))

    assert parse(response).text("quota-use").startswith("1 of 2 places + 0 of 1 alternate used")
    assert f'href="{LIST}?season={season.pk}"' in response.content.decode()


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_gives_kumamoto_one_draft_ready_to_submit_and_one_incomplete(db):
    load_demo_season()
    load_demo_season()  # idempotent

    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "accepted", "waitlisted"} <= statuses
    assert Nomination.objects.values("email").distinct().count() == Nomination.objects.count()
    client = Client()
    client.force_login(User.objects.get(username="kumamoto"))
    missing = parse(client.get(LIST)).testids["missing"]
    texts = [" ".join(text.split()) for text in missing]
    joined = " ".join(texts)
    assert "Complete: ready to submit." in joined
    assert "Missing:" in joined
    cv = Document.objects.filter(kind="cv").first()
    assert cv.content_type == "application/pdf"
    assert cv.file.open("rb").read(5) == b"%PDF-"
