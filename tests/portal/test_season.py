"""The organiser's season in charts: each chart's figures, the lists its bars open, accessible SVG,
a flat query count, and nobody else may see it."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.exchange.models import Application, School
from ish.nominations.models import Nomination
from ish.portal import charts, figures
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    AccommodationFactory,
    HousingAssignmentFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("portal:season")
Status = Nomination.Status


def nominated(season, city: str, status: str, **fields) -> Nomination:
    return NominationFactory(
        season=season, city=City.objects.get(slug=city), status=status, **fields
    )


def applied(season, status: str, family_name: str) -> Application:
    school, _ = School.objects.get_or_create(name="Helmholtz-Gymnasium")
    return Application.objects.create(
        season=season,
        school=school,
        status=status,
        given_name="Lena",
        family_name=family_name,
        date_of_birth=dt.date(2008, 3, 1),
        gender="female",
        email=f"{family_name.lower()}@example.de",
        graduation_year=2027,
        subjects="Physics",
        motivation="Science.",
        nominator_email="principal@example.de",
    )


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 7, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def nominations(season):
    """Kumamoto: 2 accepted, 1 submitted, 1 draft; Montpellier: 1 confirmed, 1 declined; and a
    Kumamoto nomination of another season, which no chart of this one counts."""
    students = {
        "Abe": nominated(season, "kumamoto", Status.ACCEPTED),
        "Sato": nominated(season, "kumamoto", Status.ACCEPTED),
        "Mori": nominated(season, "kumamoto", Status.SUBMITTED),
        "Ueda": nominated(season, "kumamoto", Status.DRAFT),
        "Dupont": nominated(season, "montpellier", Status.CONFIRMED),
        "Bernard": nominated(season, "montpellier", Status.DECLINED),
    }
    for family_name, student in students.items():
        Nomination.objects.filter(pk=student.pk).update(family_name=family_name)
    nominated(SeasonFactory(year=2026), "kumamoto", Status.ACCEPTED)
    return students


def test_nominations_per_city_are_counted_by_status(nominations, season):
    chart = charts.nominations_chart(season)

    assert [bar.label for bar in chart.bars] == ["Kumamoto", "Montpellier"]
    assert [series.label for series in chart.series] == [
        "draft", "submitted", "accepted", "declined", "confirmed"
    ]  # fmt: skip
    assert [[segment.value for segment in bar.segments] for bar in chart.bars] == [
        [1, 1, 2, 0, 0],
        [0, 0, 0, 1, 1],
    ]
    assert [bar.total for bar in chart.bars] == [4, 2]


def test_each_nomination_segment_opens_the_list_of_its_city_and_status(
    nominations, season, client_as
):
    accepted = charts.nominations_chart(season).bars[0].segments[2]
    assert accepted.url == f"/nominations/?season={season.pk}&city=kumamoto&status=accepted"

    page = client_as("organiser").get(accepted.url).content.decode()

    assert "Abe" in page
    assert "Sato" in page
    for elsewhere in ["Mori", "Ueda", "Dupont", "Bernard"]:
        assert elsewhere not in page


def test_stacked_bars_are_drawn_in_proportion(nominations, season):
    kumamoto, montpellier = charts.nominations_chart(season).bars

    widths = [segment.width for segment in kumamoto.segments if segment.value]
    assert widths[2] == pytest.approx(2 * widths[0], abs=0.2)
    assert kumamoto.end - charts.LABEL_WIDTH == pytest.approx(
        2 * (montpellier.end - charts.LABEL_WIDTH), abs=0.2
    )
    starts = [segment.x for segment in kumamoto.segments]
    assert starts == sorted(starts)
    assert kumamoto.end == pytest.approx(charts.WIDTH - charts.VALUE_WIDTH, abs=0.2)


def test_lab_places_count_accepted_and_offered_against_capacity(season, client_as):
    lab = LabFactory(name="Optical Nanoscopy", capacity=3)
    LabFactory(name="Empty lab", capacity=1)
    for status in ["accepted", "offered", "proposed", "declined"]:
        PlacementFactory(nomination__season=season, lab=lab, status=status)
    PlacementFactory(nomination__season=SeasonFactory(year=2026), lab=lab, status="accepted")

    chart = charts.labs_chart(season)

    bars = {bar.label.split(" (")[0]: bar for bar in chart.bars}
    nanoscopy = bars["Optical Nanoscopy"]
    assert [(s.label, s.value) for s in nanoscopy.segments] == [("accepted", 1), ("offered", 1)]
    assert nanoscopy.limit == 3
    assert [s.value for s in bars["Empty lab"].segments] == [0, 0]


def test_each_lab_opens_its_row_on_the_placements_board_of_the_season(season, client_as):
    lab = LabFactory(name="Optical Nanoscopy", capacity=3)
    PlacementFactory(nomination__season=season, lab=lab, status="accepted")
    SeasonFactory(year=2026)

    (bar,) = [bar for bar in charts.labs_chart(season).bars if "Nanoscopy" in bar.label]

    board = f"/placements/board/?season={season.pk}&lab={lab.pk}#lab-{lab.pk}"
    assert [segment.url for segment in bar.segments] == [board, board]
    assert bar.url == board
    page = client_as("organiser").get(board.split("#")[0])
    assert page.status_code == 200
    assert page.context["season"] == season
    assert f'data-lab="{lab.pk}"' in page.content.decode()


def test_a_long_lab_name_is_wrapped_onto_lines_of_its_own_row_and_never_cut(season):
    long_name = "Neutrino Physics and the Extraordinarily Long Names of Underground Detectors"
    LabFactory(name="Optics", capacity=3)  # "Optics (I123)": one line
    LabFactory(name=long_name, capacity=2)

    chart = charts.labs_chart(season)

    short, long = sorted(chart.bars, key=lambda bar: len(bar.label))
    assert len(short.label_lines) == 1
    assert len(long.label_lines) >= 3
    shown = " ".join(line for line, _y in long.label_lines)
    assert shown == long.label
    assert "…" not in shown
    assert all(len(line) <= 24 for line, _y in long.label_lines)
    # Its lines one below the other, inside its own row, which is taller than a one-line row.
    tops = [bar.y for bar in chart.bars] + [chart.height]
    height = {bar.label: tops[index + 1] - bar.y for index, bar in enumerate(chart.bars)}
    assert height[long.label] > height[short.label]
    baselines = [y for _line, y in long.label_lines]
    assert baselines == sorted(baselines)
    assert all(long.y < y <= long.y + height[long.label] for y in baselines)


def test_no_axis_label_of_a_column_chart_is_drawn_beyond_its_edges(season):
    for day in range(1, 32):
        nominated(
            season,
            "kumamoto",
            Status.ACCEPTED,
            arrival_at=dt.datetime(2027, 7, day, 9, 0, tzinfo=BERLIN),
        )

    chart = charts.arrivals_chart(season)

    ticks = [bar.text_x for bar in chart.bars if bar.tick]
    assert min(ticks) >= 15
    assert max(ticks) <= chart.width - 15


def test_beds_used_per_night_count_guests_against_available_beds(season):
    family = AccommodationFactory(beds=2)  # free around the whole programme
    AccommodationFactory(
        beds=3, available_from=dt.date(2027, 7, 20), available_until=dt.date(2027, 8, 31)
    )
    stay = {"check_in": dt.date(2027, 7, 17), "check_out": dt.date(2027, 7, 19)}
    HousingAssignmentFactory(nomination__season=season, accommodation=family, **stay)
    HousingAssignmentFactory(
        nomination__season=season, accommodation=family, status="confirmed", **stay
    )
    HousingAssignmentFactory(
        nomination__season=season, accommodation=family, status="cancelled", **stay
    )

    nights = {night.night: night for night in figures.beds_per_night(season)}

    assert (nights[dt.date(2027, 7, 17)].guests, nights[dt.date(2027, 7, 17)].beds) == (2, 2)
    assert (nights[dt.date(2027, 7, 18)].guests, nights[dt.date(2027, 7, 18)].beds) == (2, 2)
    assert (nights[dt.date(2027, 7, 19)].guests, nights[dt.date(2027, 7, 19)].beds) == (0, 2)
    assert nights[dt.date(2027, 7, 20)].beds == 5
    assert len(nights) == (season.ends_on - season.starts_on).days + 1
    chart = charts.beds_chart(season)
    assert chart.bars[0].limit == 2


def test_beds_per_night_are_the_occupancy_calendars_sums(season):
    """Stays and places starting before the programme, ending after it and inside it."""
    from ish.housing.selectors import occupancy_calendar

    places = [
        AccommodationFactory(beds=2),
        AccommodationFactory(
            beds=3, available_from=dt.date(2027, 7, 20), available_until=dt.date(2027, 7, 25)
        ),
        AccommodationFactory(beds=4, available_from=dt.date(2027, 8, 10)),
    ]
    stays = [
        (dt.date(2027, 7, 1), dt.date(2027, 7, 19), "proposed"),
        (dt.date(2027, 7, 18), dt.date(2027, 9, 1), "confirmed"),
        (dt.date(2027, 7, 21), dt.date(2027, 7, 22), "confirmed"),
        (dt.date(2027, 7, 21), dt.date(2027, 7, 23), "cancelled"),
        (dt.date(2027, 8, 13), dt.date(2027, 8, 15), "proposed"),
    ]
    for n, (check_in, check_out, status) in enumerate(stays):
        HousingAssignmentFactory(
            nomination__season=season,
            accommodation=places[n % 3],
            check_in=check_in,
            check_out=check_out,
            status=status,
        )
    calendar = occupancy_calendar(season)

    expected = [
        (night, sum(row.cells[i].guests for row in calendar.rows),
         sum(row.cells[i].beds for row in calendar.rows))
        for i, night in enumerate(calendar.nights)
    ]  # fmt: skip
    assert [(n.night, n.guests, n.beds) for n in figures.beds_per_night(season)] == expected


def test_each_night_opens_the_portals_occupancy_calendar_at_that_night(season, client_as):
    AccommodationFactory(beds=2)
    SeasonFactory(year=2026)

    bars = charts.beds_chart(season).bars

    night = f"{season.starts_on:%Y-%m-%d}"
    first = f"/housing/?season={season.pk}&week={night}#night-{night}"
    assert bars[0].url == first
    assert [segment.url for segment in bars[0].segments] == [first]
    assert len({bar.url for bar in bars}) == len(bars)
    page = client_as("organiser").get(first.split("#")[0])
    assert page.status_code == 200
    assert page.context["season"] == season
    # The calendar shows a week at a time: each bar opens the week that holds its night.
    for bar in bars:
        html = client_as("organiser").get(bar.url.split("#")[0]).content.decode()
        assert f'id="{bar.url.split("#")[1]}"' in html


def test_no_chart_links_to_the_api(nominations, season, client_as):
    LabFactory()
    AccommodationFactory()

    page = client_as("organiser").get(PAGE).content.decode()

    charts_html = re.search(r"<main.*</main>", page, re.S).group(0)
    assert 'href="/placements/board/' in charts_html
    assert "/api/" not in charts_html


def test_arrivals_are_counted_per_heidelberg_day_with_quiet_days_between(season):
    nominated(season, "kumamoto", Status.ACCEPTED, arrival_at=at(15, 23, 30))
    nominated(season, "kumamoto", Status.CONFIRMED, arrival_at=at(16, 0, 30))  # 15th in UTC
    nominated(season, "montpellier", Status.ACCEPTED, arrival_at=at(16, 9))
    nominated(season, "montpellier", Status.ACCEPTED, arrival_at=at(18, 9))
    nominated(season, "montpellier", Status.DECLINED, arrival_at=at(17, 9))
    nominated(season, "montpellier", Status.ACCEPTED)  # no travel dates yet

    assert figures.arrivals_per_day(season) == {
        dt.date(2027, 7, 15): 1,
        dt.date(2027, 7, 16): 2,
        dt.date(2027, 7, 17): 0,
        dt.date(2027, 7, 18): 1,
    }
    bars = charts.arrivals_chart(season).bars
    assert bars[0].url == f"/housing/arrivals/?season={season.pk}#day-2027-07-15"
    assert bars[2].url == ""  # nothing to open on a quiet day


def test_the_nysf_pipeline_counts_applications_per_status(season, client_as):
    for status, family_name in [
        ("submitted", "Keller"), ("submitted", "Brandt"), ("shortlisted", "Vogel"),
        ("selected", "Roth"),
    ]:  # fmt: skip
        applied(season, status, family_name)
    applied(SeasonFactory(year=2026), "selected", "Alt")

    chart = charts.exchange_chart(season)

    assert {bar.label: bar.total for bar in chart.bars} == {
        "submitted": 2, "shortlisted": 1, "selected": 1, "reserve": 0, "rejected": 0,
        "confirmed": 0, "withdrawn": 0,
    }  # fmt: skip
    selected = chart.bars[2].url
    assert selected == f"/nysf/applications/?season={season.pk}&status=selected"
    page = client_as("organiser").get(selected).content.decode()
    assert "Roth" in page
    assert "Keller" not in page
    assert "Alt" not in page


def test_the_page_draws_each_chart_as_accessible_svg_with_its_figures_beside_it(
    nominations, season, client_as
):
    page = client_as("organiser").get(PAGE).content.decode()

    for name in ["nominations", "labs", "beds", "arrivals", "exchange"]:
        assert f'data-testid="chart-{name}"' in page
    svg = re.search(r'<svg[^>]*data-testid="svg-nominations".*?</svg>', page, re.S).group(0)
    # A figure rather than an image: an image may hold no links (axe: nested-interactive).
    assert 'role="figure"' in svg
    assert '<title id="chart-nominations-title">Nominations per city' in svg
    assert f'href="/nominations/?season={season.pk}&amp;city=kumamoto&amp;status=accepted"' in svg
    table = re.search(r'<table[^>]*data-testid="figures-nominations".*?</table>', page, re.S)
    cells = re.findall(r'data-testid="(?:figure|total)">(?:<a [^>]*>)?(\d+)', table.group(0))
    assert cells == ["1", "1", "2", "0", "0", "4", "0", "0", "0", "1", "1", "2"]
    # No arrivals yet: said in words rather than drawn empty.
    arrivals = re.search(r'data-testid="chart-arrivals".*?</section>', page, re.S).group(0)
    assert "Nothing to show for this season yet." in arrivals


def test_coordinates_stay_numbers_in_german(nominations, season, organiser, client_as):
    client = client_as("organiser")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    organiser.language = "de"
    organiser.save()

    page = client.get(PAGE).content.decode()

    assert '<html lang="de" dir="ltr">' in page
    assert not re.search(r'(?:x|y|width|height)="\d+,\d', page)
    assert re.search(r'width="\d+\.\d"', page)


def test_the_organisers_dashboard_and_menu_lead_to_the_season(season, client_as):
    page = client_as("organiser").get(reverse("portal:dashboard")).content.decode()

    assert page.count(f'href="{PAGE}') == 2


def test_a_chosen_season_is_shown(nominations, season, client_as):
    earlier = SeasonFactory(year=2026)

    page = client_as("organiser").get(PAGE, {"season": earlier.pk}).content.decode()

    assert f'<option value="{earlier.pk}" selected>' in page
    assert "Montpellier" not in page  # 2026 has only one Kumamoto nomination


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_may_not_see_the_season_charts(client_as, season, role):
    assert client_as(role).get(PAGE).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client_as, season):
    response = client_as("anonymous").get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def a_busy_season(season, students: int, first: int = 0) -> None:
    """Students of two cities in every status, placed, housed and arriving; NYSF applicants."""
    cities = list(City.objects.filter(slug__in=["kumamoto", "montpellier"]))
    place = AccommodationFactory(beds=students)
    lab = LabFactory()
    statuses = [Status.ACCEPTED, Status.CONFIRMED, Status.SUBMITTED, Status.DECLINED]
    for index in range(first, first + students):
        student = NominationFactory(
            season=season,
            city=cities[index % 2],
            status=statuses[index % 4],
            arrival_at=at(15 + index % 3, 10),
        )
        PlacementFactory(nomination=student, lab=lab, status="accepted")
        HousingAssignmentFactory(nomination=student, accommodation=place)
        applied(season, ["submitted", "selected"][index % 2], f"Applicant{index}")


def test_the_page_costs_the_same_queries_for_10_or_200_students(season, client_as):
    client = client_as("organiser")
    a_busy_season(season, 10)
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200

    a_busy_season(season, 190, first=10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(PAGE).content.decode()

    assert ">200<" in page  # the Kumamoto and Montpellier totals add up to 200
    assert len(many) == len(few)
