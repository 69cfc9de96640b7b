"""The page that changes a bed's dates or place: what it shows and saves, whom it mails, and what
it refuses without a server error."""

import pytest

from ish.housing import services
from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail
from tests.housing.booking import july, stay
from tests.housing.page_reading import edit_url, text

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


def test_the_edit_form_shows_the_bed_and_saves_new_dates_and_place(
    client_as, organiser, student, place
):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    assignment = stay(organiser, aiko, place(name="Familie Weber"), july(17), july(20))
    schmidt = place(name="Familie Schmidt")
    client = client_as("organiser")

    page = client.get(edit_url(assignment)).content.decode()
    assert 'value="2027-07-17"' in page
    assert 'value="2027-07-20"' in page
    assert "Bed of Aiko Tanaka" in page

    response = client.post(
        edit_url(assignment),
        {"accommodation": schmidt.pk, "check_in": "2027-07-18", "check_out": "2027-07-25"},
        follow=True,
    )

    assignment.refresh_from_db()
    assert (assignment.accommodation, assignment.check_in, assignment.check_out) == (
        schmidt,
        july(18),
        july(25),
    )
    moved = "Aiko Tanaka now stays at Familie Schmidt, 18 July 2027 to 25 July 2027."
    assert moved in text(response)
    assert response.redirect_chain[-1][0].endswith(f"#assignment-{assignment.pk}")
    assert not OutboundEmail.objects.exists()  # a proposal is not sent


def test_changing_a_confirmed_bed_on_the_page_mails_and_says_so(
    client_as, organiser, student, place
):
    aiko = student(given_name="Aiko", family_name="Tanaka")
    weber = place(name="Familie Weber", contact_email="weber@example.de")
    assignment = stay(organiser, aiko, weber, july(17), july(20), Status.CONFIRMED)
    schmidt = place(name="Familie Schmidt", contact_email="schmidt@example.de")

    response = client_as("organiser").post(
        edit_url(assignment),
        {"accommodation": schmidt.pk, "check_in": "2027-07-17", "check_out": "2027-07-20"},
        follow=True,
    )

    assert "the new host and the previous host are e-mailed" in text(response)
    assert OutboundEmail.objects.filter(event="housing_cancelled_host", to="weber@example.de")
    assert OutboundEmail.objects.filter(event="housing_assigned_host", to="schmidt@example.de")


def test_saving_the_same_bed_again_changes_nothing(client_as, organiser, student, place):
    room = place()
    assignment = stay(organiser, student(), room, july(17), july(20), Status.CONFIRMED)
    told = OutboundEmail.objects.count()

    response = client_as("organiser").post(
        edit_url(assignment),
        {"accommodation": room.pk, "check_in": "2027-07-17", "check_out": "2027-07-20"},
        follow=True,
    )

    assert "Nothing was changed." in text(response)
    assert OutboundEmail.objects.count() == told


def test_dates_in_the_wrong_order_or_outside_the_availability_are_shown_against_the_field(
    client_as, organiser, student, place
):
    room = place(name="Familie Spät", available_from=july(15))
    assignment = stay(organiser, student(), room, july(17), july(20))
    client = client_as("organiser")

    backwards = client.post(
        edit_url(assignment),
        {"accommodation": room.pk, "check_in": "2027-07-20", "check_out": "2027-07-18"},
    )
    too_early = client.post(
        edit_url(assignment),
        {"accommodation": room.pk, "check_in": "2027-07-10", "check_out": "2027-07-18"},
    )

    assert backwards.status_code == too_early.status_code == 400
    check_out = backwards.content.decode().split('name="check_out"')[1]
    assert "Check-out must be after check-in." in check_out
    check_in = too_early.content.decode().split('name="check_in"')[1].split('name="check_out"')[0]
    assert "Familie Spät is available from 15 July 2027 only." in check_in
    assignment.refresh_from_db()
    assert (assignment.check_in, assignment.check_out) == (july(17), july(20))


def test_an_overbooking_change_is_refused_naming_the_night_and_the_place(
    client_as, organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=1)
    stay(organiser, student(), room, july(20), july(25))
    assignment = stay(organiser, student(), room, july(17), july(20))

    response = client_as("organiser").post(
        edit_url(assignment),
        {"accommodation": room.pk, "check_in": "2027-07-17", "check_out": "2027-07-22"},
    )

    assert response.status_code == 409
    assert "Haus Neckarblick has no free bed on the night of 20 July 2027" in text(response)
    assert 'value="2027-07-22"' in response.content.decode()  # kept, to change and try again
    assignment.refresh_from_db()
    assert assignment.check_out == july(20)


def test_a_cancelled_bed_cannot_be_changed_on_its_page(client_as, organiser, student, place):
    room = place()
    assignment = stay(organiser, student(), room, july(17), july(20))
    services.cancel(assignment, actor=organiser)
    client = client_as("organiser")

    page = client.get(edit_url(assignment))
    post = client.post(
        edit_url(assignment),
        {"accommodation": room.pk, "check_in": "2027-07-17", "check_out": "2027-07-25"},
    )

    assert "This bed is cancelled; it cannot be changed." in text(page)
    assert 'name="check_in"' not in page.content.decode()
    assert post.status_code == 409
    assert "A cancelled assignment cannot be changed." in text(post)


EDIT_GARBAGE = [
    {},
    {"accommodation": "abc", "check_in": "soon", "check_out": "later"},
    {"accommodation": "99999999999999999999", "check_in": "2027-02-30", "check_out": ""},
    {"accommodation": "-1", "check_in": "2027-07-17\x00", "check_out": "'; DROP TABLE"},
    {"check_in": "0001-01-01", "check_out": "9999-12-31"},
]


@pytest.mark.parametrize("data", EDIT_GARBAGE)
def test_garbage_on_the_edit_page_never_causes_a_server_error(
    client_as, organiser, student, place, data
):
    room = place()
    assignment = stay(organiser, student(), room, july(17), july(20))
    data = {"accommodation": room.pk, **data} if "accommodation" not in data and data else data

    response = client_as("organiser").post(edit_url(assignment), data)

    assert response.status_code in {400, 409}
    assignment.refresh_from_db()
    assert (assignment.accommodation, assignment.check_in, assignment.check_out) == (
        room,
        july(17),
        july(20),
    )
