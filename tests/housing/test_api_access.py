"""Who sees and changes housing assignments through the API (the office all, a coordinator their
city's to read, nobody else), and id filters that answer another city's id as a missing one."""

import datetime as dt

import pytest

from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail
from tests.housing.api_requests import STAYS, ids, stay_url

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_office_sees_every_assignment_and_a_coordinator_their_citys(api_as, world):
    assert ids(api_as("organiser").get(STAYS)) == {world.own_stay.pk, world.other_stay.pk}
    assert ids(api_as("coordinator").get(STAYS)) == {world.own_stay.pk}


def test_a_coordinator_reads_their_citys_assignment_but_not_another_citys(api_as, world):
    client = api_as("coordinator")

    own = client.get(stay_url(world.own_stay))
    other = client.get(stay_url(world.other_stay))

    assert own.status_code == 200
    assert own.json()["nomination"] == world.own_student.pk
    assert other.status_code == 404


def test_a_coordinator_cannot_change_housing(api_as, world):
    client = api_as("coordinator")

    responses = [
        client.post(STAYS, {"nomination": world.waiting.pk, "accommodation": world.double.pk}),
        client.patch(stay_url(world.own_stay), {"check_out": "2027-08-10"}),
        client.post(stay_url(world.own_stay, "confirm/")),
        client.post(stay_url(world.own_stay, "cancel/")),
        client.post(f"{STAYS}suggest/", {"season": world.season.pk}),
        client.post(f"{STAYS}confirm-all/", {"season": world.season.pk}),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert HousingAssignment.objects.count() == 2
    assert set(HousingAssignment.objects.values_list("status", flat=True)) == {Status.PROPOSED}


@pytest.mark.parametrize("role", ["lab_host", "anonymous"])
def test_lab_hosts_and_strangers_see_no_housing(api_as, world, role):
    client = api_as(role)
    expected = 403 if role == "lab_host" else 401

    responses = [
        client.get(STAYS),
        client.get(stay_url(world.own_stay)),
        client.post(STAYS, {"nomination": world.waiting.pk, "accommodation": world.double.pk}),
        client.post(stay_url(world.own_stay, "confirm/")),
        client.post(f"{STAYS}suggest/", {"season": world.season.pk}),
    ]

    assert [r.status_code for r in responses] == [expected] * len(responses)


def test_a_lab_host_can_neither_change_nor_cancel_nor_confirm_housing(api_as, world):
    client = api_as("lab_host")

    responses = [
        client.patch(stay_url(world.own_stay), {"check_out": "2027-08-10"}, format="json"),
        client.put(
            stay_url(world.own_stay),
            {"accommodation": world.double.pk, "check_out": "2027-08-10"},
            format="json",
        ),
        client.post(stay_url(world.own_stay, "cancel/")),
        client.post(f"{STAYS}confirm-all/", {"season": world.season.pk}, format="json"),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    world.own_stay.refresh_from_db()
    assert (world.own_stay.check_out, world.own_stay.version) == (dt.date(2027, 8, 14), 1)
    assert set(HousingAssignment.objects.values_list("status", flat=True)) == {Status.PROPOSED}
    assert not OutboundEmail.objects.exists()


def test_housing_assignments_are_never_deleted(api_as, world):
    response = api_as("organiser").delete(stay_url(world.own_stay))

    assert response.status_code == 405
    assert HousingAssignment.objects.filter(pk=world.own_stay.pk).exists()


def test_the_list_filters_by_city_status_and_place(api_as, world):
    client = api_as("organiser")

    assert ids(client.get(STAYS, {"city": "hangzhou"})) == {world.other_stay.pk}
    assert ids(client.get(STAYS, {"accommodation": world.single.pk})) == {world.own_stay.pk}
    assert ids(client.get(STAYS, {"status": "confirmed"})) == set()
    assert ids(client.get(STAYS, {"season": world.season.pk, "status": ["proposed"]})) == {
        world.own_stay.pk,
        world.other_stay.pk,
    }


@pytest.mark.parametrize("name", ["nomination", "accommodation"])
def test_a_coordinator_cannot_tell_another_citys_student_or_place_from_one_that_does_not_exist(
    api_as, world, name
):
    client = api_as("coordinator")
    elsewhere = {"nomination": world.other_student.pk, "accommodation": world.double.pk}[name]

    other_city = client.get(STAYS, {name: elsewhere})
    nonexistent = client.get(STAYS, {name: 999999})

    assert other_city.status_code == nonexistent.status_code == 400
    assert other_city.json() == nonexistent.json()


def test_a_coordinator_filters_by_their_own_student_and_place(api_as, world):
    client = api_as("coordinator")

    assert ids(client.get(STAYS, {"nomination": world.own_student.pk})) == {world.own_stay.pk}
    assert ids(client.get(STAYS, {"accommodation": world.single.pk})) == {world.own_stay.pk}


def test_the_office_filters_by_any_student(api_as, world):
    client = api_as("organiser")

    assert ids(client.get(STAYS, {"nomination": world.other_student.pk})) == {world.other_stay.pk}
    assert ids(client.get(STAYS, {"nomination": world.waiting.pk})) == set()


def test_the_list_never_carries_sensitive_fields_but_one_assignment_does(api_as, world):
    client = api_as("organiser")

    rows = client.get(STAYS).json()["results"]
    single = client.get(stay_url(world.own_stay)).json()

    sensitive = {
        "passport_number", "dietary_requirements", "medical_notes", "allergies",
        "emergency_contact_name", "emergency_contact_phone",
    }  # fmt: skip
    assert rows
    assert all(row["student"]["family_name"] for row in rows)
    assert all(not sensitive & row["student"].keys() for row in rows)
    assert sensitive <= single["student"].keys()
