"""The shared template components: the stat card, the status badge with its one status→colour
map (shared with the charts), and the season picker, each alone and on the pages that use it."""

import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ish.exchange.models import Application
from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement
from ish.portal.status_colours import colour_of
from tests.factories import (
    ApplicationFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)

# Every model whose status the portal shows as a badge.
BADGED = [
    Nomination.Status,
    Placement.Status,
    HousingAssignment.Status,
    Application.Status,
    OutboundEmail.Status,
]
EVERY_STATUS = [status for statuses in BADGED for status in statuses]
BADGE = re.compile(
    r'<span class="badge (?P<tone>tone-[a-z-]+)" data-status="(?P<status>[a-z_]+)">'
    r"(?P<label>[^<]*)</span>"
)
# A rule of the stylesheet every page links (base.html), which gives a badge's class its colours.
TONE_RULE = re.compile(
    r"\.(?P<tone>tone-[a-z-]+) \{ background-color: (?P<background>#[0-9a-f]{3,6}); "
    r"color: (?P<text>#[0-9a-f]{3,6}); \}"
)


def rendered(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def served_tones() -> dict[str, dict[str, str]]:
    """The colours of each badge class, as the browser gets them from the site."""
    css = Client().get(reverse("portal:status_colours")).content.decode()
    return {rule["tone"]: rule.groupdict() for rule in TONE_RULE.finditer(css)}


def as_shown(match: re.Match) -> dict[str, str]:
    """A badge's status and label, and the background and text colour its class gives it."""
    return {"status": match["status"], "label": match["label"], **served_tones()[match["tone"]]}


def badge(html: str) -> dict[str, str]:
    """The one badge `html` is."""
    return as_shown(BADGE.fullmatch(html))


def badges(html: str) -> dict[str, dict[str, str]]:
    """The badges of a page by their data-status (the last of each)."""
    return {match["status"]: as_shown(match) for match in BADGE.finditer(html)}


def segment_fill(page: str, title_end: str) -> str:
    """The fill of the chart segment whose tooltip ends with `title_end` ("accepted 1")."""
    return re.search(rf'fill="(#[0-9a-f]{{6}})"><title>[^<]*: {title_end}</title>', page)[1]


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rgb or #rrggbb colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- the status→colour map ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", EVERY_STATUS, ids=lambda status: f"{type(status).__qualname__}.{status}"
)
def test_every_status_of_every_badged_model_has_a_colour_whose_text_reads_at_wcag_aa(status):
    tone = colour_of(status)

    assert contrast(tone.text, tone.background) >= 4.5


def test_the_contrast_check_knows_the_extremes():
    assert contrast("#fff", "#000") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)


@pytest.mark.parametrize("statuses", BADGED, ids=lambda statuses: statuses.__qualname__)
def test_the_statuses_of_one_model_have_colours_a_stacked_chart_can_tell_apart(statuses):
    backgrounds = [colour_of(status).background for status in statuses]

    assert len(set(backgrounds)) == len(backgrounds)


def test_a_status_word_has_the_same_colour_in_every_model():
    colours: dict[str, set[str]] = {}
    for status in EVERY_STATUS:
        colours.setdefault(status.value, set()).add(colour_of(status).background)

    assert {word: found for word, found in colours.items() if len(found) > 1} == {}


# --- the status badge ---------------------------------------------------------------------------


def test_a_badge_shows_an_objects_status_label_in_the_readers_language_with_its_data_status(db):
    nomination = NominationFactory.build(status=Nomination.Status.WAITLISTED)

    with translation.override("de"):
        shown = badge(rendered("{% status_badge nomination %}", nomination=nomination))

    assert (shown["status"], shown["label"]) == ("waitlisted", "auf der Warteliste")
    assert shown["background"] == colour_of(Nomination.Status.WAITLISTED).background


def test_a_badge_of_a_bare_status_writes_its_count_before_the_label():
    html = rendered("{% status_badge status count=3 %}", status=Placement.Status.OFFERED)

    shown = badge(html)
    assert (shown["status"], shown["label"]) == ("offered", "3 offered")


def test_a_badge_of_nothing_shows_its_label_as_status_none():
    shown = badge(rendered('{% status_badge None label=_("no lab") %}'))

    assert (shown["status"], shown["label"]) == ("none", "no lab")


def test_a_badge_escapes_its_label():
    html = rendered("{% status_badge None label=label %}", label="<b>x</b>")

    assert "&lt;b&gt;x&lt;/b&gt;" in html


# --- badges and charts share their colours ------------------------------------------------------


def test_the_nominations_chart_draws_each_status_in_the_colour_of_its_badge(
    client_as, season, quota
):
    shown = [Nomination.Status.SUBMITTED, Nomination.Status.ACCEPTED, Nomination.Status.CONFIRMED]
    for status in shown:
        NominationFactory(season=season, status=status)
    organiser = client_as("organiser")

    listing = badges(
        organiser.get(reverse("nominations:list"), {"season": season.pk}).content.decode()
    )
    chart = organiser.get(reverse("portal:season"), {"season": season.pk}).content.decode()

    for status in shown:
        assert segment_fill(chart, f"{status.label} 1") == listing[status]["background"]
    assert len({listing[status]["background"] for status in shown}) == len(shown)


def test_the_labs_and_exchange_charts_draw_statuses_in_the_colours_of_their_badges(
    client_as, season
):
    PlacementFactory(nomination__season=season, status=Placement.Status.OFFERED)
    ApplicationFactory(season=season, status=Application.Status.SHORTLISTED)
    organiser = client_as("organiser")

    board = badges(
        organiser.get(reverse("placements:board"), {"season": season.pk}).content.decode()
    )
    applications = badges(organiser.get(reverse("exchange:list")).content.decode())
    chart = organiser.get(reverse("portal:season"), {"season": season.pk}).content.decode()

    assert segment_fill(chart, "offered 1") == board["offered"]["background"]
    assert segment_fill(chart, "shortlisted 1") == applications["shortlisted"]["background"]


def test_the_organisers_dashboard_counts_each_citys_nominations_in_status_badges(
    client_as, season, quota
):
    NominationFactory.create_batch(2, season=season, status=Nomination.Status.SUBMITTED)

    page = client_as("organiser").get(reverse("portal:dashboard")).content.decode()

    submitted = badges(page)["submitted"]
    assert submitted["label"] == "2 submitted"
    assert submitted["background"] == colour_of(Nomination.Status.SUBMITTED).background


# --- the stat card ------------------------------------------------------------------------------


def test_a_stat_card_shows_its_label_and_figure_marked_with_its_test_id():
    html = rendered('{% stat_card _("Places") 12 testid="places" %}')

    assert '<div class="small text-body-secondary">Places</div>' in html
    assert re.search(r'<div class="fs-4 fw-semibold" data-testid="places">12</div>', html)


def test_a_stat_card_writes_the_limit_it_is_measured_against_and_links_its_label():
    html = rendered('{% stat_card _("Accepted") 3 of=5 testid="accepted" href="#accepted" %}')

    assert '<a href="#accepted">Accepted</a>' in html
    figure = re.search(r'data-testid="accepted">(.*?)</div>', html)[1]
    assert re.sub(r"<[^>]+>", "", figure) == "3 / 5"


def test_a_stat_card_without_a_test_id_marks_nothing_and_shows_a_zero():
    html = rendered('{% stat_card _("Places") 0 %}')

    assert "data-testid" not in html
    assert '<div class="fs-4 fw-semibold">0</div>' in html


# --- the season picker --------------------------------------------------------------------------


def test_the_season_picker_offers_every_season_with_the_shown_one_selected(db):
    later, earlier = SeasonFactory(year=2027), SeasonFactory(year=2026)

    html = rendered("{% season_picker season seasons %}", season=earlier, seasons=[later, earlier])

    options = re.findall(r'<option value="(\d+)"( selected)?>', html)
    assert options == [(str(later.pk), ""), (str(earlier.pk), " selected")]
    assert 'name="season"' in html


def test_with_one_season_the_picker_names_it_and_with_none_shows_nothing(db):
    only = SeasonFactory(year=2027)

    assert '<p class="mb-0 text-body-secondary" data-testid="season">ISH 2027</p>' in rendered(
        "{% season_picker season seasons %}", season=only, seasons=[only]
    )
    assert rendered("{% season_picker season seasons %}", season=None, seasons=[]).strip() == ""


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("coordinator", "nominations:list"),
        ("organiser", "exchange:departures"),
        ("organiser", "exchange:call"),
        ("organiser", "placements:board"),
        ("organiser", "housing:calendar"),
        ("organiser", "portal:season"),
    ],
)
def test_each_page_with_seasons_to_pick_shows_the_shared_picker_on_the_asked_season(
    client_as, quota, role, page
):
    earlier = SeasonFactory(year=2026)

    html = client_as(role).get(reverse(page), {"season": earlier.pk}).content.decode()

    assert html.count('id="season-select"') == 1
    assert f'<option value="{earlier.pk}" selected>' in html


def test_the_status_filter_marks_the_chosen_status_and_keeps_the_other_filters():
    html = Template(
        "{% load components %}{% status_filter counts 5 chosen 'season=1' 'Per status' %}"
    ).render(Context({"counts": [("draft", "draft", 2), ("submitted", "submitted", 3)],
                      "chosen": ["submitted"]}))  # fmt: skip

    assert 'aria-label="Per status"' in html
    assert 'href="?season=1&amp;status=submitted" data-status-count="submitted">Submitted' in html
    assert re.search(r'nav-link py-1 px-2 active" href="\?season=1&amp;status=submitted"', html)
    assert not re.search(r'active" href="\?season=1">', html)  # "All" is not chosen


# --- the badges' stylesheet ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", EVERY_STATUS, ids=lambda status: f"{type(status).__qualname__}.{status}"
)
def test_every_badge_gets_its_statuss_colours_from_the_stylesheet_readable_at_wcag_aa(status):
    shown = badge(rendered("{% status_badge status %}", status=status))

    assert (shown["background"], shown["text"]) == (
        colour_of(status).background,
        colour_of(status).text,
    )
    assert contrast(shown["text"], shown["background"]) >= 4.5


def test_every_page_links_the_badges_stylesheet_which_browsers_may_keep(client_as, season):
    page = client_as("coordinator").get(reverse("nominations:list")).content.decode()

    link = re.search(r'<link rel="stylesheet" href="(/status-colours\.css\?v=[0-9a-f]+)">', page)[1]
    response = Client().get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert TONE_RULE.search(response.content.decode())
