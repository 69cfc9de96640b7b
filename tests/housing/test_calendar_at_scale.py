"""The housing calendar stays the same size however large the season: the same queries at 10
and at 200 students and places, the students without a bed a page at a time, the partly housed
found in SQL as the rules find them, and the hand assignment offering a bounded choice of places
with free beds."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing import selectors
from ish.housing.models import Accommodation, HousingAssignment
from ish.housing.rules import nights_without_bed
from ish.housing.views import PLACES_OFFERED
from ish.seasons.models import City
from tests.factories import AccommodationFactory, HousingAssignmentFactory, NominationFactory
from tests.housing.booking import august, july, stay
from tests.housing.page_reading import CALENDAR

pytestmark = pytest.mark.django_db

BERLIN = dt.timezone(dt.timedelta(hours=2))
TRAVEL = {
    "arrival_at": dt.datetime(2027, 7, 15, 10, 40, tzinfo=BERLIN),
    "departure_at": dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
}


def a_season_of(size: int, season) -> None:
    """`size` accepted students and places; a third without a bed, a third partly housed."""
    city = City.objects.get(slug="kumamoto")
    places = Accommodation.objects.bulk_create(AccommodationFactory.build_batch(size, beds=3))
    students = [
        NominationFactory(season=season, status="accepted", city=city, **TRAVEL)
        for _ in range(size)
    ]
    HousingAssignment.objects.bulk_create(
        HousingAssignmentFactory.build(
            nomination=student,
            accommodation=places[n],
            status=HousingAssignment.Status.PROPOSED,
            check_in=july(15) if n % 3 == 1 else july(17),
            check_out=august(14),
        )
        for n, student in enumerate(students)
        if n % 3
    )


def queries_for(client, **query) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CALENDAR, query)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("chosen", [False, True])
def test_the_calendar_reads_as_many_queries_at_200_students_as_at_10(
    client_as, organiser, season, chosen
):
    """With and without the hand assignment opened for one student."""
    client = client_as("organiser")
    a_season_of(10, season)
    first = selectors.students_without_bed(organiser, season).first()
    query = {"student": first.pk} if chosen else {}
    small, _ = queries_for(client, **query)
    a_season_of(190, season)
    large, content = queries_for(client, **query)

    assert large <= small
    assert content.count(b'data-testid="without-bed-student"') == 50
    assert content.count(b'data-testid="partly-housed-student"') == 50
    assert content.count(b'data-testid="calendar-row"') == 25
    assert (b'name="nomination"' in content) == chosen


def test_partly_housed_students_are_found_in_sql_as_the_rules_find_them(
    organiser, season, student, place
):
    room = place(beds=9, available_from=dt.date(2027, 6, 1))
    split_covering = student(family_name="Covered-by-two", **TRAVEL)
    stay(organiser, split_covering, room, july(15), july(25))
    stay(organiser, split_covering, room, july(25), august(14))
    gap_between = student(family_name="Gap-between", **TRAVEL)
    stay(organiser, gap_between, room, july(15), july(20))
    stay(organiser, gap_between, room, july(22), august(14))
    late_first = student(family_name="Late-first", **TRAVEL)
    stay(organiser, late_first, room, july(16), august(14))
    early_leave = student(family_name="Early-leave", **TRAVEL)
    stay(organiser, early_leave, room, july(15), august(13))
    whole = student(family_name="Whole-stay", **TRAVEL)
    stay(organiser, whole, room, july(10), august(20))
    no_travel = student(family_name="No-travel")
    stay(organiser, no_travel, room, july(20), july(25))
    without = student(family_name="Without", **TRAVEL)

    found = set(selectors.students_partly_housed(organiser, season))

    assert found == {gap_between, late_first, early_leave}
    for nomination in (split_covering, gap_between, late_first, early_leave, whole, no_travel):
        stays = nomination.housing.values_list("check_in", "check_out")
        assert bool(nights_without_bed(nomination, stays)) == (nomination in found)
    assert set(selectors.students_needing_a_bed(organiser, season)) == found | {without}
    assert selectors.count_students_needing_a_bed(organiser, season) == len(found | {without})


def test_the_hand_assignment_offers_a_bounded_choice_of_places_with_a_free_bed(
    client_as, organiser, season, student, place
):
    aiko = student(**TRAVEL)
    full = place(name="Full house", beds=1)
    stay(organiser, student(), full, july(20), july(21))
    closed = place(name="Closed in July", available_from=august(1))
    roomy = place(name="Roomy", beds=9)
    others = [place(name=f"Family {n:02d}", beds=2) for n in range(PLACES_OFFERED + 5)]

    page = client_as("organiser").get(CALENDAR, {"student": aiko.pk}).content.decode()
    choices = page.split('name="accommodation"')[1].split("</select>")[0]

    offered = choices.count("<option value=") - 1  # the empty choice
    assert offered == PLACES_OFFERED
    assert f'value="{roomy.pk}"' in choices  # the most free beds first
    assert f'value="{full.pk}"' not in choices
    assert f'value="{closed.pk}"' not in choices
    assert sum(f'value="{other.pk}"' in choices for other in others) == PLACES_OFFERED - 1


def test_a_partly_housed_student_is_offered_places_free_on_the_nights_they_still_need(
    client_as, organiser, student, place
):
    aiko = student(**TRAVEL)
    own = place(name="Her family", beds=1)
    stay(organiser, aiko, own, july(15), august(10))  # she still needs 10–13 August
    busy_in_july = place(name="Busy in July", beds=1)
    stay(organiser, student(), busy_in_july, july(15), july(30))
    full_in_august = place(name="Full in August", beds=1)
    stay(organiser, student(), full_in_august, august(11), august(12))

    page = client_as("organiser").get(CALENDAR, {"student": aiko.pk}).content.decode()
    choices = page.split('name="accommodation"')[1].split("</select>")[0]
    dates = page.split('name="nomination"')[1].split("</select>")[0]

    assert f'value="{aiko.pk}" data-check-in="2027-08-10" data-check-out="2027-08-14"' in dates
    assert f'value="{busy_in_july.pk}"' in choices  # free on her nights, full before them
    assert f'value="{full_in_august.pk}"' not in choices
    assert f'value="{own.pk}"' in choices  # her bed there ends as those nights begin


def test_a_place_outside_the_offer_is_still_accepted_when_posted(client_as, season, student, place):
    from django.urls import reverse

    aiko = student(**TRAVEL)
    for n in range(PLACES_OFFERED + 1):
        place(name=f"Family {n:02d}", beds=9)
    small = place(name="Zimmer klein", beds=1)

    response = client_as("organiser").post(
        reverse("housing:assign"),
        {"season": season.pk, "nomination": aiko.pk, "accommodation": small.pk},
    )

    assert response.status_code == 302
    assert aiko.housing.get().accommodation == small


def test_the_cells_name_their_guests_only_when_asked_in_as_many_queries(
    client_as, organiser, season, student, place
):
    room = place(name="Haus Müller", beds=3)
    stay(organiser, student(given_name="Aiko", family_name="Tanaka"), room, july(17), july(19))
    stay(organiser, student(given_name="Ren", family_name="Abe"), room, july(18), july(20))
    client = client_as("organiser")
    week = {"season": season.pk, "week": "2027-07-17"}

    plain_queries, plain = queries_for(client, **week)
    named_queries, named = queries_for(client, **week, names="1")

    assert b'data-testid="cell-names"' not in plain
    assert named_queries == plain_queries
    html = named.decode()
    night_18 = html.split('data-night="2027-07-18"')[1].split("</td>")[0]
    assert re.findall(r"<li><bdi>([^<]*)</bdi></li>", night_18) == [
        "Ren Abe",
        "Aiko Tanaka",
    ]  # by name
    night_19 = html.split('data-night="2027-07-19"')[1].split("</td>")[0]
    assert re.findall(r"<li><bdi>([^<]*)</bdi></li>", night_19) == ["Ren Abe"]
    assert 'aria-pressed="true"' in html
