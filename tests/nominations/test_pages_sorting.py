"""The organiser's nominations list sorted by its column headers, answered as a partial to htmx,
with the office's bulk actions offered beside each row."""

import re
from html import unescape as html_unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import NominationFactory, SeasonFactory
from tests.nominations.page_requests import LIST
from tests.portal.page_reader import page as parse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status


@pytest.fixture
def three(season):
    """Abe (Kumamoto, rank 2, draft, 2027), Berg (Montpellier, rank 1, submitted, 2027) and
    Cruz (Kumamoto, rank 1, accepted, 2026)."""
    kumamoto = City.objects.get(slug="kumamoto")
    montpellier = City.objects.get(slug="montpellier")
    NominationFactory(season=season, city=kumamoto, family_name="Abe", given_name="Kim", rank=2)
    NominationFactory(
        season=season, city=montpellier, family_name="Berg", given_name="Kim", rank=1,
        status=Status.SUBMITTED,
    )  # fmt: skip
    NominationFactory(
        season=SeasonFactory(year=2026), city=kumamoto, family_name="Cruz", given_name="Kim",
        rank=1, status=Status.ACCEPTED,
    )  # fmt: skip


def links_sorting_by(html: str, key: str) -> QueryDict:
    """The query of the header link that sorts by `key`."""
    href = re.search(rf'<a [^>]*href="\?([^"]*)" data-sort="{key}"', html)[1]
    return QueryDict(html_unescape(href))


def names_in(response) -> list[str]:
    return [row[0] for row in parse(response).table("nomination-table")]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Abe", "Berg", "Cruz"]),
        ("-name", ["Cruz", "Berg", "Abe"]),
        ("city", ["Cruz", "Abe", "Berg"]),
        ("-city", ["Berg", "Cruz", "Abe"]),
        ("rank", ["Berg", "Cruz", "Abe"]),
        ("-rank", ["Abe", "Berg", "Cruz"]),
        ("status", ["Cruz", "Abe", "Berg"]),
        ("-status", ["Berg", "Abe", "Cruz"]),
        ("season", ["Cruz", "Abe", "Berg"]),
        ("-season", ["Abe", "Berg", "Cruz"]),
    ],
)
def test_the_organiser_sorts_the_list_by_each_column(client_for, three, sort, expected):
    response = client_for("organiser").get(LIST, {"season": "", "sort": sort})

    assert names_in(response) == [f"Kim {name}" for name in expected]


def test_an_unknown_sort_is_the_usual_order_not_an_error(client_for, three):
    response = client_for("organiser").get(LIST, {"season": "", "sort": "password"})

    assert response.status_code == 200
    assert names_in(response) == ["Kim Cruz", "Kim Abe", "Kim Berg"]


def test_the_sorted_column_is_marked_and_its_link_turns_the_order_keeping_the_filters(
    client_for, three
):
    html = client_for("organiser").get(LIST, {"city": "kumamoto", "sort": "name"}).content.decode()

    assert html.count("aria-sort=") == 1
    assert re.search(r'aria-sort="ascending"><a [^>]*data-sort="name"', html)
    name_link, rank_link = (links_sorting_by(html, key) for key in ("name", "rank"))
    assert name_link["sort"] == "-name"
    assert rank_link["sort"] == "rank"
    assert name_link["city"] == rank_link["city"] == "kumamoto"


def test_the_pages_keep_the_sort(client_for, season):
    NominationFactory.create_batch(55, season=season)

    html = client_for("organiser").get(LIST, {"sort": "-name"}).content.decode()

    next_page = QueryDict(html_unescape(re.search(r'rel="next" href="\?([^"]*)"', html)[1]))
    assert next_page["sort"] == "-name"
    assert next_page["page"] == "2"


def test_htmx_gets_only_the_list_and_a_reload_the_whole_page(client_for, three):
    client = client_for("organiser")

    partial = client.get(LIST, {"status": "submitted"}, headers={"HX-Request": "true"})
    restored = client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="list-results"')
    assert "<html" not in html
    assert names_in(partial) == ["Kim Berg"]
    assert "HX-Request" in partial["Vary"]
    assert "<html" in restored.content.decode()


def test_each_row_can_be_selected_for_the_bulk_actions(client_for, three):
    html = client_for("organiser").get(LIST).content.decode()

    abe = Nomination.objects.get(family_name="Abe")
    assert f'name="selected" value="{abe.pk}"' in html
    assert reverse("participants:nomination_bulk") in html
    assert "Select all on this page" in html


@pytest.mark.parametrize("sort", ["-city", "status"])
def test_the_sorted_list_needs_as_many_queries_for_200_nominations_as_for_10(
    client_for, season, sort, django_assert_max_num_queries
):
    NominationFactory.create_batch(10, season=season)
    client = client_for("organiser")

    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST, {"sort": sort}).status_code == 200
    NominationFactory.create_batch(190, season=season, interests=[])

    with django_assert_max_num_queries(len(ten)):
        assert client.get(LIST, {"sort": sort}).status_code == 200
