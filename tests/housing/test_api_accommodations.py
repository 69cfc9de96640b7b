"""Accommodations through the API: the office creates, reads, changes and deletes them, nobody
else sees them, bad input is a 400 naming the field and a rule broken a 409."""

import datetime as dt

import pytest

from ish.housing.models import Accommodation, HousingAssignment
from tests.housing.api_requests import PLACES, STAYS, ids, place_payload, place_url

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_office_creates_reads_changes_and_deletes_an_accommodation(api_as):
    client = api_as("organiser")

    created = client.post(PLACES, place_payload(), format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["languages"] == ["de", "en"]
    assert body["contact_phone"] == "+496221581234"
    assert body["dietary_options"] == ["vegetarian"]
    place = Accommodation.objects.get(pk=body["id"])
    assert client.get(place_url(place)).json()["name"] == "Familie Weber"
    assert ids(client.get(PLACES)) == {place.pk}

    changed = client.patch(place_url(place), {"beds": 3, "pets": ""}, format="json")

    assert changed.status_code == 200, changed.content
    place.refresh_from_db()
    assert (place.beds, place.pets) == (3, "")
    assert client.delete(place_url(place)).status_code == 204
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 403), ("lab_host", 403), ("anonymous", 401)]
)
def test_only_the_office_may_see_or_touch_accommodations(api_as, place, role, status):
    room = place()
    client = api_as(role)

    responses = [
        client.get(PLACES),
        client.get(place_url(room)),
        client.post(PLACES, place_payload(), format="json"),
        client.patch(place_url(room), {"beds": 9}, format="json"),
        client.delete(place_url(room)),
    ]

    assert [r.status_code for r in responses] == [status] * len(responses)
    room.refresh_from_db()
    assert room.beds == 2
    assert Accommodation.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"beds": 0}, "beds"),
        ({"beds": -1}, "beds"),
        ({"available_until": "2027-06-30"}, "available_until"),
        ({"available_until": "2027-07-01"}, "available_until"),
        ({"languages": ["deu"]}, "languages"),
        ({"languages": ["d!"]}, "languages"),
        ({"dietary_options": ["paleo"]}, "dietary_options"),
        ({"kind": "castle"}, "kind"),
        ({"contact_phone": "call me"}, "contact_phone"),
        ({"contact_email": "weber at example"}, "contact_email"),
        ({"language": "xx"}, "language"),
        ({"name": ""}, "name"),
    ],
    ids=[
        "no-beds", "negative-beds", "window-reversed", "window-empty", "three-letter-language",
        "odd-language", "unknown-diet", "kind", "phone", "email", "mail-language", "name",
    ],
)  # fmt: skip
def test_an_invalid_accommodation_is_a_400_naming_the_field(api_as, place, change, field):
    client = api_as("organiser")
    existing = place(name="Familie Schmidt")

    created = client.post(PLACES, place_payload(**change), format="json")
    changed = client.patch(place_url(existing), change, format="json")

    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert field in response.json(), response.json()
    assert Accommodation.objects.count() == 1
    existing_now = Accommodation.objects.get()
    assert (existing_now.name, existing_now.beds) == ("Familie Schmidt", 2)


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_a_host_may_get_their_e_mails_in_any_offered_language(api_as, language):
    response = api_as("organiser").post(PLACES, place_payload(language=language), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["language"] == language
    assert Accommodation.objects.get().language == language


def test_two_accommodations_cannot_share_a_name(api_as, place):
    place(name="Familie Weber")

    response = api_as("organiser").post(PLACES, place_payload(), format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_deleting_an_accommodation_someone_was_housed_in_is_a_409(api_as, world):
    HousingAssignment.objects.filter(pk=world.own_stay.pk).update(status=Status.CANCELLED)

    response = api_as("organiser").delete(place_url(world.single))

    assert response.status_code == 409
    assert "housing assignments" in response.json()["detail"]
    assert Accommodation.objects.filter(pk=world.single.pk).exists()


def test_shrinking_an_accommodation_under_its_guests_is_a_409(api_as, world):
    api_as("organiser").post(
        STAYS, {"nomination": world.waiting.pk, "accommodation": world.double.pk}, format="json"
    )
    fewer_beds = api_as("organiser").patch(place_url(world.double), {"beds": 1}, format="json")
    shrunk = api_as("organiser").patch(
        place_url(world.single), {"available_until": "2027-08-01"}, format="json"
    )

    assert shrunk.status_code == 409
    assert "Einzelzimmer Bergheim" in shrunk.json()["detail"]
    assert fewer_beds.status_code == 409
    assert "17 July 2027" in fewer_beds.json()["detail"]
    world.single.refresh_from_db()
    world.double.refresh_from_db()
    assert (world.single.available_until, world.double.beds) == (dt.date(2027, 8, 31), 2)
