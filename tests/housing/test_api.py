"""The housing API: accommodations for the office only, housing assignments for the office and, to
read, their city's coordinator; rules as 409s naming the night and the place, bad input as 400s
naming the field, never a 500, and flat query counts."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.seasons.models import City
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

PLACES = "/api/v1/accommodations/"
STAYS = "/api/v1/housing-assignments/"
Status = HousingAssignment.Status


def place_url(accommodation, action: str = "") -> str:
    return f"{PLACES}{accommodation.pk}/{action}"


def stay_url(assignment, action: str = "") -> str:
    return f"{STAYS}{assignment.pk}/{action}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def place_payload(**fields) -> dict:
    return {
        "kind": "host_family",
        "name": "Familie Weber",
        "address": "Plöck 12, 69117 Heidelberg",
        "beds": 2,
        "contact_name": "Anna Weber",
        "contact_email": "anna.weber@example.de",
        "contact_phone": "+49 6221 581234",
        "pets": "cat",
        "smoking": False,
        "languages": ["de", "EN"],
        "dietary_options": ["vegetarian"],
        "available_from": "2027-07-01",
        "available_until": "2027-08-31",
        "notes": "Bicycle available.",
        "language": "de",
    } | fields


@pytest.fixture
def world(season, organiser, coordinator, lab_host, student, place):
    """A place with one bed and one with two; Kumamoto's (the coordinator's) students housed in
    both, Hangzhou's in the second, and one accepted student of each city without a bed."""
    single = place(name="Einzelzimmer Bergheim", beds=1)
    double = place(name="Familie Weber", beds=2)
    own = student(city="kumamoto")
    other = student(city="hangzhou")
    stays = SimpleNamespace(
        own=HousingAssignment.objects.create(
            nomination=own,
            accommodation=single,
            check_in=season.starts_on,
            check_out=dt.date(2027, 8, 14),
        ),
        other=HousingAssignment.objects.create(
            nomination=other,
            accommodation=double,
            check_in=season.starts_on,
            check_out=dt.date(2027, 8, 14),
        ),
    )
    return SimpleNamespace(
        season=season,
        single=single,
        double=double,
        own_student=own,
        other_student=other,
        own_stay=stays.own,
        other_stay=stays.other,
        waiting=student(city="kumamoto"),
        waiting_elsewhere=student(city="hangzhou"),
    )


# --- accommodations ----------------------------------------------------------------------------


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
        ({"language": "fr"}, "language"),
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
    assert "2027-07-17" in fewer_beds.json()["detail"]
    world.single.refresh_from_db()
    world.double.refresh_from_db()
    assert (world.single.available_until, world.double.beds) == (dt.date(2027, 8, 31), 2)


# --- housing assignments: who sees what --------------------------------------------------------


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


# --- housing assignments: the office's work ----------------------------------------------------


def test_the_office_assigns_a_bed_for_the_students_stay(api_as, world):
    response = api_as("organiser").post(
        STAYS, {"nomination": world.waiting.pk, "accommodation": world.double.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json() | {"id": None, "created_at": None} == {
        "id": None,
        "nomination": world.waiting.pk,
        "accommodation": world.double.pk,
        "check_in": "2027-07-17",
        "check_out": "2027-08-14",
        "status": "proposed",
        "warnings": [],
        "created_at": None,
        "confirmed_at": None,
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
    assert "2027-08-10" in detail
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
    assert response.json() == {"confirmed": 2}
    assert set(HousingAssignment.objects.values_list("status", flat=True)) == {Status.CONFIRMED}


# --- never a 500 -------------------------------------------------------------------------------

HUGE_NUMBER = 10**30
HUGE_TEXT = "x" * 100_000
GARBAGE = {
    "nomination-text": {"nomination": "the one from Kumamoto"},
    "nomination-huge": {"nomination": HUGE_NUMBER},
    "nomination-negative": {"nomination": -1},
    "nomination-list": {"nomination": [1]},
    "nomination-object": {"nomination": {"id": 1}},
    "nomination-null": {"nomination": None},
    "accommodation-huge": {"accommodation": HUGE_NUMBER},
    "accommodation-nul": {"accommodation": "1\x00"},
    "check-in-number": {"check_in": 20270720},
    "check-in-huge-year": {"check_in": "99999-07-20"},
    "check-in-first-day": {"check_in": "0001-01-01"},
    "check-out-last-day": {"check_out": "9999-12-31"},
    "check-in-nul": {"check_in": "2027-07-20\x00"},
    "check-in-huge": {"check_in": HUGE_TEXT},
    "check-in-list": {"check_in": ["2027-07-20"]},
    "check-in-null": {"check_in": None},
    "status-injected": {"status": "confirmed"},
    "warnings-injected": {"warnings": ["none"]},
}


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_assignment_is_a_400_not_a_500(api_as, world, garbage):
    payload = {"nomination": world.waiting.pk, "accommodation": world.double.pk} | GARBAGE[garbage]

    response = api_as("organiser").post(STAYS, payload, format="json")

    assert response.status_code in {201, 400}, response.content
    if response.status_code == 201:  # a field the client may not set was ignored
        assert response.json()["status"] == "proposed"
        assert response.json()["warnings"] == []


@pytest.mark.parametrize("garbage", list(GARBAGE))
def test_a_garbage_change_is_a_400_not_a_500(api_as, world, garbage):
    response = api_as("organiser").patch(stay_url(world.own_stay), GARBAGE[garbage], format="json")

    assert response.status_code in {200, 400}, response.content
    assert HousingAssignment.objects.get(pk=world.own_stay.pk).status == Status.PROPOSED


@pytest.mark.parametrize(
    "garbage",
    [
        {"beds": HUGE_NUMBER},
        {"beds": "two"},
        {"languages": "de"},
        {"languages": [["de"]]},
        {"languages": ["d\x00"]},
        {"dietary_options": "vegetarian"},
        {"dietary_options": [{"diet": "vegan"}]},
        {"available_from": "99999-01-01"},
        {"available_from": "0001-01-01", "available_until": "9999-12-31"},
        {"name": "Weber\x00"},
        {"name": HUGE_TEXT},
        {"pets": ["cat"]},
        {"smoking": "sometimes"},
    ],
    ids=[
        "beds-huge", "beds-text", "languages-text", "languages-nested", "language-nul",
        "diets-text", "diets-objects", "date-huge-year", "dates-extreme", "name-nul", "name-huge",
        "pets-list", "smoking-text",
    ],
)  # fmt: skip
def test_a_garbage_accommodation_is_a_400_not_a_500(api_as, garbage):
    response = api_as("organiser").post(PLACES, place_payload(**garbage), format="json")

    assert response.status_code in {201, 400}, response.content


@pytest.mark.parametrize(
    "body",
    [[1], "2027", {"season": "this year"}, {"season": HUGE_NUMBER}, {"season": [1]}, {}],
    ids=["list", "text", "season-text", "season-huge", "season-list", "empty"],
)
@pytest.mark.parametrize("action", ["suggest/", "confirm-all/"])
def test_a_garbage_season_is_a_400_not_a_500(api_as, world, action, body):
    response = api_as("organiser").post(f"{STAYS}{action}", body, format="json")

    assert response.status_code == 400, response.content
    assert HousingAssignment.objects.count() == 2


@pytest.mark.parametrize(
    "params",
    [
        {"season": "this-year"},
        {"season": str(HUGE_NUMBER)},
        {"city": "kuma\x00moto"},
        {"status": "lost"},
        {"accommodation": "the big one"},
        {"nomination": str(HUGE_NUMBER)},
        {"search": "\x00"},
        {"ordering": "nomination__medical_notes"},
        {"page": "last"},
    ],
    ids=[
        "season", "season-huge", "city-nul", "status", "accommodation", "nomination-huge",
        "search-nul", "ordering", "page",
    ],
)  # fmt: skip
def test_odd_filters_never_cause_a_server_error(api_as, world, params):
    for url in (STAYS, PLACES):
        response = api_as("organiser").get(url, params)

        assert response.status_code in {200, 400, 404}, response.content


@pytest.mark.parametrize("path", [f"{STAYS}99999999999999999999/", f"{STAYS}x/", f"{PLACES}1%00/"])
def test_an_id_no_row_can_match_is_a_404(api_as, world, path):
    assert api_as("organiser").get(path).status_code == 404


# --- query counts ------------------------------------------------------------------------------


def grow_places(wanted: int) -> None:
    Accommodation.objects.bulk_create(
        Accommodation(
            kind=Accommodation.Kind.RESIDENCE,
            name=f"Room {n}",
            address="Heidelberg",
            beds=1,
            available_from=dt.date(2027, 7, 1),
            available_until=dt.date(2027, 8, 31),
        )
        for n in range(Accommodation.objects.count(), wanted)
    )


def grow_stays(season, wanted: int) -> None:
    """Students of two cities, each in a room of their own."""
    cities = [City.objects.get(slug="kumamoto"), City.objects.get(slug="hangzhou")]
    have = HousingAssignment.objects.count()
    grow_places(wanted)
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season,
            city=cities[n % 2],
            status=Nomination.Status.ACCEPTED,
            given_name="Student",
            family_name=f"No. {n}",
            email=f"student-{n}@example.org",
        )
        for n in range(have, wanted)
    )
    free = Accommodation.objects.filter(assignments__isnull=True).order_by("pk")
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=student,
            accommodation=room,
            check_in=dt.date(2027, 7, 17),
            check_out=dt.date(2027, 8, 14),
        )
        for student, room in zip(students, free, strict=False)
    )


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_assignment_list_makes_as_many_queries_for_200_rows_as_for_10(api_as, season, role):
    client = api_as(role)
    counts = {}
    for wanted in (10, 200):
        grow_stays(season, wanted)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(STAYS, {"page_size": 500})

        assert response.status_code == 200
        assert response.json()["count"] == (wanted if role == "organiser" else wanted // 2)
        counts[wanted] = len(queries)
    assert counts[10] == counts[200] <= 2


def test_the_accommodation_list_makes_as_many_queries_for_200_rows_as_for_10(api_as):
    client = api_as("organiser")
    counts = {}
    for wanted in (10, 200):
        grow_places(wanted)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(PLACES, {"page_size": 500})

        assert response.json()["count"] == wanted
        counts[wanted] = len(queries)
    assert counts[10] == counts[200] <= 2
