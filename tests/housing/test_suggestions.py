"""Suggested beds: never a night overbooked, every student placed or told why not, warnings and
students of one city kept apart where there is a choice, the same answer every time."""

import contextlib
import datetime as dt
import random
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ish.errors import RuleViolation
from ish.housing import services, suggestions
from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import BERLIN, CoordinatorFactory, SeasonFactory
from tests.housing.booking import assign, august, july, occupying

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status
NominationStatus = Nomination.Status


def nights_used() -> Counter:
    """Guests per (place id, night) over every occupying assignment, counted from scratch."""
    guests: Counter = Counter()
    for stay in occupying():
        for night in stay.nights:
            guests[stay.accommodation_id, night] += 1
    return guests


def random_world(rng: random.Random, student, place, organiser) -> list[Nomination]:
    """Places of 1–3 beds with their own availability, students with or without travel dates
    (some outside every place's window), and some beds already taken by hand."""
    cities = ["kumamoto", "hangzhou", "montpellier", "rehovot"]
    places = []
    for _ in range(rng.randint(1, 6)):
        start = july(rng.randint(1, 20))
        places.append(
            place(
                beds=rng.randint(1, 3),
                available_from=start,
                available_until=start + dt.timedelta(days=rng.randint(5, 50)),
                pets=rng.choice(["", "", "cat"]),
                languages=rng.choice([["de"], ["de", "en"], []]),
            )
        )
    students = []
    for _ in range(rng.randint(1, 25)):
        fields = {}
        if rng.random() < 0.7:
            arrival = july(rng.randint(1, 31))
            fields["arrival_at"] = dt.datetime.combine(arrival, dt.time(15), tzinfo=BERLIN)
            fields["departure_at"] = fields["arrival_at"] + dt.timedelta(days=rng.randint(1, 30))
        if rng.random() < 0.2:
            fields["allergies"] = "cats"
        status = rng.choice([NominationStatus.ACCEPTED] * 3 + [NominationStatus.CONFIRMED])
        students.append(student(status=status, city=rng.choice(cities), **fields))
    for nomination in rng.sample(students, k=len(students) // 5):
        # Full or unavailable: the student stays for the suggestions.
        with contextlib.suppress(RuleViolation, ValidationError):
            assign(organiser, nomination, rng.choice(places))
    return students


@pytest.mark.parametrize("seed", range(12))
def test_suggestions_never_overbook_a_night_and_account_for_every_student(
    organiser, season, student, place, seed
):
    rng = random.Random(seed)
    students = random_world(rng, student, place, organiser)
    housed_before = {stay.nomination_id for stay in occupying()}

    result = suggestions.suggest(season, actor=organiser)

    stays = occupying()
    places = {stay.accommodation_id: stay.accommodation for stay in stays}
    for (place_id, night), guests in nights_used().items():
        room = places[place_id]
        assert guests <= room.beds, f"{room} holds {guests} guests on {night}"
        assert room.available_from <= night < room.available_until
    per_student = Counter(stay.nomination_id for stay in stays)
    assert max(per_student.values(), default=0) <= 1
    new = {stay.nomination_id for stay in stays} - housed_before
    assert result.proposed == len(new)
    assert new.isdisjoint(result.unplaced)
    assert new | housed_before | set(result.unplaced) == {s.pk for s in students}
    assert all(result.unplaced.values())


@pytest.mark.parametrize("seed", range(12))
def test_a_student_left_unplaced_really_had_no_bed_for_their_stay(
    organiser, season, student, place, seed
):
    """Beds only fill up, so a place with room for an unplaced student after the suggestions
    would have had room before: nobody is left out whom some place could take."""
    rng = random.Random(seed)
    random_world(rng, student, place, organiser)

    result = suggestions.suggest(season, actor=organiser)

    guests = nights_used()
    for nomination in Nomination.objects.filter(pk__in=result.unplaced):
        check_in, check_out = services.default_stay(nomination)
        nights = [check_in + dt.timedelta(days=n) for n in range((check_out - check_in).days)]
        for room in Accommodation.objects.all():
            fits = room.available_from <= check_in and check_out <= room.available_until
            free = all(guests[room.pk, night] < room.beds for night in nights)
            assert not (fits and free), f"{nomination} would fit into {room}"


def test_suggestions_report_who_could_not_be_placed_and_why(organiser, season, student, place):
    place(name="Einzelzimmer", beds=1, available_from=july(1), available_until=august(31))
    first, second = student(), student()
    too_early = student(
        arrival_at=dt.datetime(2027, 6, 1, 12, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 6, 20, 12, 0, tzinfo=BERLIN),
    )

    result = suggestions.suggest(season, actor=organiser)

    assert result.proposed == 1
    assert first.housing.exists()
    assert set(result.unplaced) == {second.pk, too_early.pk}
    assert "full on at least one night" in result.unplaced[second.pk]
    assert "No accommodation is available for the whole stay" in result.unplaced[too_early.pk]
    assert "1 June 2027" in result.unplaced[too_early.pk]


def test_suggestions_avoid_warnings_when_there_is_a_choice(organiser, season, student, place):
    with_cat = place(name="A: a cat, halal", pets="cat", dietary_options=["vegetarian", "halal"])
    no_pets = place(name="B: no pets, vegetarian", dietary_options=["vegetarian"])
    french = place(name="C: French only", languages=["fr"], dietary_options=["vegetarian", "halal"])
    allergic = student(allergies="cats", dietary_requirements="vegetarian")
    halal = student(dietary_requirements="halal")
    no_german = student(german_level="none", english_level="B2")

    suggestions.suggest(season, actor=organiser)

    placed = {stay.nomination_id: stay for stay in occupying()}
    assert placed[allergic.pk].accommodation == no_pets
    assert placed[halal.pk].accommodation == with_cat
    assert placed[no_german.pk].accommodation in (with_cat, no_pets)
    assert french.assignments.count() == 0
    assert all(stay.warnings == [] for stay in placed.values())


def test_a_suggestion_with_no_choice_keeps_its_warning(organiser, season, student, place):
    place(pets="cat")
    allergic = student(allergies="cats")

    result = suggestions.suggest(season, actor=organiser)

    assert result.proposed == 1
    assert allergic.housing.get().warning_texts[0].startswith("Pets (cat)")


def test_suggestions_keep_students_of_one_city_apart_where_there_is_a_choice(
    organiser, season, student, place
):
    first_place, second_place = place(beds=2), place(beds=2)
    kumamoto = [student(city="kumamoto") for _ in range(2)]
    hangzhou = [student(city="hangzhou") for _ in range(2)]

    suggestions.suggest(season, actor=organiser)

    by_place = {first_place.pk: set(), second_place.pk: set()}
    for stay in occupying():
        by_place[stay.accommodation_id].add(stay.nomination.city.slug)
    assert by_place == {
        first_place.pk: {"kumamoto", "hangzhou"},
        second_place.pk: {"kumamoto", "hangzhou"},
    }
    assert len(occupying()) == len(kumamoto + hangzhou)


def test_suggestions_put_students_of_one_city_together_only_when_there_is_no_choice(
    organiser, season, student, place
):
    place(beds=3)
    place(beds=1)
    for _ in range(4):
        student(city="kumamoto")

    result = suggestions.suggest(season, actor=organiser)

    assert result.proposed == 4
    assert sorted(Counter(s.accommodation.beds for s in occupying()).values()) == [1, 3]


def test_suggestions_are_deterministic(organiser, season, student, place):
    rng = random.Random(7)
    random_world(rng, student, place, organiser)
    before = {stay.pk for stay in occupying()}

    def run() -> set[tuple]:
        suggestions.suggest(season, actor=organiser)
        new = [stay for stay in occupying() if stay.pk not in before]
        for stay in new:
            services.cancel(stay, actor=organiser)
        return {(s.nomination_id, s.accommodation_id, s.check_in, s.check_out) for s in new}

    first = run()

    assert first
    assert run() == first


def test_suggestions_skip_students_who_already_have_a_bed(organiser, season, student, place):
    room = place(beds=5)
    housed = student()
    assign(organiser, housed, room, july(17), july(20))
    cancelled = student()
    services.cancel(assign(organiser, cancelled, room), actor=organiser)
    waiting = student()

    result = suggestions.suggest(season, actor=organiser)

    assert result.proposed == 2
    assert housed.housing.count() == 1
    assert cancelled.housing.filter(status=Status.PROPOSED).count() == 1
    assert waiting.housing.get().status == Status.PROPOSED


def test_suggestions_only_propose_and_only_for_the_seasons_accepted_students(
    organiser, season, student, place
):
    place(beds=10)
    accepted = student(status=NominationStatus.ACCEPTED)
    confirmed = student(status=NominationStatus.CONFIRMED)
    for status in (NominationStatus.SUBMITTED, NominationStatus.WAITLISTED):
        student(status=status)
    student(season=SeasonFactory(year=2028))

    result = suggestions.suggest(season, actor=organiser)

    assert result.proposed == 2
    assert {(s.nomination_id, s.status) for s in occupying()} == {
        (accepted.pk, Status.PROPOSED),
        (confirmed.pk, Status.PROPOSED),
    }
    assert {c.action for c in HousingAssignment.objects.first().changes.all()} == {"suggest"}
    assert result.unplaced == {}


def test_suggestions_with_nobody_to_house_propose_nothing(organiser, season, place):
    place()

    result = suggestions.suggest(season, actor=organiser)

    assert (result.proposed, result.unplaced) == (0, {})


def test_only_the_office_asks_for_suggestions(season, student, place):
    place()
    student()
    coordinator = CoordinatorFactory(city=City.objects.get(slug="hangzhou"))

    with pytest.raises(PermissionDenied):
        suggestions.suggest(season, actor=coordinator)

    assert not HousingAssignment.objects.exists()
