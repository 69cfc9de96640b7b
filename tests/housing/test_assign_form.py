"""Assigning a bed by hand with the calendar's form: the students it offers with their stay, what
it proposes, its refusals against the field or naming the night, and no server error on garbage."""

import pytest
from django.urls import reverse

from ish.housing import services
from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from tests.housing.booking import july, stay
from tests.housing.page_reading import CALENDAR, text

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_assign_form_offers_accepted_students_without_a_bed_with_their_stay(
    client_as, organiser, student, place
):
    room = place()
    waiting = student(given_name="Ren", family_name="Waiting")
    confirmed = student(Nomination.Status.CONFIRMED, given_name="Kai", family_name="Confirmed")
    housed = student(given_name="Hana", family_name="Housed")
    stay(organiser, housed, room, july(17), july(20))
    student(Nomination.Status.SUBMITTED, given_name="Sumi", family_name="Submitted")

    client = client_as("organiser")
    page = client.get(CALENDAR).content.decode()
    listed = page.split('data-testid="without-bed"')[1].split("</section>")[0]

    assert "Ren Waiting" in listed
    assert "Kai Confirmed" in listed
    assert "Hana Housed" not in listed
    assert "Sumi Submitted" not in listed
    assert 'name="nomination"' not in page  # the form opens for one student at a time
    for offered in (waiting, confirmed):
        assert f"student={offered.pk}#assign" in listed
        chosen = client.get(CALENDAR, {"student": offered.pk}).content.decode()
        choices = chosen.split('name="nomination"')[1].split("</select>")[0]
        assert f'value="{offered.pk}"' in choices
    chosen = client.get(CALENDAR, {"student": waiting.pk}).content.decode()
    choices = chosen.split('name="nomination"')[1].split("</select>")[0]
    assert f'value="{waiting.pk}" data-check-in="2027-07-17" data-check-out="2027-08-14"' in (
        choices
    )
    assert "Kai Confirmed" not in choices
    # A student who needs no bed opens no form.
    for other in (housed, Nomination.objects.get(family_name="Submitted")):
        assert (
            'name="nomination"' not in client.get(CALENDAR, {"student": other.pk}).content.decode()
        )


def test_assigning_without_dates_proposes_a_bed_for_the_students_stay(
    client_as, season, student, place
):
    room = place(name="Haus Neckarblick")
    aiko = student(given_name="Aiko", family_name="Tanaka")

    response = client_as("organiser").post(
        reverse("housing:assign"),
        {"season": season.pk, "nomination": aiko.pk, "accommodation": room.pk},
        follow=True,
    )

    assignment = HousingAssignment.objects.get()
    assert (assignment.nomination, assignment.accommodation) == (aiko, room)
    assert (assignment.check_in, assignment.check_out) == services.default_stay(aiko)
    assert assignment.status == Status.PROPOSED
    assert "Aiko Tanaka is proposed for Haus Neckarblick" in text(response)


def test_assigning_dates_by_hand_keeps_them(client_as, season, student, place):
    room = place()
    aiko = student()

    client_as("organiser").post(
        reverse("housing:assign"),
        {
            "season": season.pk,
            "nomination": aiko.pk,
            "accommodation": room.pk,
            "check_in": "2027-07-20",
            "check_out": "2027-07-30",
        },
    )

    assert HousingAssignment.objects.values_list("check_in", "check_out").get() == (
        july(20),
        july(30),
    )


def test_a_full_night_is_refused_naming_the_night_and_the_place(
    client_as, season, organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=1)
    stay(organiser, student(), room, july(20), july(25))
    aiko = student()

    response = client_as("organiser").post(
        reverse("housing:assign"),
        {
            "season": season.pk,
            "nomination": aiko.pk,
            "accommodation": room.pk,
            "check_in": "2027-07-17",
            "check_out": "2027-07-22",
        },
    )

    assert response.status_code == 409
    assert "Haus Neckarblick has no free bed on the night of 20 July 2027" in text(response)
    assert not aiko.housing.exists()
    # The form keeps what was entered, so the office can change one thing and try again.
    assert 'value="2027-07-17"' in response.content.decode()


def test_dates_outside_the_availability_are_shown_against_the_field(
    client_as, season, student, place
):
    room = place(name="Familie Spät", available_from=july(20))
    aiko = student()

    response = client_as("organiser").post(
        reverse("housing:assign"),
        {
            "season": season.pk,
            "nomination": aiko.pk,
            "accommodation": room.pk,
            "check_in": "2027-07-17",
            "check_out": "2027-07-22",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    check_in = page.split('name="check_in"')[1].split('name="check_out"')[0]
    assert "Familie Spät is available from 20 July 2027 only." in check_in
    assert not aiko.housing.exists()


def test_assigning_a_student_who_already_has_a_bed_is_refused(
    client_as, season, organiser, student, place
):
    aiko = student()
    stay(organiser, aiko, place(), july(17), july(20))

    response = client_as("organiser").post(
        reverse("housing:assign"),
        {"season": season.pk, "nomination": aiko.pk, "accommodation": place().pk},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    assert aiko.housing.count() == 1


GARBAGE = [
    ("assign", {}),
    ("assign", {"season": "x", "nomination": "abc", "accommodation": "", "check_in": "soon"}),
    ("assign", {"nomination": "-1", "accommodation": "99999", "check_out": "2027-02-30"}),
    ("suggest", {"season": "garbage"}),
    ("confirm_all", {"season": "'; DROP TABLE"}),
    ("accommodation_add", {}),
    ("accommodation_add", {"beds": "-3", "languages": "english", "dietary_options": "caviar"}),
    (
        "accommodation_add",
        {"available_from": "2027-08-01", "available_until": "2027-07-01", "beds": "9999"},
    ),
]


@pytest.mark.parametrize(("name", "data"), GARBAGE)
def test_garbage_posts_never_cause_a_server_error(client_as, season, place, name, data):
    place()
    response = client_as("organiser").post(reverse(f"housing:{name}"), data)

    assert response.status_code < 500
    assert not HousingAssignment.objects.exists()
    assert Accommodation.objects.count() == 1
