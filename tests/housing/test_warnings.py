"""The warnings a person must judge on a bed (pets and an animal allergy, an unserved diet, no
common language, nights between arrival and departure without a bed), and when they are redone."""

import datetime as dt

import pytest

from ish.housing import services
from ish.housing.models import HousingAssignment
from ish.participants import links
from ish.participants import services as lifecycle
from tests.factories import BERLIN
from tests.housing.booking import assign, august, july

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


@pytest.mark.parametrize(
    "health",
    [
        {"allergies": "cats"},
        {"allergies": "Katzenhaare, Pollen"},
        {"medical_notes": "Asthma; allergic to cats."},
        {"medical_notes": "Allergie gegen Hunde"},
    ],
    ids=["allergies-field", "allergies-german", "medical-notes", "medical-notes-german"],
)
def test_pets_and_an_animal_allergy_are_a_warning(organiser, student, place, health):
    stay = assign(organiser, student(**health), place(pets="cat, dog"))

    assert len(stay.warning_texts) == 1
    assert "Pets (cat, dog)" in stay.warning_texts[0]
    # Warnings are shown in lists and exports: they never quote the student's health data.
    assert not {"cats", "Katzenhaare", "Asthma"} & set(
        stay.warning_texts[0].replace(";", " ").split()
    )
    assert stay.status == Status.PROPOSED  # a warning never blocks


def test_an_animal_allergy_without_pets_is_no_warning(organiser, student, place):
    stay = assign(organiser, student(allergies="cats"), place(pets=""))

    assert stay.warning_texts == []


def test_an_allergy_that_is_not_to_animals_is_no_warning_in_a_home_with_pets(
    organiser, student, place
):
    aiko = student(
        allergies="penicillin",
        medical_notes="Allergic to penicillin; asthma medication, further details on request.",
    )

    stay = assign(organiser, aiko, place(pets="dog"))

    assert stay.warning_texts == []


@pytest.mark.parametrize(
    ("need", "diet", "label"),
    [
        ("vegetarian", "vegetarian", "vegetarian"),
        ("Vegan, please", "vegan", "vegan"),
        ("halal food only", "halal", "halal"),
        ("koscher", "kosher", "kosher"),
        ("coeliac disease", "gluten_free", "gluten-free"),
        ("no dairy", "lactose_free", "lactose-free"),
    ],
)
def test_a_dietary_need_the_host_does_not_serve_is_a_warning(
    organiser, student, place, need, diet, label
):
    unserved = assign(organiser, student(dietary_requirements=need), place(dietary_options=[]))
    served = assign(organiser, student(dietary_requirements=need), place(dietary_options=[diet]))

    assert unserved.warning_texts == [f"The host does not cook {label}."]
    assert served.warning_texts == []


@pytest.mark.parametrize(
    "notes", ["not vegetarian", "kein Vegetarier", "Nutrition: anything", "no nut allergy"]
)
def test_a_negated_diet_or_a_word_that_merely_contains_one_is_no_warning(
    organiser, student, place, notes
):
    stay = assign(organiser, student(dietary_requirements=notes), place(dietary_options=[]))

    assert stay.warning_texts == []


def test_a_nut_allergy_asks_for_a_nut_free_kitchen(organiser, student, place):
    stay = assign(organiser, student(allergies="peanuts"), place(dietary_options=["vegetarian"]))

    assert stay.warning_texts == ["The host does not cook nut-free."]


@pytest.mark.parametrize(
    ("english", "german", "host", "warned"),
    [
        ("B2", "none", ["fr", "it"], True),
        ("B2", "none", ["de"], True),
        ("B2", "A1", ["de"], False),
        ("C1", "none", ["en", "de"], False),
        ("B2", "none", [], False),  # unknown languages are nobody's conflict
    ],
    ids=["french-italian-host", "german-host", "some-german", "english-host", "host-unknown"],
)
def test_no_common_language_is_a_warning(organiser, student, place, english, german, host, warned):
    stay = assign(
        organiser, student(english_level=english, german_level=german), place(languages=host)
    )

    assert bool(stay.warning_texts) == warned
    if warned:
        assert stay.warning_texts[0].startswith("No common language")


def test_a_student_who_fits_the_place_has_no_warnings(organiser, student, place):
    aiko = student(
        dietary_requirements="vegetarian", allergies="pollen", english_level="B2", german_level="B1"
    )

    stay = assign(organiser, aiko, place(pets="", languages=["de"], dietary_options=["vegetarian"]))

    assert stay.warning_texts == []


def test_every_conflict_is_its_own_warning(organiser, student, place):
    aiko = student(allergies="dogs", dietary_requirements="halal", german_level="none")

    stay = assign(organiser, aiko, place(pets="dog", languages=["de"], dietary_options=[]))

    assert len(stay.warning_texts) == 3


def test_a_place_that_gets_a_pet_warns_about_its_allergic_guest(organiser, student, place):
    room = place(pets="")
    stay = assign(organiser, student(allergies="cats"), room)

    services.update_accommodation(room, actor=organiser, pets="cat")

    stay.refresh_from_db()
    assert stay.warning_texts[0].startswith("Pets (cat)")


def travelling(student, arrival: dt.date, departure: dt.date, **fields):
    return student(
        arrival_at=dt.datetime.combine(arrival, dt.time(10), tzinfo=BERLIN),
        departure_at=dt.datetime.combine(departure, dt.time(10), tzinfo=BERLIN),
        **fields,
    )


def test_new_travel_dates_through_the_link_warn_that_the_bed_no_longer_covers_the_stay(
    organiser, student, place
):
    aiko = travelling(student, july(17), august(14))
    stay = assign(organiser, aiko, place())
    assert stay.warning_texts == []
    link = links.send_link(aiko)

    lifecycle.answer(
        link,
        attending=False,
        arrival_at=dt.datetime(2027, 7, 15, 18, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
    )

    stay.refresh_from_db()
    assert stay.warning_texts == [
        "The stay does not cover the arrival and departure: no bed for 2 nights "
        "(15 Jul 2027 – 16 Jul 2027)."
    ]
    assert (stay.check_in, stay.check_out) == (july(17), august(14))  # the office decides


def test_travel_dates_the_office_enters_also_update_the_warnings(organiser, student, place):
    aiko = travelling(student, july(17), august(14))
    stay = assign(organiser, aiko, place())

    lifecycle.update_details(
        aiko, actor=organiser, departure_at=dt.datetime(2027, 8, 16, 9, 0, tzinfo=BERLIN)
    )

    stay.refresh_from_db()
    assert stay.warning_texts == [
        "The stay does not cover the arrival and departure: no bed for 2 nights "
        "(14 Aug 2027 – 15 Aug 2027)."
    ]


def test_the_warning_goes_once_the_nights_have_a_bed(organiser, student, place):
    aiko = travelling(student, july(15), august(14))
    first = assign(organiser, aiko, place(), july(17), august(14))
    assert "no bed for 2 nights" in first.warning_texts[0]

    early = assign(organiser, aiko, place())  # the nights still without a bed by default

    assert (early.check_in, early.check_out) == (july(15), july(17))
    first.refresh_from_db()
    assert (first.warning_texts, early.warning_texts) == ([], [])


def test_cancelling_one_of_two_beds_warns_on_the_other(organiser, student, place):
    aiko = travelling(student, july(17), august(14))
    first = assign(organiser, aiko, place(), july(17), july(24))
    second = assign(organiser, aiko, place(), july(24), august(14))
    first.refresh_from_db()
    assert first.warning_texts == second.warning_texts == []

    services.cancel(second, actor=organiser)

    first.refresh_from_db()
    assert first.warning_texts == [
        "The stay does not cover the arrival and departure: no bed for 21 nights "
        "(24 Jul 2027 – 13 Aug 2027)."
    ]


def test_shortening_a_bed_warns_and_a_place_change_keeps_the_warning(organiser, student, place):
    aiko = travelling(student, july(17), august(14), allergies="cats")
    home = place(name="Familie Weber")
    stay = assign(organiser, aiko, home)

    stay = services.change(stay, actor=organiser, check_out=august(12))
    services.update_accommodation(home, actor=organiser, pets="cat")

    stay.refresh_from_db()
    assert len(stay.warning_texts) == 2
    assert stay.warning_texts[0].startswith("Pets (cat)")
    assert "no bed for 2 nights (12 Aug 2027 – 13 Aug 2027)" in stay.warning_texts[1]
