"""The season's lab chart at any number of labs: the fullest drawn, over capacity first, a line
with how many more there are and a link to every lab, and the same queries for 10 or 200."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.labs.models import Lab
from ish.portal import charts
from tests.factories import InstituteFactory, LabFactory, PlacementFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("portal:season")


def labs(count: int) -> None:
    """Labs, without students this season, until there are `count` (the lab host's among them:
    signing in as any role creates it)."""
    institute = InstituteFactory()
    for _ in range(count - Lab.objects.count()):
        LabFactory(institute=institute)


def placed(season, lab, accepted: int = 0, offered: int = 0) -> None:
    for status, count in [("accepted", accepted), ("offered", offered)]:
        for _ in range(count):
            PlacementFactory(nomination__season=season, lab=lab, status=status)


def section(page: str, testid: str, tag: str) -> str:
    return re.search(rf'<{tag}[^>]*data-testid="{testid}".*?</{tag}>', page, re.S).group(0)


def test_labs_are_drawn_over_capacity_first_then_the_fullest_then_the_most_students(season):
    quarter = LabFactory(name="Quarter", capacity=4)
    over = LabFactory(name="Over", capacity=1)
    full = LabFactory(name="Full", capacity=2)
    third = LabFactory(name="Third", capacity=9)
    busier_quarter = LabFactory(name="Busier quarter", capacity=8)
    LabFactory(name="Empty", capacity=1)
    placed(season, quarter, accepted=1)
    placed(season, over, accepted=1, offered=1)
    placed(season, full, accepted=1, offered=1)
    placed(season, third, offered=3)
    placed(season, busier_quarter, accepted=2)

    chart = charts.labs_chart(season)

    assert [bar.label.split(" (")[0] for bar in chart.bars] == [
        "Over", "Full", "Third", "Busier quarter", "Quarter", "Empty"
    ]  # fmt: skip
    assert [bar.total for bar in chart.bars] == [2, 2, 3, 2, 1, 0]
    assert chart.more == ""


def test_every_lab_is_drawn_and_nothing_more_is_said_when_they_all_fit(season, client_as):
    client = client_as("organiser")
    labs(25)

    page = client.get(PAGE).content.decode()

    assert section(page, "svg-labs", "svg").count('data-testid="bar"') == 25
    assert 'data-testid="chart-more"' not in page


def test_at_200_labs_the_chart_and_its_table_show_the_25_fullest_and_say_how_many_more(
    season, client_as
):
    client = client_as("organiser")
    labs(197)
    fullest = [LabFactory(name=f"Busy {n}", capacity=2) for n in range(3)]
    for lab in fullest:
        placed(season, lab, accepted=1, offered=1)

    page = client.get(PAGE).content.decode()

    svg = section(page, "svg-labs", "svg")
    table = section(page, "figures-labs", "table")
    assert svg.count('data-testid="bar"') == 25
    assert table.count('data-testid="figure-row"') == 25
    # The chart and its table name the same labs, in the same order, the fullest first.
    drawn = re.findall(r"<text [^>]*>.*?<title>([^<]+)</title></text>", svg)
    listed = re.findall(r'<th scope="row"[^>]*><a [^>]*><bdi>([^<]+)</bdi></a>', table)
    assert drawn == listed
    assert [name.split(" (")[0] for name in drawn[:3]] == ["Busy 0", "Busy 1", "Busy 2"]
    more = section(page, "chart-more", "p")
    assert "The 25 fullest labs, over capacity first; 175 more labs are not drawn." in more
    board = f"/placements/board/?season={season.pk}#labs"
    assert f'href="{board}"' in more
    assert "Every lab on the lab placements page" in more
    board_page = client.get(board.split("#")[0]).content.decode()
    assert 'data-testid="lab-pages"' in board_page  # where the other 175 are, a page at a time


def test_one_more_lab_is_said_in_the_singular_and_in_german(season, organiser, client_as):
    client = client_as("organiser")
    labs(26)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    organiser.language = "de"
    organiser.save()

    assert charts.labs_chart(season).more == (
        "The 25 fullest labs, over capacity first; 1 more lab is not drawn."
    )
    more = section(client.get(PAGE).content.decode(), "chart-more", "p")
    assert "Die 25 vollsten Labore, überbelegte zuerst; 1 weiteres Labor ist nicht gezeichnet." in (
        more
    )
    assert "Alle Labore auf der Seite „Laborplätze“" in more


def test_the_lab_chart_costs_the_same_queries_for_10_or_200_labs(
    season, client_as, django_assert_max_num_queries
):
    client = client_as("organiser")
    placed(season, LabFactory(capacity=3), accepted=1)
    labs(10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200

    labs(199)
    placed(season, LabFactory(capacity=3), accepted=2, offered=1)
    with django_assert_max_num_queries(len(few)):
        page = client.get(PAGE).content.decode()

    assert "175 more labs are not drawn." in page
