"""The organiser's season charts: each figure as a bar with its segments, where it is drawn and
which filtered list it links to. Templates in templates/portal/charts/ draw them as SVG."""

import datetime as dt
import textwrap
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import TextChoices
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext_lazy as _

from ish.exchange.models import Application
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.portal import figures
from ish.portal.status_colours import BLUE, colour_of
from ish.seasons.models import Season

WIDTH = 640  # of every chart's viewBox; the SVG scales to its column
LABEL_WIDTH = 180  # names left of horizontal bars
VALUE_WIDTH = 44  # totals right of them
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PLOT_HEIGHT = 160  # of column charts, above their axis labels
AXIS_HEIGHT = 22
LONGEST_LABEL = 24  # characters of a name that fit on one line left of a bar
LINE_HEIGHT = 13  # of a name wrapped onto more lines: its row grows by a line each
FEWEST_SLOTS = 10  # a column is never wider than a tenth of the chart
TICK_HALF_WIDTH = 15  # of the longest axis label ("30.12.") at the columns' font size
# Labs drawn at most: the fullest, enough for a season's real size (the demo has 21); the
# placements board lists every lab a page at a time, so a benchmark's 1,000 are not drawn here.
LABS_SHOWN = 25

# Figures that are no status (guests, arrivals) are drawn in the primary blue.
PLAIN = BLUE.background


@dataclass
class Segment:
    label: str
    value: int
    url: str = ""
    tone: str = PLAIN
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Bar:
    label: str
    segments: list[Segment]
    limit: int | None = None  # a capacity the bar is measured against
    url: str = ""
    tick: str = ""  # the axis label of a column, where one fits
    # Where it is drawn: set by horizontal() or columns().
    x: float = 0
    y: float = 0
    end: float = 0  # where the segments end: the total is written beyond
    text_x: float = 0
    text_y: float = 0
    limit_at: float | None = None  # the capacity's line (horizontal) or top (columns)
    limit_size: float = 0  # how high the capacity's column is
    limit_top: float = 0  # where the capacity's line starts and ends (horizontal)
    limit_bottom: float = 0
    # The name left of a horizontal bar, wrapped rather than cut: (line, its baseline).
    label_lines: list[tuple[str, float]] = field(default_factory=list)
    # The name's own writing direction, and its end that touches the axis (start or end, as SVG
    # counts them in that direction): a Latin name and a Hebrew one both end at the bar.
    label_direction: str = "ltr"
    label_anchor: str = "end"

    @property
    def total(self) -> int:
        return sum(segment.value for segment in self.segments)

    def wrapped_label(self) -> list[str]:
        """The name on as many lines as it needs, none longer than fits left of the bar."""
        return textwrap.wrap(str(self.label), LONGEST_LABEL) or [""]


@dataclass
class Series:
    label: str
    tone: str = PLAIN


@dataclass
class Chart:
    """Bars whose segments follow `series`, one for one; the table beside the chart has a
    column per series, headed `subject` on the left and `limit_label` on the right."""

    name: str  # for ids and test ids
    title: str
    subject: str
    series: list[Series]
    bars: list[Bar]
    limit_label: str = ""
    width: int = WIDTH
    height: float = 0
    kind: str = "bars"  # horizontal bars, or "columns"
    label_width: int = LABEL_WIDTH
    axis_x: float = LABEL_WIDTH  # the line the horizontal bars start from
    label_x: float = LABEL_WIDTH - 6  # where their names end
    value_anchor: str = "start"  # which end of a bar's total (written left to right) is at text_x
    baseline: float = 0  # of columns
    # Where only some of the figures are drawn: says how many more there are, and links to them.
    more: str = ""
    more_url: str = ""
    more_link: str = ""


def _largest(chart: Chart) -> int:
    return max([1, *(bar.total for bar in chart.bars), *(bar.limit or 0 for bar in chart.bars)])


def horizontal(chart: Chart) -> Chart:
    """One bar per row, its segments stacked left to right, scaled to the largest bar or limit;
    names on the left, totals on the right (the other way round in a right-to-left language)."""
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / _largest(chart)
    y = 0.0
    for bar in chart.bars:
        lines = bar.wrapped_label()
        row_height = ROW_HEIGHT + (len(lines) - 1) * LINE_HEIGHT
        bar.x, bar.y = LABEL_WIDTH, y
        y += row_height
        top = bar.y + (row_height - BAR_HEIGHT) / 2
        # The name's lines centred on the bar, as a single line's baseline sits on it.
        first = top + BAR_HEIGHT - 4 - (len(lines) - 1) * LINE_HEIGHT / 2
        bar.label_lines = [
            (line, round(first + index * LINE_HEIGHT, 1)) for index, line in enumerate(lines)
        ]
        bar.limit_top, bar.limit_bottom = top - 2, top + BAR_HEIGHT + 2
        x = float(LABEL_WIDTH)
        for segment in bar.segments:
            width = segment.value * scale
            segment.x, segment.y, segment.width, segment.height = x, top, width, BAR_HEIGHT
            x += width
        bar.end = x
        if bar.limit is not None:
            bar.limit_at = LABEL_WIDTH + bar.limit * scale
        bar.text_x, bar.text_y = max(bar.end, bar.limit_at or 0) + 5, top + BAR_HEIGHT - 4
        bar.label_direction = _direction(str(bar.label))
        bar.label_anchor = "end" if bar.label_direction == "ltr" else "start"
    chart.height = max(ROW_HEIGHT, y)
    return _rounded(_mirrored(chart) if get_language_bidi() else chart)


def columns(chart: Chart) -> Chart:
    """One column per bar, left to right (right to left in Hebrew), its segments stacked upwards
    and its limit behind it; the axis names every few columns."""
    scale = PLOT_HEIGHT / _largest(chart)
    slot = WIDTH / max(FEWEST_SLOTS, len(chart.bars))
    every = max(1, round(len(chart.bars) / 10))
    for index, bar in enumerate(chart.bars):
        bar.x, bar.y = index * slot + slot * 0.15, PLOT_HEIGHT
        y = float(PLOT_HEIGHT)
        for segment in bar.segments:
            height = segment.value * scale
            y -= height
            segment.x, segment.y, segment.width, segment.height = bar.x, y, slot * 0.7, height
        bar.end = y
        if bar.limit is not None:
            bar.limit_size = bar.limit * scale
            bar.limit_at = PLOT_HEIGHT - bar.limit_size
        # A tick is centred below its column, but never drawn beyond either edge of the chart.
        centre = min(max(index * slot + slot / 2, TICK_HALF_WIDTH), WIDTH - TICK_HALF_WIDTH)
        bar.text_x, bar.text_y = centre, PLOT_HEIGHT + AXIS_HEIGHT - 6
        if index % every:
            bar.tick = ""
    chart.kind, chart.baseline = "columns", PLOT_HEIGHT
    chart.height = PLOT_HEIGHT + AXIS_HEIGHT
    return _rounded(_mirrored(chart) if get_language_bidi() else chart)


def _direction(text: str) -> str:
    """The direction `text` is written in, from its first letter (as HTML's dir="auto")."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _mirrored(chart: Chart) -> Chart:
    """The chart for a right-to-left reader, as the table beside it reads: names on the right,
    bars growing leftwards, the first night or day on the right. Only places move; names keep
    their own direction, and figures and dates are still written left to right."""

    def mirror(x: float) -> float:
        return chart.width - x

    for bar in chart.bars:
        for segment in bar.segments:
            segment.x = mirror(segment.x + segment.width)
        bar.text_x = mirror(bar.text_x)
        if chart.kind == "columns":
            # A column's x is its left edge (its capacity is drawn behind it from there).
            bar.x = mirror(bar.x + bar.segments[0].width)
        else:
            bar.x, bar.end = mirror(bar.x), mirror(bar.end)
            if bar.limit_at is not None:
                bar.limit_at = mirror(bar.limit_at)
            # The name's end that touches the axis is now its left one.
            bar.label_anchor = "start" if bar.label_direction == "ltr" else "end"
    chart.axis_x, chart.label_x = mirror(chart.axis_x), mirror(chart.label_x)
    chart.value_anchor = "end"
    return chart


def _rounded(chart: Chart) -> Chart:
    """Coordinates to a tenth of a unit: plenty for a screen, and short to send."""
    for bar in chart.bars:
        for segment in bar.segments:
            for name in ("x", "y", "width", "height"):
                setattr(segment, name, round(getattr(segment, name), 1))
        for name in (
            "x",
            "y",
            "end",
            "text_x",
            "text_y",
            "limit_size",
            "limit_top",
            "limit_bottom",
        ):
            setattr(bar, name, round(getattr(bar, name), 1))
        if bar.limit_at is not None:
            bar.limit_at = round(bar.limit_at, 1)
    return chart


def _tone(status: TextChoices) -> str:
    """A status's colour, the same as its badge's."""
    return colour_of(status).background


def _url(name: str, **query) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def nominations_chart(season: Season) -> Chart:
    """Nominations per city, stacked by status; each segment opens the list it counts."""
    cities = figures.nominations_per_city(season)
    present = {status for city in cities for status in city.counts}
    statuses = [status for status in Nomination.Status if status in present]
    bars = [
        Bar(
            city.name,
            [
                Segment(
                    status.label,
                    city.counts.get(status, 0),
                    _url("nominations:list", season=season.pk, city=city.slug, status=status),
                    _tone(status),
                )
                for status in statuses
            ],
            url=_url("nominations:list", season=season.pk, city=city.slug),
        )
        for city in cities
    ]
    series = [Series(status.label, _tone(status)) for status in statuses]
    return horizontal(Chart("nominations", _("Nominations per city"), _("City"), series, bars))


def labs_chart(season: Season) -> Chart:
    """The fullest labs' accepted and offered students against their capacity, over capacity
    first; each opens the lab's row on the placements board, which shows that lab and its
    students. Beyond LABS_SHOWN labs, a line says how many more there are and links to the
    board's table of every lab (it pages them)."""
    statuses = [Placement.Status.ACCEPTED, Placement.Status.OFFERED]
    fullest = figures.fullest_labs(season, LABS_SHOWN)
    bars = [
        Bar(
            f"{lab.name} ({lab.institute.short_name})",
            [
                Segment(status.label, getattr(lab, status), _lab_url(season, lab), _tone(status))
                for status in statuses
            ],
            limit=lab.capacity,
            url=_lab_url(season, lab),
        )
        for lab in fullest.labs
    ]
    series = [Series(status.label, _tone(status)) for status in statuses]
    chart = Chart("labs", _("Lab places used"), _("Lab"), series, bars, limit_label=_("Capacity"))
    more = fullest.count - len(bars)
    if more > 0:
        chart.more = ngettext(
            "The %(shown)d fullest labs, over capacity first; %(more)d more lab is not drawn.",
            "The %(shown)d fullest labs, over capacity first; %(more)d more labs are not drawn.",
            more,
        ) % {"shown": len(bars), "more": more}
        chart.more_url = f"{_url('placements:board', season=season.pk)}#labs"
        chart.more_link = _("Every lab on the lab placements page")
    return horizontal(chart)


def _lab_url(season: Season, lab) -> str:
    return f"{_url('placements:board', season=season.pk, lab=lab.pk)}#lab-{lab.pk}"


def _night_url(season: Season, night: dt.date) -> str:
    """The calendar shows a week at a time: the week of the night, at its column."""
    calendar = _url("housing:calendar", season=season.pk, week=night.isoformat())
    return f"{calendar}#night-{night:%Y-%m-%d}"


def beds_chart(season: Season) -> Chart:
    """Guests per night against the beds available that night; each opens the season's
    occupancy calendar at that night's column."""
    bars = [
        Bar(
            formats.date_format(night.night, "WEEKDAY_DAY_FORMAT"),
            [Segment(_("Guests"), night.guests, _night_url(season, night.night))],
            limit=night.beds,
            url=_night_url(season, night.night),
            tick=formats.date_format(night.night, "AXIS_DAY_FORMAT"),
        )
        for night in figures.beds_per_night(season)
    ]
    return columns(
        Chart(
            "beds",
            _("Beds used per night"),
            _("Night"),
            [Series(_("Guests"))],
            bars,
            limit_label=_("Beds"),
        )
    )


def arrivals_chart(season: Season) -> Chart:
    """Students arriving per day; each day opens its part of the arrivals page."""
    arrivals = _url("participants:arrivals", season=season.pk)
    bars = []
    for day, count in figures.arrivals_per_day(season).items():
        url = f"{arrivals}#day-{day.isoformat()}" if count else ""
        label = formats.date_format(day, "WEEKDAY_DAY_FORMAT")
        tick = formats.date_format(day, "AXIS_DAY_FORMAT")
        bars.append(Bar(label, [Segment(_("Arrivals"), count, url)], url=url, tick=tick))
    return columns(
        Chart("arrivals", _("Arrivals per day"), _("Day"), [Series(_("Arrivals"))], bars)
    )


def exchange_chart(season: Season) -> Chart:
    """Outbound applications (every programme) per status, in workflow order; each opens the
    list of that status."""
    bars = []
    for value, count in figures.exchange_pipeline(season).items():
        status = Application.Status(value)
        url = _url("exchange:list", season=season.pk, status=status)
        bars.append(Bar(status.label, [Segment(status.label, count, url, _tone(status))], url=url))
    return horizontal(
        Chart(
            "exchange",
            _("Outbound applications"),
            _("Status"),
            [Series(_("Applications"))],
            bars,
        )
    )


def season_charts(season: Season) -> list[Chart]:
    return [
        nominations_chart(season),
        labs_chart(season),
        beds_chart(season),
        arrivals_chart(season),
        exchange_chart(season),
    ]
