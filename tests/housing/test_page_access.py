"""Who may open and post to which housing page, that each renders in German, and that a
coordinator reads only their own city's housing and can change nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from ish.housing.models import Accommodation, HousingAssignment
from ish.notifications.models import OutboundEmail
from ish.seasons.models import City
from tests.factories import BERLIN, CoordinatorFactory
from tests.housing.booking import july, stay
from tests.housing.page_reading import ARRIVALS, CALENDAR, MINE, NEW_PLACE, edit_url, text

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status


@pytest.fixture
def other_coordinator(db):
    """The coordinator of Montpellier."""
    return CoordinatorFactory(username="montpellier", city=City.objects.get(slug="montpellier"))


@pytest.fixture
def as_role(client_as, other_coordinator):
    """A client per role, with `other_coordinator` (Montpellier) beside the five of conftest."""

    def client_for(role: str):
        if role == "other_coordinator":
            client = client_as("anonymous")
            client.force_login(other_coordinator)
            return client
        return client_as(role)

    return client_for


# The arrivals page is the lifecycle's (it sends new self-service links), at a housing address.
ORGANISER_PAGES = [
    "housing:calendar", "housing:accommodations", "housing:accommodation_add",
    "participants:arrivals",
]  # fmt: skip


@pytest.mark.parametrize("name", ORGANISER_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organiser", 200),
        ("coordinator", 403),
        ("other_coordinator", 403),
        ("lab_host", 403),
        ("anonymous", 302),
    ],
)
def test_the_office_pages_open_for_organisers_only(as_role, season, name, role, status):
    response = as_role(role).get(reverse(name))

    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organiser", 200),
        ("coordinator", 200),
        ("other_coordinator", 200),
        ("lab_host", 403),
        ("anonymous", 302),
    ],
)
def test_the_city_housing_page_opens_for_coordinators_and_organisers(as_role, season, role, status):
    assert as_role(role).get(MINE).status_code == status


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator", "lab_host", "anonymous"])
def test_only_organisers_may_change_housing(as_role, season, organiser, student, place, role):
    room = place(name="Haus Neckarblick")
    waiting = student()
    assignment = stay(organiser, student(), room, july(17), july(20))
    client = as_role(role)
    posts = [
        (reverse("housing:assign"), {"nomination": waiting.pk, "accommodation": room.pk}),
        (reverse("housing:suggest"), {"season": season.pk}),
        (reverse("housing:confirm_all"), {"season": season.pk}),
        (reverse("housing:assignment_action", args=[assignment.pk]), {"action": "cancel"}),
        (reverse("participants:resend_link", args=[waiting.pk]), {}),
        (reverse("housing:accommodation_edit", args=[room.pk]), {"name": "Hijacked", "beds": 9}),
        (NEW_PLACE, {"name": "Sneaky", "kind": "residence", "beds": 5}),
    ]

    for url, data in posts:
        assert client.post(url, data).status_code in {302, 403}, url

    assert HousingAssignment.objects.get() == assignment
    assignment.refresh_from_db()
    assert assignment.status == Status.PROPOSED
    assert list(Accommodation.objects.values_list("name", "beds")) == [("Haus Neckarblick", 2)]
    assert not OutboundEmail.objects.filter(event="participant_link").exists()


def test_unknown_assignments_places_and_students_are_404(client_as, season):
    client = client_as("organiser")

    assert client.get(reverse("housing:accommodation_edit", args=[999])).status_code == 404
    action = reverse("housing:assignment_action", args=[999])
    assert client.post(action, {"action": "confirm"}).status_code == 404
    assert client.post(reverse("participants:resend_link", args=[999])).status_code == 404


@pytest.mark.parametrize(
    ("role", "name"),
    [*(("organiser", name) for name in ORGANISER_PAGES), ("coordinator", "housing:mine")],
)
def test_every_page_renders_in_german(as_role, settings, organiser, student, place, role, name):
    stay(organiser, student(), place(), july(17), july(20))
    stay(
        organiser,
        student(arrival_at=dt.datetime(2027, 7, 16, 9, 0, tzinfo=BERLIN)),
        place(),
        july(16),
        july(20),
    )
    client = as_role(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.content.decode()


@pytest.mark.parametrize("name", ["assign", "suggest", "confirm_all"])
def test_the_buttons_answer_only_posts(client_as, season, name):
    assert client_as("organiser").get(reverse(f"housing:{name}")).status_code == 405


def test_the_menu_shows_housing_to_organisers_and_coordinators_only(client_as, season):
    organiser_page = client_as("organiser").get(reverse("portal:dashboard")).content.decode()
    coordinator_page = client_as("coordinator").get(reverse("portal:dashboard")).content.decode()
    lab_host_page = client_as("lab_host").get(reverse("portal:dashboard")).content.decode()

    assert f'href="{CALENDAR}"' in organiser_page
    assert f'href="{ARRIVALS}"' in organiser_page
    assert f'href="{MINE}"' in coordinator_page
    assert f'href="{CALENDAR}"' not in coordinator_page
    assert "/housing/" not in lab_host_page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organiser", 200),
        ("coordinator", 403),
        ("other_coordinator", 403),
        ("lab_host", 403),
        ("anonymous", 302),
    ],
)
def test_the_edit_page_opens_for_organisers_only(as_role, organiser, student, place, role, status):
    assignment = stay(organiser, student(), place(), july(17), july(20))

    get = as_role(role).get(edit_url(assignment))
    post = as_role(role).post(edit_url(assignment), {"check_out": "2027-07-25"})

    assert get.status_code == status
    assert post.status_code == {"organiser": 400}.get(role, status)  # incomplete: nothing saved
    if status == 302:
        assert get.url.startswith(reverse("login"))
        assert post.url.startswith(reverse("login"))
    assignment.refresh_from_db()
    assert assignment.check_out == july(20)


def test_the_edit_page_of_an_unknown_assignment_is_404(client_as, db):
    url = reverse("housing:assignment_edit", args=[999])

    assert client_as("organiser").get(url).status_code == 404
    assert client_as("organiser").post(url, {"check_out": "2027-07-25"}).status_code == 404


def test_the_edit_page_renders_in_german(client_as, settings, organiser, student, place):
    assignment = stay(organiser, student(), place(), july(17), july(20))
    client = client_as("organiser")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get(edit_url(assignment))

    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.content.decode()


def test_a_coordinator_reads_only_their_citys_housing(as_role, organiser, student, place):
    stay(
        organiser,
        student(given_name="Aiko", family_name="Kumamoto"),
        place(name="Haus Neckarblick", address="Neckarstaden 1, 69117 Heidelberg"),
        july(17),
        july(20),
        Status.CONFIRMED,
    )
    stay(
        organiser,
        student(city="montpellier", given_name="Hugo", family_name="Montpellier"),
        place(name="Familie Rive", address="Uferstraße 2, 69120 Heidelberg"),
        july(17),
        july(20),
    )
    student(given_name="Ren", family_name="Without")
    student(city="montpellier", given_name="Léa", family_name="Without")

    kumamoto = text(as_role("coordinator").get(MINE))
    montpellier = text(as_role("other_coordinator").get(MINE))

    assert "Housing of Kumamoto" in kumamoto
    assert "Aiko Kumamoto" in kumamoto
    assert "Haus Neckarblick" in kumamoto
    assert "Neckarstaden 1, 69117 Heidelberg" in kumamoto
    assert "Ren Without" in kumamoto
    for other in ["Hugo Montpellier", "Familie Rive", "Uferstraße", "Léa Without"]:
        assert other not in kumamoto
    assert "Hugo Montpellier" in montpellier
    assert "Familie Rive" in montpellier
    for other in ["Aiko Kumamoto", "Haus Neckarblick", "Ren Without"]:
        assert other not in montpellier


def test_the_coordinators_page_changes_nothing(as_role, organiser, student, place):
    stay(organiser, student(), place(), july(17), july(20))

    page = as_role("coordinator").get(MINE).content.decode()

    assert 'method="post" action="/housing' not in page
    assert "Confirm" not in page
    assert 'name="action"' not in page
