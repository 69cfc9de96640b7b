"""Ranking a city's nominations on its list: moving one up or down, dragging a new order, and what
is refused."""

import pytest
import time_machine

from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.nominations.page_requests import AFTER_THE_DEADLINE, LIST, RANK, messages_of

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]


# --- ranking ---------------------------------------------------------------------------------


@pytest.fixture
def three(season, quota):
    return NominationFactory.create_batch(3, season=season)


def ranking() -> list[int]:
    return list(Nomination.objects.order_by("rank").values_list("pk", flat=True))


def test_moving_a_nomination_up_swaps_it_with_the_one_above(client_for, season, three):
    first, second, third = three

    response = client_for("coordinator").post(
        RANK, {"season": season.pk, "move": third.pk, "direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?season={season.pk}"
    assert ranking() == [first.pk, third.pk, second.pk]
    assert "The ranking is saved." in messages_of(response)


def test_moving_the_last_one_down_changes_nothing(client_for, season, three):
    client_for("coordinator").post(
        RANK, {"season": season.pk, "move": three[2].pk, "direction": "down"}
    )

    assert ranking() == [nomination.pk for nomination in three]


def test_dragging_posts_the_whole_new_order(client_for, season, three):
    first, second, third = three

    client_for("coordinator").post(
        RANK, {"season": season.pk, "order": f"{third.pk},{first.pk},{second.pk}"}
    )

    assert ranking() == [third.pk, first.pk, second.pk]


def test_an_order_that_leaves_out_a_nomination_is_refused_with_a_message(client_for, season, three):
    response = client_for("coordinator").post(
        RANK, {"season": season.pk, "order": f"{three[1].pk},{three[0].pk}"}
    )

    assert "List every nomination of the city exactly once." in messages_of(response)
    assert ranking() == [nomination.pk for nomination in three]


def test_after_the_deadline_the_ranking_is_refused_with_the_reason(client_for, season, three):
    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").post(
            RANK, {"season": season.pk, "move": three[1].pk, "direction": "up"}
        )

    assert "deadline of Kumamoto passed" in " ".join(messages_of(response))
    assert ranking() == [nomination.pk for nomination in three]
