"""The occupancy calendar: guests and beds per night in words as well as colour, a link to each
bed, and the office's suggest, confirm and cancel buttons with what they answer."""

import datetime as dt

import pytest
from django.urls import reverse

from ish.housing import services
from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail
from tests.factories import BERLIN
from tests.housing.booking import july, stay
from tests.housing.page_reading import CALENDAR, cells, edit_url, every_weeks_cells, text

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_calendar_shows_guests_and_beds_per_night_coloured_by_occupancy(
    client_as, organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=2)
    late = place(name="Familie Spät", beds=1, available_from=july(20))
    stay(organiser, student(), room, july(17), july(20))
    stay(organiser, student(), room, july(18), july(19))

    grid = every_weeks_cells(client_as("organiser"))

    assert grid[room.pk, "2027-07-17"]["data-state"] == "partly"
    assert grid[room.pk, "2027-07-17"]["text"] == "1/2"
    assert grid[room.pk, "2027-07-18"]["data-state"] == "full"
    assert grid[room.pk, "2027-07-18"]["text"] == "2/2"
    assert grid[room.pk, "2027-07-20"]["data-state"] == "free"
    assert grid[room.pk, "2027-07-20"]["text"] == "0/2"
    assert grid[late.pk, "2027-07-19"]["data-state"] == "unavailable"
    assert grid[late.pk, "2027-07-20"]["data-state"] == "free"
    assert "2 of 2 beds taken, full" in grid[room.pk, "2027-07-18"]["label"]
    assert "Haus Neckarblick" in grid[room.pk, "2027-07-18"]["label"]
    # Every night of the programme and the one after it, for every place.
    assert len(grid) == 2 * 28


def test_a_night_with_a_warning_is_marked_in_words_and_not_only_by_colour(
    client_as, organiser, student, place
):
    family = place(name="Familie Katz", pets="cat")
    stay(organiser, student(allergies="cats"), family, july(17), july(19))

    response = client_as("organiser").get(CALENDAR)
    grid = cells(response)

    assert grid[family.pk, "2027-07-17"].get("data-warning") == "true"
    assert "⚠" in grid[family.pk, "2027-07-17"]["text"]
    assert "a warning applies" in grid[family.pk, "2027-07-17"]["label"]
    assert "data-warning" not in grid[family.pk, "2027-07-19"]
    warning = "Pets (cat) in the home, and the student has an animal allergy."
    assert warning in response.content.decode()


def test_the_legend_names_each_colour(client_as, season):
    page = text(client_as("organiser").get(CALENDAR))

    for state in ["free", "partly taken", "full", "overbooked", "not available", "a warning"]:
        assert state in page


def test_the_calendar_shows_the_chosen_season_and_says_when_there_is_none(client_as, db):
    assert "No season has been set up yet." in text(client_as("organiser").get(CALENDAR))


def test_the_calendar_shows_an_early_arrivals_first_nights(client_as, organiser, student, place):
    room = place(available_from=july(1))
    early = student(arrival_at=dt.datetime(2027, 7, 12, 10, 0, tzinfo=BERLIN))
    stay(organiser, early, room, july(12), dt.date(2027, 8, 14))

    grid = cells(client_as("organiser").get(CALENDAR))

    assert grid[room.pk, "2027-07-12"]["text"] == "1/2"
    assert (room.pk, "2027-07-11") not in grid


def test_each_bed_on_the_calendar_links_to_its_edit_page(client_as, organiser, student, place):
    proposed = stay(organiser, student(), place(), july(17), july(20))
    confirmed = stay(organiser, student(), place(), july(17), july(20), Status.CONFIRMED)
    cancelled = stay(organiser, student(), place(), july(17), july(20))
    services.cancel(cancelled, actor=organiser)

    page = client_as("organiser").get(CALENDAR).content.decode()

    assert f'href="{edit_url(proposed)}"' in page
    assert f'href="{edit_url(confirmed)}"' in page
    assert f'href="{edit_url(cancelled)}"' not in page


def test_suggest_beds_proposes_and_names_who_could_not_be_placed_and_why(
    client_as, season, student, place
):
    room = place(name="Haus Neckarblick", beds=1)
    student(
        given_name="Aiko",
        family_name="Early",
        arrival_at=dt.datetime(2027, 7, 16, 9, 0, tzinfo=BERLIN),
    )
    student(given_name="Ren", family_name="Late")
    client = client_as("organiser")

    response = client.post(reverse("housing:suggest"), {"season": season.pk}, follow=True)

    assert HousingAssignment.objects.get().accommodation == room
    page = text(response)
    assert "A bed is proposed for 1 student." in page
    assert "1 student could not be placed" in page
    unplaced = page.split("Not placed by the last suggestion")[1]
    assert "Ren Late" in unplaced
    assert "Every accommodation available for the stay is full on at least one night." in unplaced


def test_the_unplaced_list_disappears_once_the_student_has_a_bed(
    client_as, season, organiser, student, place
):
    ren = student(given_name="Ren", family_name="Late")
    client = client_as("organiser")
    client.post(reverse("housing:suggest"), {"season": season.pk})
    assert "Not placed by the last suggestion" in text(client.get(CALENDAR))

    stay(organiser, ren, place(), july(17), july(20))

    assert "Not placed by the last suggestion" not in text(client.get(CALENDAR))


def test_confirm_all_confirms_every_proposal_and_tells_students_and_hosts(
    client_as, season, organiser, student, place
):
    stay(organiser, student(), place(), july(17), july(20))
    stay(organiser, student(), place(), july(17), july(20))

    response = client_as("organiser").post(
        reverse("housing:confirm_all"), {"season": season.pk}, follow=True
    )

    assert set(HousingAssignment.objects.values_list("status", flat=True)) == {Status.CONFIRMED}
    assert "2 proposals are confirmed" in text(response)
    assert OutboundEmail.objects.filter(event="housing_assigned_participant").count() == 2
    assert OutboundEmail.objects.filter(event="housing_assigned_host").count() == 2


def test_confirm_all_with_nothing_proposed_says_so(client_as, season):
    response = client_as("organiser").post(
        reverse("housing:confirm_all"), {"season": season.pk}, follow=True
    )

    assert "There were no proposals to confirm." in text(response)


def test_one_proposal_is_confirmed_from_its_row(client_as, organiser, student, place):
    assignment = stay(
        organiser,
        student(given_name="Aiko", family_name="Tanaka"),
        place(name="Haus Neckarblick"),
        july(17),
        july(20),
    )

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[assignment.pk]),
        {"action": "confirm"},
        follow=True,
    )

    assignment.refresh_from_db()
    assert assignment.status == Status.CONFIRMED
    assert "Aiko Tanaka at Haus Neckarblick is confirmed" in text(response)


def test_confirming_twice_explains_instead_of_failing(client_as, organiser, student, place):
    assignment = stay(organiser, student(), place(), july(17), july(20), Status.CONFIRMED)

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[assignment.pk]),
        {"action": "confirm"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Only a proposed assignment can be confirmed" in text(response)


def test_cancelling_frees_the_bed_on_the_calendar(client_as, organiser, student, place):
    room = place(beds=1)
    assignment = stay(
        organiser,
        student(given_name="Aiko", family_name="Tanaka"),
        room,
        july(17),
        july(20),
        Status.CONFIRMED,
    )
    client = client_as("organiser")
    assert cells(client.get(CALENDAR))[room.pk, "2027-07-17"]["data-state"] == "full"

    response = client.post(
        reverse("housing:assignment_action", args=[assignment.pk]),
        {"action": "cancel"},
        follow=True,
    )

    assignment.refresh_from_db()
    assert assignment.status == Status.CANCELLED
    assert cells(response)[room.pk, "2027-07-17"]["data-state"] == "free"
    assert "1 cancelled assignment" in text(response)


def test_cancelling_a_confirmed_bed_on_the_calendar_says_who_is_told(
    client_as, organiser, student, place
):
    assignment = stay(
        organiser,
        student(given_name="Aiko", family_name="Tanaka"),
        place(name="Haus Neckarblick"),
        july(17),
        july(20),
        Status.CONFIRMED,
    )

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[assignment.pk]),
        {"action": "cancel"},
        follow=True,
    )

    assert (
        "Aiko Tanaka's bed at Haus Neckarblick is cancelled; the student and the host are "
        "e-mailed." in text(response)
    )
    assert OutboundEmail.objects.filter(event="housing_cancelled_host").exists()


def test_a_garbage_action_on_an_assignment_changes_nothing(client_as, organiser, student, place):
    assignment = stay(organiser, student(), place(), july(17), july(20))

    response = client_as("organiser").post(
        reverse("housing:assignment_action", args=[assignment.pk]),
        {"action": "explode"},
        follow=True,
    )

    assert response.status_code == 200
    assert "nothing was changed" in text(response)
    assignment.refresh_from_db()
    assert assignment.status == Status.PROPOSED
