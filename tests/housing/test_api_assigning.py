"""The office's housing work through the API: assigning, changing, confirming and cancelling a bed,
suggesting and confirming all, with rules as 409s naming the night and the place."""

import pytest

from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from tests.factories import NominationFactory
from tests.housing.api_requests import STAYS, stay_url

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_office_assigns_a_bed_for_the_students_stay(api_as, world):
    response = api_as("organiser").post(
        STAYS, {"nomination": world.waiting.pk, "accommodation": world.double.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["student"]["id"] == world.waiting.pk
    assert response.json() | {"id": None, "created_at": None, "student": None} == {
        "id": None,
        "nomination": world.waiting.pk,
        "accommodation": world.double.pk,
        "check_in": "2027-07-17",
        "check_out": "2027-08-14",
        "status": "proposed",
        "warnings": [],
        "created_at": None,
        "confirmed_at": None,
        "student": None,
    }


def test_an_assignment_shows_its_warnings(api_as, world, place):
    world.waiting.allergies = "cats"
    world.waiting.save()

    response = api_as("organiser").post(
        STAYS,
        {"nomination": world.waiting.pk, "accommodation": place(pets="cat").pk},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["warnings"][0].startswith("Pets (cat)")


def test_a_full_night_is_a_409_naming_the_night_and_the_place(api_as, world):
    response = api_as("organiser").post(
        STAYS,
        {
            "nomination": world.waiting.pk,
            "accommodation": world.single.pk,
            "check_in": "2027-08-10",
            "check_out": "2027-08-20",
        },
        format="json",
    )

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Einzelzimmer Bergheim" in detail
    assert "10 August 2027" in detail
    assert HousingAssignment.objects.count() == 2


def test_a_bed_from_the_check_out_day_on_is_free(api_as, world):
    response = api_as("organiser").post(
        STAYS,
        {
            "nomination": world.waiting.pk,
            "accommodation": world.single.pk,
            "check_in": "2027-08-14",
            "check_out": "2027-08-20",
        },
        format="json",
    )

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"check_in": "2027-07-20", "check_out": "2027-07-19"}, "check_out"),
        ({"check_in": "2027-07-20", "check_out": "2027-07-20"}, "check_out"),
        ({"check_in": "2027-06-20", "check_out": "2027-07-19"}, "check_in"),
        ({"check_in": "2027-08-20", "check_out": "2027-09-19"}, "check_out"),
        ({"check_in": "the 20th"}, "check_in"),
        ({"check_out": "2027-02-30"}, "check_out"),
    ],
    ids=[
        "reversed",
        "same-day",
        "before-availability",
        "after-availability",
        "words",
        "no-such-day",
    ],
)
def test_bad_dates_are_a_400_naming_the_field(api_as, world, dates, field):
    response = api_as("organiser").post(
        STAYS,
        {"nomination": world.waiting.pk, "accommodation": world.double.pk} | dates,
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert HousingAssignment.objects.count() == 2


def test_a_student_who_is_not_accepted_is_a_409(api_as, world):
    submitted = NominationFactory(season=world.season, status=Nomination.Status.SUBMITTED)

    response = api_as("organiser").post(
        STAYS, {"nomination": submitted.pk, "accommodation": world.double.pk}, format="json"
    )

    assert response.status_code == 409
    assert "accepted" in response.json()["detail"]


def test_changing_dates_checks_the_beds_and_keeps_the_student(api_as, world):
    client = api_as("organiser")

    moved = client.patch(
        stay_url(world.own_stay),
        {"check_out": "2027-08-10", "nomination": world.other_student.pk},
        format="json",
    )
    overbooked = client.patch(
        stay_url(world.other_stay), {"accommodation": world.single.pk}, format="json"
    )

    assert moved.status_code == 200, moved.content
    assert moved.json()["check_out"] == "2027-08-10"
    assert moved.json()["nomination"] == world.own_student.pk
    assert overbooked.status_code == 409
    assert "Einzelzimmer Bergheim" in overbooked.json()["detail"]


def test_confirming_and_cancelling_answer_with_the_assignment(api_as, world):
    client = api_as("organiser")

    confirmed = client.post(stay_url(world.own_stay, "confirm/"))
    again = client.post(stay_url(world.own_stay, "confirm/"))
    cancelled = client.post(stay_url(world.own_stay, "cancel/"))

    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["confirmed_at"]
    assert again.status_code == 409
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert OutboundEmail.objects.filter(event__startswith="housing_assigned").count() == 2


def test_suggest_answers_with_the_proposed_count_the_unplaced_and_why(api_as, world):
    HousingAssignment.objects.filter(pk=world.other_stay.pk).update(status=Status.CANCELLED)
    Accommodation.objects.filter(pk=world.double.pk).update(beds=1)

    response = api_as("organiser").post(
        f"{STAYS}suggest/", {"season": world.season.pk}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"proposed", "unplaced", "reasons"}
    # Two students and the one whose bed was cancelled; one bed is left.
    assert body["proposed"] == 1
    assert len(body["unplaced"]) == 2
    assert body["unplaced"] == sorted(body["unplaced"])
    assert set(body["reasons"]) == {str(pk) for pk in body["unplaced"]}
    assert all("full" in reason for reason in body["reasons"].values())
    assert HousingAssignment.objects.filter(status=Status.PROPOSED).count() == 2


def test_confirm_all_answers_with_the_number_confirmed(api_as, world):
    response = api_as("organiser").post(
        f"{STAYS}confirm-all/", {"season": world.season.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"confirmed": 2, "emails_written": 4, "not_emailed": []}
    assert set(HousingAssignment.objects.values_list("status", flat=True)) == {Status.CONFIRMED}
