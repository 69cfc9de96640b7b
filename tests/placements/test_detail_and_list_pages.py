"""A placement's own page, the coordinator's list of their city's placements, and the navigation
that leads each role to its placement page."""

import pytest
from django.urls import reverse

from ish.placements.models import Placement
from ish.seasons.models import City
from tests.placements.shared import BOARD, LIST, OFFERS, text_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


def test_the_detail_shows_lab_dates_explanation_comment_and_history(as_role, offer):
    as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "accept", "comment": "Welcome aboard!"},
    )

    page = text_of(as_role("organiser").get(reverse("placements:detail", args=[offer.pk])))

    for shown in [offer.lab.name, offer.lab.institute.name, "17 July 2027 – 13 August 2027"]:
        assert shown in page
    assert "Proposed by the ISH office." in page  # proposed by hand: no matching explanation
    history = page[page.index('data-testid="history"') :]
    assert history.index("proposed") < history.index("offered") < history.index("accepted")
    assert "Welcome aboard!" in history
    assert "Cancel the placement" in page  # the office's remaining action


def test_the_coordinator_reads_a_placement_without_any_action(as_role, offer):
    page = text_of(as_role("coordinator").get(reverse("placements:detail", args=[offer.pk])))

    assert "Mirai Offered" in page
    assert 'data-testid="actions"' not in page
    assert reverse("placements:action", args=[offer.pk]) not in page


def test_the_coordinators_list_shows_their_citys_placements_and_unplaced_students(
    as_role, offer, accepted_student, placement_in
):
    accepted_student(given_name="Still", family_name="Waiting")
    montpellier = City.objects.get(slug="montpellier")
    placement_in(Status.OFFERED, city=montpellier, given_name="Other", family_name="City")

    page = text_of(as_role("coordinator").get(LIST))

    assert "Placements of <bdi>Kumamoto</bdi>" in page
    assert "Mirai Offered" in page
    assert offer.lab.name in page
    unplaced = page[page.index('data-testid="unplaced"') :]
    assert "Still Waiting" in unplaced
    assert "Other City" not in page


@pytest.mark.parametrize(
    ("role", "link"),
    [("organiser", BOARD), ("coordinator", LIST), ("lab_host", OFFERS)],
)
def test_the_navigation_links_each_role_to_its_placement_page(as_role, season, role, link):
    page = text_of(as_role(role).get(reverse("portal:dashboard")))

    assert f'href="{link}"' in page
