"""The housing rules that only read: which diets a student's notes call for (whole words, negations
understood), and which nights of a student's stay their beds leave uncovered."""

import datetime as dt

import pytest
from django.utils import translation

from ish.housing import rules
from ish.nominations.models import Nomination
from tests.factories import BERLIN
from tests.housing.booking import august, july


def needs(dietary_requirements: str = "", allergies: str = "") -> set[str]:
    student = Nomination(dietary_requirements=dietary_requirements, allergies=allergies)
    return rules.dietary_needs(student)


# --- diets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notes", "diets"),
    [
        ("vegetarian", {"vegetarian"}),
        ("Vegetarierin", {"vegetarian"}),
        ("Vegan, please", {"vegan"}),
        ("koscher", {"kosher"}),
        ("halal food only", {"halal"}),
        ("peanuts", {"nut_free"}),
        ("Erdnüsse und Haselnüsse", {"nut_free"}),
        ("Nussallergie", {"nut_free"}),
        ("nut-free kitchen", {"nut_free"}),
        ("no dairy", {"lactose_free"}),  # "no" before a food asks for a kitchen without it
        ("kein Gluten", {"gluten_free"}),
        ("coeliac disease", {"gluten_free"}),
    ],
)
def test_a_diet_or_a_food_to_avoid_is_recognised(notes, diets):
    assert needs(notes) == diets


@pytest.mark.parametrize(
    "notes",
    [
        "not vegetarian",
        "Not vegan, but no pork",
        "kein Vegetarier",
        "nicht vegetarisch",
        "non-vegetarian",
        "no halal needed",
        "Nutrition: normal",
        "Genuss ohne Reue",
        "vegetables every day",
        "no nut allergy",
        "keine Laktoseintoleranz",
        "no lactose intolerance",
    ],
)
def test_a_negated_diet_or_a_word_that_only_contains_one_calls_for_none(notes):
    assert needs(notes) == set()


def test_a_negation_cancels_only_the_word_it_stands_before():
    assert needs("not vegetarian, but vegan") == {"vegan"}
    assert needs("no vegetarian food needed", allergies="Vegetarier; peanuts") == {
        "vegetarian",
        "nut_free",
    }


def test_allergies_count_as_much_as_dietary_notes():
    assert needs(allergies="Hazelnuts") == {"nut_free"}


# --- nights without a bed ----------------------------------------------------------------------


def test_the_uncovered_nights_are_told_as_stretches_between_check_in_and_check_out():
    needed = (july(15), august(14))
    stays = [(july(17), july(20)), (july(22), august(10))]

    stretches = rules.gaps(needed, stays)

    assert stretches == [(july(15), july(17)), (july(20), july(22)), (august(10), august(14))]
    assert rules.describe_nights(stretches) == (
        "15 Jul 2027 – 16 Jul 2027, 20 Jul 2027 – 21 Jul 2027, 10 Aug 2027 – 13 Aug 2027"
    )
    assert rules.describe_nights([(july(15), july(16))]) == "15 Jul 2027"
    with translation.override("de"):
        assert rules.describe_nights(stretches[:1]) == "15.07.2027 – 16.07.2027"
    with translation.override("ja"):
        assert rules.describe_nights(stretches[:1]) == "2027/07/15 – 2027/07/16"


def test_beds_back_to_back_cover_the_whole_stay():
    assert rules.gaps((july(15), august(14)), [(july(15), july(20)), (july(20), august(14))]) == []


@pytest.mark.django_db
def test_a_student_without_a_bed_needs_one_for_the_whole_stay(season):
    student = Nomination(season=season)

    assert rules.nights_without_bed(student, []) == [(season.starts_on, august(14))]


@pytest.mark.django_db
def test_before_the_student_tells_us_their_travel_the_offices_dates_are_the_plan(season):
    student = Nomination(season=season)

    assert rules.nights_without_bed(student, [(july(20), july(25))]) == []


@pytest.mark.django_db
def test_with_travel_dates_the_nights_from_arrival_to_departure_must_be_covered(season):
    student = Nomination(
        season=season,
        arrival_at=dt.datetime(2027, 7, 15, 18, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 15, 9, 0, tzinfo=BERLIN),
    )

    assert rules.nights_without_bed(student, [(july(17), august(14))]) == [
        (july(15), july(17)),
        (august(14), august(15)),
    ]
    warnings = rules.coverage_warnings([(july(15), july(17)), (august(14), august(15))])
    assert rules.warning_texts(warnings) == [
        "The stay does not cover the arrival and departure: no bed for 3 nights "
        "(15 Jul 2027 – 16 Jul 2027, 14 Aug 2027)."
    ]
    assert rules.coverage_warnings([]) == []
