"""Before any season is set up: every page with a season picker says so in one notice, and every
action that needs a season sends its reader back with the same words."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = pytest.mark.django_db

NO_SEASON = "No season has been set up yet."
NO_SEASON_DE = "Es ist noch keine Saison eingerichtet."
NOTICE = 'data-testid="no-season"'

# Who opens which page with a season picker (and the dashboard, which shows the season).
PAGES = [
    ("organiser", "portal:dashboard"),
    ("coordinator", "portal:dashboard"),
    ("lab_host", "portal:dashboard"),
    ("organiser", "portal:season"),
    ("coordinator", "nominations:list"),
    ("organiser", "housing:calendar"),
    ("organiser", "participants:arrivals"),
    ("organiser", "housing:mine"),
    ("coordinator", "housing:mine"),
    ("organiser", "placements:board"),
    ("organiser", "placements:list"),
    ("coordinator", "placements:list"),
    ("lab_host", "placements:offers"),
    ("organiser", "exchange:departures"),
    ("organiser", "exchange:call"),
]

# What needs a season to act on: its method, and the page it sends the reader back to.
ACTIONS = [
    ("organiser", "post", "placements:match", "placements:board"),
    ("organiser", "post", "placements:offer_all", "placements:board"),
    ("organiser", "post", "housing:suggest", "housing:calendar"),
    ("organiser", "post", "housing:confirm_all", "housing:calendar"),
    ("organiser", "post", "housing:assign", "housing:calendar"),
    ("organiser", "get", "nominations:create", "nominations:list"),
    ("coordinator", "get", "nominations:create", "nominations:list"),
    ("coordinator", "post", "nominations:create", "nominations:list"),
    ("coordinator", "get", "nominations:import", "nominations:list"),
    ("organiser", "post", "nominations:import", "nominations:list"),
    ("coordinator", "get", "nominations:import_template", "nominations:list"),
]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_a_page_with_a_season_picker_says_once_that_no_season_is_set_up(client_as, role, page):
    response = client_as(role).get(reverse(page))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(NOTICE) == 1
    assert html.count(NO_SEASON) == 1


@pytest.mark.parametrize(("role", "page"), [("organiser", "placements:board")])
def test_the_notice_is_in_the_readers_language(client_as, role, page):
    html = client_as(role).get(reverse(page), HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert NO_SEASON_DE in html


@pytest.mark.parametrize(("role", "method", "action", "back"), ACTIONS)
def test_an_action_that_needs_a_season_sends_the_reader_back_with_the_one_message(
    client_as, role, method, action, back
):
    response = getattr(client_as(role), method)(reverse(action))

    assert response.status_code == 302
    assert response["Location"] == reverse(back)
    assert messages_of(response) == [NO_SEASON]


def test_the_message_is_in_the_readers_language(client_as):
    response = client_as("organiser").post(reverse("housing:suggest"), HTTP_ACCEPT_LANGUAGE="de")

    assert messages_of(response) == [NO_SEASON_DE]


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 403), ("lab_host", 403), ("anonymous", 302)]
)
def test_the_role_is_checked_before_the_season(client_as, role, status):
    response = client_as(role).post(reverse("placements:match"))

    assert response.status_code == status
    assert messages_of(response) == []
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


def test_with_a_season_the_action_gets_the_season_chosen(client_as, season):
    response = client_as("organiser").post(reverse("placements:offer_all"), {"season": season.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('placements:board')}?season={season.pk}"
    assert messages_of(response) == ["There were no proposals to offer."]
