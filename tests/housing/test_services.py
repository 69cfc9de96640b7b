"""The housing service: beds per night (the check-out day frees the bed), availability, one bed per
student, the warnings a person must judge, the default stay, confirming, changing, cancelling, the
e-mails to the student and the host, and suggestions that never overbook."""

import contextlib
import datetime as dt
import random
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ish.errors import RuleViolation
from ish.history import Actor
from ish.housing import mail, services, suggestions
from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants import links
from ish.participants import services as lifecycle
from ish.seasons.models import City
from tests.factories import BERLIN, CoordinatorFactory, SeasonFactory

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status
NominationStatus = Nomination.Status


def july(day: int) -> dt.date:
    return dt.date(2027, 7, day)


def august(day: int) -> dt.date:
    return dt.date(2027, 8, day)


def assign(organiser, nomination, accommodation, check_in=None, check_out=None):
    return services.assign(
        actor=organiser,
        nomination=nomination,
        accommodation=accommodation,
        check_in=check_in,
        check_out=check_out,
    )


def occupying() -> list[HousingAssignment]:
    return list(HousingAssignment.objects.filter(status__in=HousingAssignment.OCCUPYING))


def mails(event: str) -> dict[str, OutboundEmail]:
    return {email.to: email for email in OutboundEmail.objects.filter(event=event)}


# --- beds per night ----------------------------------------------------------------------------


def test_a_guest_overlapping_a_full_place_is_refused_naming_the_night_and_the_place(
    organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=1)
    assign(organiser, student(), room, july(17), july(20))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(19), july(22))

    assert "Haus Neckarblick" in str(refusal.value)
    assert "2027-07-19" in str(refusal.value)
    assert len(occupying()) == 1


def test_the_refusal_names_the_first_full_night_even_in_the_middle_of_the_stay(
    organiser, student, place
):
    room = place(beds=2)
    assign(organiser, student(), room, july(17), august(1))
    assign(organiser, student(), room, july(23), july(25))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(17), august(1))

    assert "2027-07-23" in str(refusal.value)
    assert "2027-07-22" not in str(refusal.value)


def test_a_guest_may_check_in_on_the_day_the_previous_guest_checks_out(organiser, student, place):
    room = place(beds=1)
    assign(organiser, student(), room, july(17), july(20))

    second = assign(organiser, student(), room, july(20), july(24))
    earlier = assign(organiser, student(), room, july(10), july(17))

    assert second.check_in == july(20)
    assert earlier.check_out == july(17)
    assert len(occupying()) == 3


def test_a_two_bed_place_takes_two_overlapping_guests_but_not_a_third(organiser, student, place):
    room = place(name="Gästehaus Altstadt", beds=2)
    assign(organiser, student(), room, july(17), july(24))
    assign(organiser, student(), room, july(20), july(27))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(), room, july(23), july(25))

    assert "Gästehaus Altstadt" in str(refusal.value)
    assert "2027-07-23" in str(refusal.value)
    assert "2 beds" in str(refusal.value)


def test_a_cancelled_assignment_frees_its_beds(organiser, student, place):
    room = place(beds=1)
    first = assign(organiser, student(), room, july(17), july(24))
    services.cancel(first, actor=organiser)

    second = assign(organiser, student(), room, july(17), july(24))

    assert second.status == Status.PROPOSED
    assert occupying() == [second]


def test_a_confirmed_assignment_holds_its_bed(organiser, student, place):
    room = place(beds=1)
    services.confirm(assign(organiser, student(), room, july(17), july(24)), actor=organiser)

    with pytest.raises(RuleViolation):
        assign(organiser, student(), room, july(23), july(30))


def test_other_places_do_not_count_against_a_place(organiser, student, place):
    assign(organiser, student(), place(beds=1), july(17), july(24))

    assert assign(organiser, student(), place(beds=1), july(17), july(24)).pk


@pytest.mark.parametrize(
    ("check_in", "check_out", "field", "words"),
    [
        (dt.date(2027, 6, 30), july(20), "check_in", "available from 2027-07-01"),
        (july(20), dt.date(2027, 9, 1), "check_out", "available until 2027-08-31"),
        (july(20), july(20), "check_out", "after check-in"),
        (july(20), july(18), "check_out", "after check-in"),
    ],
    ids=["before-availability", "after-availability", "same-day", "check-out-first"],
)
def test_dates_outside_the_availability_or_out_of_order_are_refused_naming_the_field(
    organiser, student, place, check_in, check_out, field, words
):
    room = place(name="Residenz Bergheim")

    with pytest.raises(ValidationError) as refusal:
        assign(organiser, student(), room, check_in, check_out)

    messages = refusal.value.message_dict
    assert list(messages) == [field]
    assert words in " ".join(messages[field])
    if "available" in words:
        assert "Residenz Bergheim" in " ".join(messages[field])
    assert HousingAssignment.objects.count() == 0


def test_a_stay_may_use_the_whole_availability_window(organiser, student, place):
    room = place(available_from=july(1), available_until=august(31))

    stay = assign(organiser, student(), room, july(1), august(31))

    assert stay.nights[0] == july(1)
    assert stay.nights[-1] == august(30)


# --- changing a place --------------------------------------------------------------------------


def test_a_place_cannot_lose_beds_its_guests_sleep_in(organiser, student, place):
    room = place(name="Familie Weber", beds=3)
    assign(organiser, student(), room, july(17), july(24))
    assign(organiser, student(), room, july(20), july(27))

    with pytest.raises(RuleViolation) as refusal:
        services.update_accommodation(room, actor=organiser, beds=1)

    assert "Familie Weber" in str(refusal.value)
    assert "2027-07-20" in str(refusal.value)
    room.refresh_from_db()
    assert room.beds == 3
    assert services.update_accommodation(room, actor=organiser, beds=2).beds == 2


def test_a_place_cannot_shrink_its_availability_under_a_guest(organiser, student, place):
    room = place(name="Familie Weber")
    assign(organiser, student(given_name="Aiko", family_name="Tanaka"), room, july(17), july(24))

    with pytest.raises(RuleViolation) as refusal:
        services.update_accommodation(room, actor=organiser, available_until=july(23))

    assert "Aiko Tanaka" in str(refusal.value)
    assert "2027-07-24" in str(refusal.value)
    room.refresh_from_db()
    assert room.available_until == august(31)
    assert services.update_accommodation(room, actor=organiser, available_until=july(24)).pk


def test_cancelled_guests_do_not_hold_a_place_to_its_beds(organiser, student, place):
    room = place(beds=2)
    for _ in range(2):
        services.cancel(assign(organiser, student(), room), actor=organiser)

    assert services.update_accommodation(room, actor=organiser, beds=1).beds == 1


def test_a_place_that_gets_a_pet_warns_about_its_allergic_guest(organiser, student, place):
    room = place(pets="")
    stay = assign(organiser, student(allergies="cats"), room)

    services.update_accommodation(room, actor=organiser, pets="cat")

    stay.refresh_from_db()
    assert stay.warnings[0].startswith("Pets (cat)")


def test_a_places_changes_are_validated_naming_the_field(organiser, place):
    room = place()

    with pytest.raises(ValidationError) as refusal:
        services.update_accommodation(room, actor=organiser, available_until=dt.date(2027, 6, 1))

    assert list(refusal.value.message_dict) == ["available_until"]


def test_only_the_office_changes_a_place(coordinator, place):
    with pytest.raises(PermissionDenied):
        services.update_accommodation(place(), actor=coordinator, beds=5)


# --- the student -------------------------------------------------------------------------------


def test_a_student_cannot_have_two_overlapping_beds(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    assign(organiser, aiko, place(name="Familie Weber"), july(17), july(24))

    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, aiko, place(name="Familie Schmidt"), july(20), july(30))

    assert "Aiko Tanaka" in str(refusal.value)
    assert "Familie Weber" in str(refusal.value)


def test_a_student_may_move_to_another_place_on_the_check_out_day(organiser, student, place):
    aiko = student()
    assign(organiser, aiko, place(), july(17), july(24))

    assert assign(organiser, aiko, place(), july(24), august(1)).check_in == july(24)


@pytest.mark.parametrize(
    "status",
    [
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.WAITLISTED,
        NominationStatus.DECLINED,
        NominationStatus.WITHDRAWN,
    ],
)
def test_only_accepted_or_confirmed_students_are_housed(organiser, student, place, status):
    with pytest.raises(RuleViolation) as refusal:
        assign(organiser, student(status=status), place())

    assert "Only accepted or confirmed students" in str(refusal.value)
    assert HousingAssignment.objects.count() == 0


def test_a_confirmed_student_is_housed(organiser, student, place):
    stay = assign(organiser, student(status=NominationStatus.CONFIRMED), place())

    assert stay.status == Status.PROPOSED


def test_only_the_office_assigns_beds(coordinator, student, place):
    with pytest.raises(PermissionDenied):
        assign(coordinator, student(), place())

    assert HousingAssignment.objects.count() == 0


# --- warnings ----------------------------------------------------------------------------------


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

    assert len(stay.warnings) == 1
    assert "Pets (cat, dog)" in stay.warnings[0]
    assert stay.status == Status.PROPOSED  # a warning never blocks


def test_an_animal_allergy_without_pets_is_no_warning(organiser, student, place):
    stay = assign(organiser, student(allergies="cats"), place(pets=""))

    assert stay.warnings == []


def test_an_allergy_that_is_not_to_animals_is_no_warning_in_a_home_with_pets(
    organiser, student, place
):
    aiko = student(
        allergies="penicillin",
        medical_notes="Allergic to penicillin; asthma medication, further details on request.",
    )

    stay = assign(organiser, aiko, place(pets="dog"))

    assert stay.warnings == []


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

    assert unserved.warnings == [f"The host does not cook {label}."]
    assert served.warnings == []


@pytest.mark.parametrize(
    "notes", ["not vegetarian", "kein Vegetarier", "Nutrition: anything", "no nut allergy"]
)
def test_a_negated_diet_or_a_word_that_merely_contains_one_is_no_warning(
    organiser, student, place, notes
):
    stay = assign(organiser, student(dietary_requirements=notes), place(dietary_options=[]))

    assert stay.warnings == []


def test_a_nut_allergy_asks_for_a_nut_free_kitchen(organiser, student, place):
    stay = assign(organiser, student(allergies="peanuts"), place(dietary_options=["vegetarian"]))

    assert stay.warnings == ["The host does not cook nut-free."]


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

    assert bool(stay.warnings) == warned
    if warned:
        assert stay.warnings[0].startswith("No common language")


def test_a_student_who_fits_the_place_has_no_warnings(organiser, student, place):
    aiko = student(
        dietary_requirements="vegetarian", allergies="pollen", english_level="B2", german_level="B1"
    )

    stay = assign(organiser, aiko, place(pets="", languages=["de"], dietary_options=["vegetarian"]))

    assert stay.warnings == []


def test_every_conflict_is_its_own_warning(organiser, student, place):
    aiko = student(allergies="dogs", dietary_requirements="halal", german_level="none")

    stay = assign(organiser, aiko, place(pets="dog", languages=["de"], dietary_options=[]))

    assert len(stay.warnings) == 3


# --- the default stay --------------------------------------------------------------------------


def test_a_stay_runs_from_the_arrival_day_to_the_departure_day_by_default(
    organiser, student, place
):
    aiko = student(
        # 23:30 in Heidelberg is already the next day in UTC: the local day counts.
        arrival_at=dt.datetime(2027, 7, 15, 23, 30, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 6, 0, tzinfo=BERLIN),
    )

    stay = assign(organiser, aiko, place())

    assert (stay.check_in, stay.check_out) == (july(15), august(14))


def test_without_travel_dates_a_stay_covers_the_programme_and_the_night_after(
    organiser, student, place, season
):
    stay = assign(organiser, student(), place())

    assert (stay.check_in, stay.check_out) == (season.starts_on, august(14))
    assert stay.nights[-1] == season.ends_on


def test_only_an_arrival_leaves_the_departure_to_the_programme(organiser, student, place):
    aiko = student(arrival_at=dt.datetime(2027, 7, 16, 14, 0, tzinfo=BERLIN))

    stay = assign(organiser, aiko, place())

    assert (stay.check_in, stay.check_out) == (july(16), august(14))


def test_dates_given_by_the_office_win_over_the_travel_dates(organiser, student, place):
    aiko = student(arrival_at=dt.datetime(2027, 7, 15, 10, 0, tzinfo=BERLIN))

    stay = assign(organiser, aiko, place(), july(18), july(25))

    assert (stay.check_in, stay.check_out) == (july(18), july(25))


# --- confirming, changing, cancelling ----------------------------------------------------------


def test_confirming_tells_the_student_and_the_host_and_records_it(organiser, student, place):
    stay = assign(organiser, student(email="aiko@example.jp"), place(contact_email="weber@x.de"))

    confirmed = services.confirm(stay, actor=organiser)

    assert confirmed.status == Status.CONFIRMED
    assert confirmed.confirmed_at is not None
    assert set(mails("housing_assigned_participant")) == {"aiko@example.jp"}
    assert set(mails("housing_assigned_host")) == {"weber@x.de"}
    assert [(c.action, c.from_status, c.to_status) for c in confirmed.changes.all()] == [
        ("propose", "", Status.PROPOSED),
        ("confirm", Status.PROPOSED, Status.CONFIRMED),
    ]


def test_only_a_proposed_assignment_can_be_confirmed(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)
    with pytest.raises(RuleViolation):
        services.confirm(stay, actor=organiser)

    services.cancel(stay, actor=organiser)
    with pytest.raises(RuleViolation) as refusal:
        services.confirm(stay, actor=organiser)

    assert "cancelled" in str(refusal.value)
    assert OutboundEmail.objects.filter(event="housing_assigned_participant").count() == 1


def test_confirm_all_confirms_the_seasons_proposals_only(organiser, student, place):
    room = place(beds=5)
    proposed = [assign(organiser, student(), room) for _ in range(3)]
    cancelled = assign(organiser, student(), room)
    services.cancel(cancelled, actor=organiser)
    other_season = SeasonFactory(year=2028)
    elsewhere = services.assign(
        actor=organiser,
        nomination=student(season=other_season),
        accommodation=place(
            available_from=dt.date(2028, 7, 1), available_until=dt.date(2028, 9, 1)
        ),
    )

    confirmed = services.confirm_all(proposed[0].nomination.season, actor=organiser)

    assert confirmed == 3
    statuses = dict(HousingAssignment.objects.values_list("pk", "status"))
    assert [statuses[stay.pk] for stay in proposed] == [Status.CONFIRMED] * 3
    assert statuses[cancelled.pk] == Status.CANCELLED
    assert statuses[elsewhere.pk] == Status.PROPOSED
    assert OutboundEmail.objects.filter(event="housing_assigned_participant").count() == 3


def test_changing_a_proposed_assignment_checks_the_beds_and_mails_nobody(organiser, student, place):
    room = place(beds=1)
    stay = assign(organiser, student(), room, july(17), july(20))

    changed = services.change(stay, actor=organiser, check_out=july(25))

    assert (changed.check_in, changed.check_out, changed.version) == (july(17), july(25), 2)
    assert not OutboundEmail.objects.exists()


def test_a_change_may_not_overbook_and_leaves_the_assignment_as_it_was(organiser, student, place):
    room = place(name="Familie Weber", beds=1)
    assign(organiser, student(), room, july(25), august(1))
    stay = services.confirm(assign(organiser, student(), room, july(17), july(25)), actor=organiser)
    told = OutboundEmail.objects.count()

    with pytest.raises(RuleViolation) as refusal:
        services.change(stay, actor=organiser, check_out=july(27))

    assert "Familie Weber" in str(refusal.value)
    assert "2027-07-25" in str(refusal.value)
    stay.refresh_from_db()
    assert (stay.check_out, stay.version) == (july(25), 1)
    assert OutboundEmail.objects.count() == told


def test_a_change_checks_the_new_places_availability(organiser, student, place):
    stay = assign(organiser, student(), place(), july(17), august(14))

    with pytest.raises(ValidationError) as refusal:
        services.change(stay, actor=organiser, accommodation=place(available_until=august(1)))

    assert list(refusal.value.message_dict) == ["check_out"]


def test_moving_a_confirmed_guest_mails_the_student_and_the_new_host_again(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp", dietary_requirements="halal", allergies="dogs")
    weber = place(name="Familie Weber", contact_email="weber@example.de")
    schmidt = place(name="Familie Schmidt", contact_email="schmidt@example.de", pets="dog")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), july(24)), actor=organiser)

    moved = services.change(stay, actor=organiser, accommodation=schmidt, check_out=july(26))

    assert moved.version == 2
    assert moved.status == Status.CONFIRMED
    assert len(moved.warnings) == 2  # recomputed for the new place: dogs, and no halal kitchen
    to_student = OutboundEmail.objects.filter(
        event="housing_assigned_participant", to="aiko@example.jp"
    )
    assert to_student.count() == 2
    assert "Familie Schmidt" in to_student.first().body_text  # the newest first
    assert set(mails("housing_assigned_host")) == {"weber@example.de", "schmidt@example.de"}
    assert moved.changes.last().action == "change"


def test_a_change_that_changes_nothing_mails_nobody_again(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(), place(), july(17), july(24)), actor=organiser
    )
    told = OutboundEmail.objects.count()

    same = services.change(stay, actor=organiser, check_in=july(17), check_out=july(24))

    assert same.version == 1
    assert OutboundEmail.objects.count() == told


def test_a_guest_may_extend_their_own_stay_in_a_one_bed_place(organiser, student, place):
    stay = assign(organiser, student(), place(beds=1), july(17), july(20))

    assert services.change(stay, actor=organiser, check_out=july(30)).check_out == july(30)


def test_a_cancelled_assignment_cannot_be_changed(organiser, student, place):
    stay = assign(organiser, student(), place())
    services.cancel(stay, actor=organiser)

    with pytest.raises(RuleViolation):
        services.change(stay, actor=organiser, check_out=august(2))


def test_cancelling_is_recorded_and_harmless_twice(organiser, student, place):
    stay = assign(organiser, student(), place())

    services.cancel(stay, actor=organiser, comment="Family ill")
    services.cancel(stay, actor=organiser)

    stay.refresh_from_db()
    assert stay.status == Status.CANCELLED
    assert [(c.action, c.comment) for c in stay.changes.all()] == [
        ("propose", ""),
        ("cancel", "Family ill"),
    ]


def test_only_the_office_confirms_changes_and_cancels(organiser, coordinator, student, place):
    stay = assign(organiser, student(), place())

    for attempt in (
        lambda: services.confirm(stay, actor=coordinator),
        lambda: services.confirm_all(stay.nomination.season, actor=coordinator),
        lambda: services.change(stay, actor=coordinator, check_out=august(2)),
        lambda: services.cancel(stay, actor=coordinator),
    ):
        with pytest.raises(PermissionDenied):
            attempt()

    stay.refresh_from_db()
    assert (stay.status, stay.version) == (Status.PROPOSED, 1)


def test_withdrawing_a_student_cancels_their_beds(organiser, student, place):
    aiko = student()
    room = place(beds=1)
    services.confirm(assign(organiser, aiko, room, july(17), july(24)), actor=organiser)
    assign(organiser, aiko, place(), july(24), august(1))

    lifecycle.withdraw(aiko, actor=organiser)

    assert set(aiko.housing.values_list("status", flat=True)) == {Status.CANCELLED}
    assert aiko.housing.first().changes.last().actor_kind == Actor.SYSTEM
    assert assign(organiser, student(), room, july(17), july(24)).pk  # the bed is free again


# --- e-mails -----------------------------------------------------------------------------------


def test_the_student_is_told_in_their_language_where_they_stay_and_who_hosts_them(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp", language="de")
    weber = place(
        name="Familie Weber",
        address="Plöck 12, 69117 Heidelberg",
        contact_name="Anna Weber",
        contact_phone="+49 6221 581234",
        contact_email="anna.weber@example.de",
        language="en",
    )

    services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    email = mails("housing_assigned_participant")["aiko@example.jp"]
    assert email.language == "de"
    assert email.subject == "ISH 2027: Ihre Unterkunft"
    for words in ("Familie Weber", "Plöck 12, 69117 Heidelberg", "Anna Weber", "+496221581234"):
        assert words in email.body_text
    assert "anna.weber@example.de" in email.body_text


def test_the_host_is_told_in_their_language_whom_they_host_when_and_what_they_eat(
    organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        language="de",
        dietary_requirements="vegetarian",
        allergies="peanuts",
    )
    weber = place(contact_email="anna.weber@example.de", language="en")

    services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    email = mails("housing_assigned_host")["anna.weber@example.de"]
    assert email.language == "en"
    assert email.subject == "ISH 2027: your guest Aiko Tanaka"
    assert "Kumamoto" in email.body_text
    assert "vegetarian, peanuts" in email.body_text
    assert "July 17, 2027" in email.body_text
    assert "Aug. 14, 2027" in email.body_text


def test_a_host_is_mailed_in_german_by_default(organiser, student, place):
    weber = place(contact_email="anna.weber@example.de")

    services.confirm(assign(organiser, student(), weber), actor=organiser)

    assert mails("housing_assigned_host")["anna.weber@example.de"].subject.startswith(
        "ISH 2027: Ihr Gast"
    )


def test_the_same_version_is_never_mailed_twice(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)

    mail.tell_assigned(stay)  # as a retried confirmation would
    services.confirm_all(stay.nomination.season, actor=organiser)

    assert OutboundEmail.objects.count() == 2


def test_nobody_without_an_address_is_mailed(organiser, student, place):
    stay = assign(organiser, student(email=""), place(contact_email=""))

    services.confirm(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_proposals_mail_nobody(organiser, season, student, place):
    assign(organiser, student(), place())
    student()
    suggestions.suggest(season, actor=organiser)

    assert not OutboundEmail.objects.exists()


# --- suggestions -------------------------------------------------------------------------------


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
    assert "2027-06-01" in result.unplaced[too_early.pk]


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
    assert allergic.housing.get().warnings[0].startswith("Pets (cat)")


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


# --- cancelling a promised bed -----------------------------------------------------------------


def test_cancelling_a_confirmed_bed_tells_the_student_and_the_host(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka", email="aiko@example.jp")
    weber = place(name="Familie Weber", contact_email="weber@example.de", language="en")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), august(14)), actor=organiser)

    services.cancel(stay, actor=organiser, comment="The family is ill.")

    to_student = mails("housing_cancelled_participant")["aiko@example.jp"]
    to_host = mails("housing_cancelled_host")["weber@example.de"]
    assert to_student.subject == "ISH 2027: your accommodation is cancelled"
    assert "Familie Weber" in to_student.body_text
    assert "The family is ill." in to_student.body_text
    assert to_host.subject == "ISH 2027: Aiko Tanaka will not stay with you"
    assert to_host.language == "en"
    for words in ("Aiko Tanaka", "Kumamoto", "Familie Weber", "July 17, 2027", "Aug. 14, 2027"):
        assert words in to_host.body_text
    stay.refresh_from_db()
    assert (stay.status, stay.version) == (Status.CANCELLED, 2)


def test_the_cancellation_is_mailed_in_each_recipients_language(organiser, student, place):
    aiko = student(email="aiko@example.jp", language="de")
    weber = place(contact_email="weber@example.de", language="en")
    stay = services.confirm(assign(organiser, aiko, weber), actor=organiser)

    services.cancel(stay, actor=organiser)

    assert mails("housing_cancelled_participant")["aiko@example.jp"].language == "de"
    assert mails("housing_cancelled_host")["weber@example.de"].language == "en"


def test_cancelling_a_proposal_mails_nobody_it_was_never_sent(organiser, student, place):
    stay = assign(organiser, student(), place())

    services.cancel(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


def test_a_cancellation_is_mailed_once_however_often_it_is_asked_for(organiser, student, place):
    stay = services.confirm(assign(organiser, student(), place()), actor=organiser)

    services.cancel(stay, actor=organiser)
    services.cancel(stay, actor=organiser)
    mail.tell_host_cancelled(stay)  # as a retried cancellation would
    mail.tell_student_cancelled(stay)

    assert OutboundEmail.objects.filter(event="housing_cancelled_participant").count() == 1
    assert OutboundEmail.objects.filter(event="housing_cancelled_host").count() == 1


def test_a_withdrawn_students_host_and_the_student_are_told_the_bed_is_gone(
    organiser, student, place
):
    aiko = student(email="aiko@example.jp")
    confirmed = services.confirm(
        assign(organiser, aiko, place(contact_email="weber@example.de"), july(17), july(24)),
        actor=organiser,
    )
    assign(organiser, aiko, place(contact_email="proposed-only@example.de"), july(24), august(1))

    lifecycle.withdraw(aiko, actor=organiser)

    assert set(mails("housing_cancelled_host")) == {"weber@example.de"}
    assert set(mails("housing_cancelled_participant")) == {"aiko@example.jp"}
    # The system's own reason is for the history, not for the mail.
    assert "withdrawn" not in mails("housing_cancelled_host")["weber@example.de"].body_text
    assert confirmed.changes.last().note == "The nomination was withdrawn."


def test_a_cancelled_bed_without_addresses_mails_nobody(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(email=""), place(contact_email="")), actor=organiser
    )

    services.cancel(stay, actor=organiser)

    assert not OutboundEmail.objects.exists()


# --- moving a confirmed guest ------------------------------------------------------------------


def test_moving_a_confirmed_guest_tells_the_old_host_they_no_longer_come(organiser, student, place):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    weber = place(name="Familie Weber", contact_email="weber@example.de", language="en")
    schmidt = place(name="Familie Schmidt", contact_email="schmidt@example.de")
    stay = services.confirm(assign(organiser, aiko, weber, july(17), july(24)), actor=organiser)

    services.change(stay, actor=organiser, accommodation=schmidt, check_out=july(26))

    (to_old_host,) = OutboundEmail.objects.filter(event="housing_cancelled_host")
    assert to_old_host.to == "weber@example.de"
    assert "Aiko Tanaka" in to_old_host.subject
    assert "Familie Weber" in to_old_host.body_text
    assert "July 24, 2027" in to_old_host.body_text  # the dates the old host was told
    assert set(mails("housing_assigned_host")) == {"weber@example.de", "schmidt@example.de"}
    assert not OutboundEmail.objects.filter(event="housing_cancelled_participant").exists()


def test_new_dates_at_the_same_place_tell_nobody_the_guest_is_gone(organiser, student, place):
    stay = services.confirm(
        assign(organiser, student(), place(contact_email="weber@example.de"), july(17), july(24)),
        actor=organiser,
    )

    services.change(stay, actor=organiser, check_out=july(26))

    assert not OutboundEmail.objects.filter(event="housing_cancelled_host").exists()
    assert OutboundEmail.objects.filter(event="housing_assigned_host").count() == 2


def test_a_change_made_from_a_stale_copy_of_a_moved_bed_is_refused(organiser, student, place):
    first, second = place(name="Familie Weber"), place(name="Familie Braun")
    seen = assign(organiser, student(), first)  # what another organiser's page still shows
    services.change(seen, actor=organiser, accommodation=second)

    with pytest.raises(RuleViolation, match="moved to another place"):
        services.change(seen, actor=organiser, check_out=august(10))

    seen.refresh_from_db()
    assert (seen.accommodation, seen.check_out) == (second, august(14))


def test_moving_a_proposed_guest_mails_no_host(organiser, student, place):
    stay = assign(organiser, student(), place(contact_email="weber@example.de"))

    services.change(stay, actor=organiser, accommodation=place(contact_email="x@example.de"))

    assert not OutboundEmail.objects.exists()


def test_moving_back_and_forth_tells_each_host_each_time(organiser, student, place):
    weber = place(contact_email="weber@example.de")
    schmidt = place(contact_email="schmidt@example.de")
    stay = services.confirm(assign(organiser, student(), weber), actor=organiser)

    stay = services.change(stay, actor=organiser, accommodation=schmidt)
    stay = services.change(stay, actor=organiser, accommodation=weber)

    cancelled = OutboundEmail.objects.filter(event="housing_cancelled_host").order_by("pk")
    assert [email.to for email in cancelled] == ["weber@example.de", "schmidt@example.de"]


# --- the nights between arrival and departure --------------------------------------------------


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
    assert stay.warnings == []
    link = links.send_link(aiko)

    lifecycle.answer(
        link,
        attending=False,
        arrival_at=dt.datetime(2027, 7, 15, 18, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 0, tzinfo=BERLIN),
    )

    stay.refresh_from_db()
    assert stay.warnings == [
        "The stay does not cover the arrival and departure: no bed for 2 nights "
        "(2027-07-15 – 2027-07-16)."
    ]
    assert (stay.check_in, stay.check_out) == (july(17), august(14))  # the office decides


def test_travel_dates_the_office_enters_also_update_the_warnings(organiser, student, place):
    aiko = travelling(student, july(17), august(14))
    stay = assign(organiser, aiko, place())

    lifecycle.update_details(
        aiko, actor=organiser, departure_at=dt.datetime(2027, 8, 16, 9, 0, tzinfo=BERLIN)
    )

    stay.refresh_from_db()
    assert stay.warnings == [
        "The stay does not cover the arrival and departure: no bed for 2 nights "
        "(2027-08-14 – 2027-08-15)."
    ]


def test_the_warning_goes_once_the_nights_have_a_bed(organiser, student, place):
    aiko = travelling(student, july(15), august(14))
    first = assign(organiser, aiko, place(), july(17), august(14))
    assert "no bed for 2 nights" in first.warnings[0]

    early = assign(organiser, aiko, place())  # the nights still without a bed by default

    assert (early.check_in, early.check_out) == (july(15), july(17))
    first.refresh_from_db()
    assert (first.warnings, early.warnings) == ([], [])


def test_cancelling_one_of_two_beds_warns_on_the_other(organiser, student, place):
    aiko = travelling(student, july(17), august(14))
    first = assign(organiser, aiko, place(), july(17), july(24))
    second = assign(organiser, aiko, place(), july(24), august(14))
    first.refresh_from_db()
    assert first.warnings == second.warnings == []

    services.cancel(second, actor=organiser)

    first.refresh_from_db()
    assert first.warnings == [
        "The stay does not cover the arrival and departure: no bed for 21 nights "
        "(2027-07-24 – 2027-08-13)."
    ]


def test_shortening_a_bed_warns_and_a_place_change_keeps_the_warning(organiser, student, place):
    aiko = travelling(student, july(17), august(14), allergies="cats")
    home = place(name="Familie Weber")
    stay = assign(organiser, aiko, home)

    stay = services.change(stay, actor=organiser, check_out=august(12))
    services.update_accommodation(home, actor=organiser, pets="cat")

    stay.refresh_from_db()
    assert len(stay.warnings) == 2
    assert stay.warnings[0].startswith("Pets (cat)")
    assert "no bed for 2 nights (2027-08-12 – 2027-08-13)" in stay.warnings[1]
