"""An event's catering counted against participants whose diets are known: diets written in
several languages, texts no rule reads kept for the caterer, and who is not counted."""

import datetime as dt

import pytest
from django.utils import translation

from ish.nominations.models import Nomination
from ish.programme.catering import catering_for, meals_on
from ish.programme.diets import read_diet
from ish.programme.models import Attendance, Event
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    EventFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

# (dietary requirements, allergies) of each participant, and what a caterer reads from them.
KNOWN_DIETS = [
    ("Vegetarian", ""),
    ("vegetarisch", ""),  # German
    ("végétarienne", ""),  # French, feminine
    ("вегетарианец", ""),  # Russian, a noun
    ("ベジタリアン", ""),  # Japanese
    ("vegan", ""),
    ("Vegan and gluten-free", ""),
    ("glutenfrei", ""),
    ("ללא גלוטן", ""),  # Hebrew: gluten-free
    ("halal, no pork", ""),  # halal, and "no pork" kept as written
    ("кошерное", ""),  # Russian: kosher
    ("laktosefrei", ""),
    ("无乳糖", ""),  # Chinese: lactose-free
    ("", "Peanuts"),  # a nut allergy asks for a nut-free meal
    ("Allergic to kiwi", "kiwi"),  # nothing a rule reads: kept whole
    ("none", ""),
    ("-", ""),
    ("", ""),
    ("keine", ""),
]
EXPECTED_DIETS = {
    "vegetarian": 5,
    "vegan": 2,
    "gluten_free": 3,
    "halal": 1,
    "kosher": 1,
    "lactose_free": 2,
    "nut_free": 1,
    "none": 4,  # "none", "-", nothing, "keine"
}
EXPECTED_OTHER = ["Allergic to kiwi", "halal, no pork"]
EXPECTED_ALLERGIES = ["kiwi", "Peanuts"]


@pytest.fixture
def lunch(season):
    event = EventFactory(season=season, meal=Event.Meal.LUNCH)
    for requirements, allergies in KNOWN_DIETS:
        NominationFactory(
            season=season,
            status=Nomination.Status.ACCEPTED,
            dietary_requirements=requirements,
            allergies=allergies,
        )
    return event


def test_each_diet_is_counted_whichever_language_it_is_written_in(lunch):
    catering = catering_for(lunch)

    assert catering.expected == len(KNOWN_DIETS)
    assert catering.meals == len(KNOWN_DIETS)
    assert catering.diets == EXPECTED_DIETS


def test_a_requirement_no_rule_reads_is_kept_whole_for_the_caterer(lunch):
    assert catering_for(lunch).other == EXPECTED_OTHER


def test_every_allergy_is_listed_as_written(lunch):
    assert catering_for(lunch).allergies == EXPECTED_ALLERGIES


def test_the_diets_are_labelled_in_the_readers_language(lunch):
    with translation.override("de"):
        labels = dict(catering_for(lunch).diet_labels())

    assert labels == {
        "vegetarisch": 5,
        "vegan": 2,
        "halal": 1,
        "koscher": 1,
        "glutenfrei": 3,
        "laktosefrei": 2,
        "nussfrei": 1,
        "keine besondere Ernährung": 4,
    }


def test_those_marked_excused_or_absent_get_no_meal_and_the_present_one_does(lunch, season):
    excused = Nomination.objects.get(dietary_requirements="vegan")
    absent = Nomination.objects.get(dietary_requirements="laktosefrei")
    present = Nomination.objects.get(dietary_requirements="glutenfrei")
    for nomination, status in [
        (excused, Attendance.Status.EXCUSED),
        (absent, Attendance.Status.ABSENT),
        (present, Attendance.Status.PRESENT),
    ]:
        Attendance.objects.create(event=lunch, nomination=nomination, status=status)

    catering = catering_for(lunch)

    assert catering.expected == len(KNOWN_DIETS) - 2
    assert catering.diets["vegan"] == 1
    assert catering.diets["lactose_free"] == 1
    assert catering.diets["gluten_free"] == 3


def test_an_event_without_a_meal_expects_people_but_orders_no_meal(lunch):
    lunch.meal = Event.Meal.NONE
    lunch.save()

    catering = catering_for(lunch)

    assert catering.expected == len(KNOWN_DIETS)
    assert catering.meals == 0


def test_students_without_a_place_are_not_catered_for(lunch, season):
    NominationFactory(
        season=season, status=Nomination.Status.WITHDRAWN, dietary_requirements="vegan"
    )
    NominationFactory(season=season, status=Nomination.Status.DRAFT, dietary_requirements="vegan")

    assert catering_for(lunch).diets["vegan"] == 2


def test_an_event_for_one_city_caters_for_that_citys_participants_only(lunch, season):
    montpellier = City.objects.get(slug="montpellier")
    NominationFactory(
        season=season, city=montpellier, status=Nomination.Status.ACCEPTED, allergies="Sesame"
    )
    lunch.audience = Event.Audience.CITIES
    lunch.save()
    lunch.cities.set([montpellier])

    catering = catering_for(lunch)

    assert (catering.expected, catering.allergies) == (1, ["Sesame"])
    assert catering.diets == {"none": 1}


@pytest.mark.parametrize(
    ("requirements", "diets"),
    [
        ("not vegetarian", set()),  # a negation of a diet one keeps names none…
        ("kein Vegetarier", set()),
        ("no nuts", {"nut_free"}),  # …but one of a food avoided asks for it
        ("gluten_free", {"gluten_free"}),  # the option's value as the API writes it
        ("sans gluten", {"gluten_free"}),
        ("без орехов", {"nut_free"}),
        ("纯素食", {"vegan"}),  # vegan also serves the vegetarian: counted once
    ],
)
def test_diets_are_read_from_the_words_that_name_them(requirements, diets):
    assert read_diet(requirements).diets == diets


def test_a_negated_diet_is_kept_for_the_caterer_to_read():
    assert read_diet("not vegetarian").unread


@pytest.mark.parametrize("participants", [10, 200])
def test_the_catering_of_an_event_costs_the_same_queries_however_many_eat(
    season, participants, django_assert_max_num_queries
):
    event = EventFactory(season=season, meal=Event.Meal.DINNER)
    for index in range(participants):
        NominationFactory(
            season=season,
            status=Nomination.Status.ACCEPTED,
            dietary_requirements=KNOWN_DIETS[index % len(KNOWN_DIETS)][0],
        )
    event = Event.objects.get(pk=event.pk)

    with django_assert_max_num_queries(1):
        catering_for(event)


def test_a_day_s_meals_are_each_counted_as_that_meal_s_own_catering_counts_it(season):
    """The day's meals are read at once; each must count what `catering_for` (one event's own
    query) counts, for every kind of audience, with the excused and absent left out."""
    kumamoto, montpellier = City.objects.get(slug="kumamoto"), City.objects.get(slug="montpellier")
    lab = LabFactory()
    people = {
        name: NominationFactory(
            season=season,
            city=city,
            status=Nomination.Status.ACCEPTED,
            family_name=name,
            dietary_requirements=diet,
            allergies=allergy,
        )
        for name, city, diet, allergy in [
            ("Abe", kumamoto, "vegan", "Sesame"),
            ("Ito", kumamoto, "halal, no pork", ""),
            ("Dupont", montpellier, "vegetarisch", "kiwi"),
            ("Martin", montpellier, "", ""),
        ]
    }
    NominationFactory(season=season, status=Nomination.Status.WITHDRAWN, family_name="Gone")
    PlacementFactory(nomination=people["Abe"], lab=lab, status="accepted")
    PlacementFactory(nomination=people["Dupont"], lab=lab, status="accepted")

    def meal(hour: int, audience: str, kind: str = Event.Meal.LUNCH, day: int = 1) -> Event:
        starts_at = dt.datetime.combine(
            season.starts_on + dt.timedelta(days=day), dt.time(hour), BERLIN
        )
        return EventFactory(
            season=season,
            meal=kind,
            audience=audience,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
        )

    breakfast = meal(8, Event.Audience.EVERYONE, Event.Meal.BREAKFAST)
    lunch = meal(12, Event.Audience.CITIES)
    lunch.cities.set([montpellier])
    snack = meal(15, Event.Audience.LABS, Event.Meal.PACKED_LUNCH)
    snack.labs.set([lab])
    dinner = meal(19, Event.Audience.PARTICIPANTS, Event.Meal.DINNER)
    dinner.participants.set([people["Ito"], people["Martin"]])
    meal(10, Event.Audience.EVERYONE, Event.Meal.NONE)  # a workshop: no meal to order
    meal(12, Event.Audience.EVERYONE, day=2)  # the next day's lunch
    Attendance.objects.create(
        event=breakfast, nomination=people["Abe"], status=Attendance.Status.EXCUSED
    )
    Attendance.objects.create(
        event=lunch, nomination=people["Dupont"], status=Attendance.Status.ABSENT
    )
    Attendance.objects.create(
        event=snack, nomination=people["Dupont"], status=Attendance.Status.PRESENT
    )

    meals = meals_on(Event.objects.all(), season.starts_on + dt.timedelta(days=1))

    assert [catering.event for catering in meals] == [breakfast, lunch, snack, dinner]
    assert [catering.expected for catering in meals] == [3, 1, 2, 2]
    assert meals[0].other == ["halal, no pork"]
    assert meals[2].allergies == ["kiwi", "Sesame"]
    assert meals == [catering_for(event) for event in [breakfast, lunch, snack, dinner]]
