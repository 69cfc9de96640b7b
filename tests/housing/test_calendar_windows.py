"""The calendar a week and a page of places at a time, the beds a page at a time: the links
between them keep the season and the other lists' pages, and the counts cover the whole season."""

import re
from html import unescape

import pytest

from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from tests.factories import AccommodationFactory, NominationFactory
from tests.housing.booking import july
from tests.housing.page_reading import CALENDAR, MINE, PLACES, cells

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def link(response, testid: str) -> str:
    """The address of the link marked `testid` (a week's), as a browser would follow it."""
    found = re.search(rf'href="(\?[^"#]*)[^"]*" data-testid="{testid}"', response.content.decode())
    assert found, f"no {testid} link"
    return CALENDAR + unescape(found[1])


def page_link(response, nav: str, rel: str) -> str:
    """The previous or next link of the pagination marked `nav`."""
    html = response.content.decode()
    block = html[html.index(f'data-testid="{nav}"') :]
    found = re.search(rf'rel="{rel}" href="(\?[^"#]*)', block)
    assert found, f"no {rel} link in {nav}"
    return CALENDAR + unescape(found[1])


def nights_of(response) -> list[str]:
    return sorted({night for _place, night in cells(response)})


def test_the_calendar_opens_on_the_first_week_and_steps_a_week_at_a_time(client_as, season):
    AccommodationFactory()
    office = client_as("organiser")

    first = office.get(CALENDAR, {"season": season.pk})
    assert nights_of(first) == [f"2027-07-{day}" for day in range(17, 24)]
    assert 'data-testid="previous-week"' not in first.content.decode()
    assert "Saturday, 17 July 2027" in first.content.decode()

    second = office.get(link(first, "next-week"))
    assert nights_of(second) == [f"2027-07-{day}" for day in range(24, 31)]
    assert f"season={season.pk}" in link(second, "previous-week")
    assert nights_of(office.get(link(second, "previous-week"))) == nights_of(first)

    last = office.get(CALENDAR, {"season": season.pk, "week": "2027-08-13"})
    assert nights_of(last) == ["2027-08-07", "2027-08-08", "2027-08-09", "2027-08-10",
                               "2027-08-11", "2027-08-12", "2027-08-13"]  # fmt: skip
    assert 'data-testid="next-week"' not in last.content.decode()


@pytest.mark.parametrize("week", ["2027-07-20", "nonsense", "2031-01-01"])
def test_any_night_opens_its_week_and_anything_else_the_first(client_as, season, week):
    AccommodationFactory()

    response = client_as("organiser").get(CALENDAR, {"season": season.pk, "week": week})

    assert nights_of(response)[0] == "2027-07-17"  # 20 July is in the first week


def test_the_places_come_a_page_at_a_time_and_the_next_page_keeps_the_week(client_as, season):
    places = [AccommodationFactory(name=f"Family {n:02d}") for n in range(27)]
    office = client_as("organiser")

    first = office.get(CALENDAR, {"season": season.pk, "week": "2027-07-24"})
    assert {place for place, _night in cells(first)} == {p.pk for p in places[:25]}
    assert 'data-testid="count-places">27<' in first.content.decode().replace("\n", "")

    following = page_link(first, "place-pages", "next")
    assert "week=2027-07-24" in following
    second = office.get(following)
    assert {place for place, _night in cells(second)} == {p.pk for p in places[25:]}
    assert nights_of(second)[0] == "2027-07-24"


def test_the_beds_come_a_page_at_a_time_and_the_counts_cover_every_page(
    client_as, season, organiser
):
    place = AccommodationFactory(beds=100)
    students = Nomination.objects.bulk_create(
        NominationFactory.build(season=season, status=Nomination.Status.ACCEPTED,
                                family_name=f"Student-{n:02d}")
        for n in range(53)
    )  # fmt: skip
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=student,
            accommodation=place,
            check_in=july(17),
            check_out=july(20),
            status=Status.CONFIRMED if n >= 50 else Status.PROPOSED,
        )
        for n, student in enumerate(students)
    )
    office = client_as("organiser")

    first = office.get(CALENDAR, {"season": season.pk})
    html = first.content.decode().replace("\n", "")
    assert html.count('data-testid="assignment-row"') == 50
    assert 'data-testid="count-proposed">50<' in html
    assert 'data-testid="count-confirmed">3<' in html
    assert "Student-49" in html
    assert "Student-50" not in html

    second = office.get(page_link(first, "bed-pages", "next"))
    html = second.content.decode()
    assert html.count('data-testid="assignment-row"') == 3
    assert all(f"Student-{n}" in html for n in (50, 51, 52))
    assert cells(second)[place.pk, "2027-07-17"]["text"] == "53/100"


def test_the_accommodations_come_a_page_at_a_time_with_every_places_beds_counted(client_as, db):
    places = [AccommodationFactory(name=f"Family {n:02d}", beds=2) for n in range(52)]
    office = client_as("organiser")

    first = office.get(PLACES)
    html = first.content.decode()
    assert html.count('data-testid="place-row"') == 50
    assert "52 accommodations · 104 beds" in html
    second = office.get(PLACES + "?page=2").content.decode()
    assert second.count('data-testid="place-row"') == 2
    assert places[51].name in second
    assert places[0].name not in second


def test_a_coordinators_housing_comes_a_page_at_a_time(client_as, season, student, place):
    room = place(beds=100)
    for n in range(52):
        HousingAssignment.objects.create(
            nomination=student(family_name=f"Housed-{n:02d}"),
            accommodation=room,
            check_in=july(17),
            check_out=july(20),
        )
    coordinator = client_as("coordinator")

    first = coordinator.get(MINE, {"season": season.pk}).content.decode()
    assert first.count('data-testid="housing-row"') == 50
    assert f'href="?season={season.pk}&amp;page=2"' in first
    second = coordinator.get(MINE, {"season": season.pk, "page": 2}).content.decode()
    assert second.count('data-testid="housing-row"') == 2
    assert "Housed-51" in second
