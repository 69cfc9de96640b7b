"""A coordinator's ranking a page at a time: page 2 holds the next ranks, dragging reorders
within a page, the arrows move across pages, and the page needs as many queries for 200
nominations as for 10."""

import pytest

from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.nominations.page_requests import LIST, RANK

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]


def nominations(season, count: int) -> list[Nomination]:
    return Nomination.objects.bulk_create(
        NominationFactory.build(season=season, rank=n + 1, family_name=f"Rank-{n + 1:03d}")
        for n in range(count)
    )


def ranking() -> list[int]:
    return list(Nomination.objects.order_by("rank").values_list("pk", flat=True))


def test_the_second_page_holds_the_next_ranks_and_keeps_the_season(client_for, season):
    nominations(season, 53)
    coordinator = client_for("coordinator")

    first = coordinator.get(LIST, {"season": season.pk}).content.decode()
    assert first.count('data-testid="nomination-row"') == 50
    assert "Rank-050" in first
    assert "Rank-051" not in first
    assert f'href="?season={season.pk}&amp;page=2"' in first

    second = coordinator.get(LIST, {"season": season.pk, "page": 2}).content.decode()
    assert second.count('data-testid="nomination-row"') == 3
    assert all(f"Rank-{n:03d}" in second for n in (51, 52, 53))


def test_dragging_on_a_page_reorders_only_that_page(client_for, season):
    ranked = [n.pk for n in nominations(season, 53)]
    moved = [ranked[52], ranked[50], ranked[51]]

    response = client_for("coordinator").post(
        RANK, {"season": season.pk, "page": 2, "order": ",".join(map(str, moved))}
    )

    assert ranking() == ranked[:50] + moved
    assert response["Location"] == f"{LIST}?season={season.pk}&page=2"


def test_a_pages_order_that_is_not_that_page_is_refused(client_for, season):
    ranked = [n.pk for n in nominations(season, 53)]

    client_for("coordinator").post(
        RANK, {"season": season.pk, "page": 2, "order": f"{ranked[0]},{ranked[51]},{ranked[52]}"}
    )

    assert ranking() == ranked


def test_the_arrow_moves_the_first_of_a_page_above_the_last_of_the_one_before(client_for, season):
    ranked = [n.pk for n in nominations(season, 53)]
    page = client_for("coordinator").get(LIST, {"season": season.pk, "page": 2}).content.decode()
    assert "Move Aiko Rank-051 up" in page
    assert 'value="up" class="btn btn-outline-secondary btn-sm" disabled' not in page

    client_for("coordinator").post(
        RANK, {"season": season.pk, "page": 2, "move": ranked[50], "direction": "up"}
    )

    assert ranking()[49:51] == [ranked[50], ranked[49]]


@pytest.mark.parametrize("rows", [10, 200])
def test_the_ranking_needs_a_flat_number_of_queries(
    client_for, season, rows, django_assert_max_num_queries
):
    nominations(season, rows)
    coordinator = client_for("coordinator")

    with django_assert_max_num_queries(14):
        response = coordinator.get(LIST, {"season": season.pk})

    assert response.content.decode().count('data-testid="nomination-row"') == min(rows, 50)
