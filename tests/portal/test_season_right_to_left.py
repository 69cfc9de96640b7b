"""The season's charts for a right-to-left reader: mirrored as the table beside them reads (names
on the right, bars growing leftwards, the first night on the right), names in their own direction,
figures and dates still written left to right."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from ish.nominations.models import Nomination
from ish.portal import charts
from tests.factories import NominationFactory
from tests.portal.page_reader import LANGUAGE_COOKIE

pytestmark = pytest.mark.django_db

HEBREW_NAME = "\u05de\u05e2\u05d1\u05d3\u05d4"  # a lab's name in Hebrew letters


def bars_chart() -> charts.Chart:
    bars = [
        charts.Bar("Kumamoto", [charts.Segment("a", 2), charts.Segment("b", 1)], limit=4),
        charts.Bar(HEBREW_NAME, [charts.Segment("a", 1), charts.Segment("b", 0)], limit=2),
    ]
    series = [charts.Series("a"), charts.Series("b")]
    return charts.horizontal(charts.Chart("t", "T", "S", series, bars, limit_label="L"))


def columns_chart() -> charts.Chart:
    bars = [
        charts.Bar(f"night {day}", [charts.Segment("a", day)], limit=5, tick=f"{day}.7.")
        for day in (1, 2, 3)
    ]
    return charts.columns(charts.Chart("c", "C", "S", [charts.Series("a")], bars))


def drawn(language: str, chart):
    with translation.override(language):
        return chart()


def test_in_hebrew_bars_grow_leftwards_from_their_names_on_the_right():
    english, hebrew = drawn("en", bars_chart), drawn("he", bars_chart)
    width = charts.WIDTH

    assert english.label_x < english.axis_x
    assert hebrew.label_x > hebrew.axis_x
    assert hebrew.axis_x == pytest.approx(width - english.axis_x)
    for ltr, rtl in zip(english.bars, hebrew.bars, strict=True):
        for left, right in zip(ltr.segments, rtl.segments, strict=True):
            # The same segment, its right edge where the English one's left edge is mirrored.
            assert right.x + right.width == pytest.approx(width - left.x, abs=0.2)
            assert right.x + right.width <= hebrew.axis_x + 0.1
        assert rtl.limit_at == pytest.approx(width - ltr.limit_at, abs=0.2)
        # The total is written beyond the bar and its capacity: left of both in Hebrew.
        assert rtl.text_x < min(segment.x for segment in rtl.segments)
        assert rtl.text_x < rtl.limit_at
    assert (english.value_anchor, hebrew.value_anchor) == ("start", "end")


def test_a_bars_name_keeps_its_own_direction_and_ends_beside_the_bar():
    english, hebrew = drawn("en", bars_chart), drawn("he", bars_chart)

    # SVG anchors "start" and "end" in the text's own direction: the end of Latin text is its
    # right, of Hebrew text its left.
    latin, hebrew_letters = english.bars
    assert (latin.label_direction, latin.label_anchor) == ("ltr", "end")
    assert (hebrew_letters.label_direction, hebrew_letters.label_anchor) == ("rtl", "start")
    latin, hebrew_letters = hebrew.bars
    assert (latin.label_direction, latin.label_anchor) == ("ltr", "start")
    assert (hebrew_letters.label_direction, hebrew_letters.label_anchor) == ("rtl", "end")


def test_in_hebrew_the_first_column_is_on_the_right():
    english, hebrew = drawn("en", columns_chart), drawn("he", columns_chart)
    width = charts.WIDTH

    lefts = [bar.segments[0].x for bar in hebrew.bars]
    assert lefts == sorted(lefts, reverse=True)
    for ltr, rtl in zip(english.bars, hebrew.bars, strict=True):
        segment, mirrored = ltr.segments[0], rtl.segments[0]
        assert mirrored.x == pytest.approx(width - segment.x - segment.width, abs=0.2)
        assert rtl.x == pytest.approx(mirrored.x, abs=0.2)  # its capacity behind it
        assert rtl.text_x == pytest.approx(width - ltr.text_x, abs=0.2)
        assert (rtl.y, rtl.end, rtl.limit_at) == (ltr.y, ltr.end, ltr.limit_at)


def test_the_season_page_in_hebrew_writes_figures_and_dates_left_to_right(season, client_as):
    NominationFactory(season=season, status=Nomination.Status.SUBMITTED)

    client = client_as("organiser")
    client.cookies[LANGUAGE_COOKIE] = "he"

    html = client.get(reverse("portal:season")).content
    svg = re.search(r'<svg[^>]*data-testid="svg-nominations".*?</svg>', html.decode(), re.S)

    axis = charts.WIDTH - charts.LABEL_WIDTH
    assert f'<line x1="{axis}" x2="{axis}"' in svg.group(0)
    totals = re.findall(r"<text [^>]*>\d+</text>", svg.group(0))
    assert totals
    assert all('direction="ltr"' in total and 'text-anchor="end"' in total for total in totals)
