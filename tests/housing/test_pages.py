"""The housing pages through Django's test client: who may open which page, the occupancy
calendar, assigning by hand, suggestions, confirming and cancelling, accommodations, arrivals and
the self-service links, the coordinator's read-only view, and flat query counts."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.housing import services
from ish.housing.models import Accommodation, HousingAssignment
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants import links
from ish.participants import services as participants
from ish.seasons.models import City
from tests.factories import BERLIN, CoordinatorFactory

pytestmark = pytest.mark.django_db

Status = HousingAssignment.Status
CALENDAR = reverse("housing:calendar")
ARRIVALS = reverse("housing:arrivals")
MINE = reverse("housing:mine")
PLACES = reverse("housing:accommodations")
NEW_PLACE = reverse("housing:accommodation_add")


def july(day: int) -> dt.date:
    return dt.date(2027, 7, day)


class Cells(HTMLParser):
    """The calendar's cells as a reader meets them: (place id, night) → state, text, label."""

    def __init__(self, html: str):
        super().__init__()
        self.cells: dict[tuple[int, str], dict] = {}
        self._place: int | None = None
        self._cell: dict | None = None
        self._hidden = 0  # depth inside the visually hidden label
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("data-testid") == "calendar-row":
            self._place = int(attrs["data-place"])
        elif tag == "td" and attrs.get("data-testid") == "cell":
            self._cell = {**attrs, "text": "", "label": ""}
            self.cells[self._place, attrs["data-night"]] = self._cell
        elif (
            self._cell is not None
            and tag == "span"
            and (self._hidden or "visually-hidden" in (attrs.get("class") or ""))
        ):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["label" if self._hidden else "text"] += data


def cells(response) -> dict[tuple[int, str], dict]:
    return Cells(response.content.decode()).cells


class Text(HTMLParser):
    """A page's words as a reader sees them, tags and scripts left out."""

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self._script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._script = tag in {"script", "style"}

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.parts.append(data)


def text(response) -> str:
    return " ".join(" ".join(Text(response.content.decode()).parts).split())


def stay(organiser, nomination, place, check_in, check_out, status=Status.PROPOSED):
    assignment = services.assign(
        actor=organiser,
        nomination=nomination,
        accommodation=place,
        check_in=check_in,
        check_out=check_out,
    )
    if status == Status.CONFIRMED:
        services.confirm(assignment, actor=organiser)
    return assignment


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


# --- who may open what -------------------------------------------------------------------------

ORGANISER_PAGES = ["calendar", "accommodations", "accommodation_add", "arrivals"]


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
    response = as_role(role).get(reverse(f"housing:{name}"))

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
    ("role", "name"), [*(("organiser", name) for name in ORGANISER_PAGES), ("coordinator", "mine")]
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

    response = client.get(reverse(f"housing:{name}"))

    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()


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


# --- the occupancy calendar --------------------------------------------------------------------


def test_the_calendar_shows_guests_and_beds_per_night_coloured_by_occupancy(
    client_as, organiser, student, place
):
    room = place(name="Haus Neckarblick", beds=2)
    late = place(name="Familie Spät", beds=1, available_from=july(20))
    stay(organiser, student(), room, july(17), july(20))
    stay(organiser, student(), room, july(18), july(19))

    grid = cells(client_as("organiser").get(CALENDAR))

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
    assert "Pets (cat) and the student&#x27;s allergies: cats" in response.content.decode()


def test_the_legend_names_each_colour(client_as, season):
    page = text(client_as("organiser").get(CALENDAR))

    for state in ["free", "partly taken", "full", "overbooked", "not available", "a warning"]:
        assert state in page


def test_the_calendar_shows_the_chosen_season_and_says_when_there_is_none(client_as, db):
    assert "No season has been set up yet." in text(client_as("organiser").get(CALENDAR))


# --- assigning by hand -------------------------------------------------------------------------


def test_the_assign_form_offers_accepted_students_without_a_bed_with_their_stay(
    client_as, organiser, student, place
):
    room = place()
    waiting = student(given_name="Ren", family_name="Waiting")
    confirmed = student(Nomination.Status.CONFIRMED, given_name="Kai", family_name="Confirmed")
    housed = student(given_name="Hana", family_name="Housed")
    stay(organiser, housed, room, july(17), july(20))
    student(Nomination.Status.SUBMITTED, given_name="Sumi", family_name="Submitted")

    page = client_as("organiser").get(CALENDAR).content.decode()
    choices = page.split('name="nomination"')[1].split("</select>")[0]

    assert "Ren Waiting" in choices
    assert "Kai Confirmed" in choices
    assert "Hana Housed" not in choices
    assert "Sumi Submitted" not in choices
    assert f'value="{waiting.pk}" data-check-in="2027-07-17" data-check-out="2027-08-14"' in (
        choices
    )
    assert f'value="{confirmed.pk}"' in choices


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
    assert "Haus Neckarblick has no free bed on the night of 2027-07-20" in text(response)
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
    assert "Familie Spät is available from 2027-07-20 only." in check_in
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


# --- suggestions, confirming, cancelling -------------------------------------------------------


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


# --- accommodations ----------------------------------------------------------------------------

NEW_FAMILY = {
    "kind": "host_family",
    "name": "Familie Neckar",
    "beds": "2",
    "address": "Neckarstaden 10, 69117 Heidelberg",
    "available_from": "2027-07-10",
    "available_until": "2027-08-20",
    "contact_name": "Petra Neckar",
    "contact_email": "petra@example.org",
    "contact_phone": "+49 6221 123456",
    "language": "de",
    "pets": "dog",
    "languages": "DE, en,fr",
    "dietary_options": ["vegetarian", "halal"],
    "notes": "Near the old bridge.",
}


def test_the_organiser_adds_an_accommodation_with_languages_and_diets(client_as, db):
    response = client_as("organiser").post(NEW_PLACE, NEW_FAMILY, follow=True)

    family = Accommodation.objects.get()
    assert family.name == "Familie Neckar"
    assert family.languages == ["de", "en", "fr"]
    assert family.dietary_options == ["halal", "vegetarian"]
    assert family.pets == "dog"
    assert "Familie Neckar is saved." in text(response)
    assert "Familie Neckar" in text(client_as("organiser").get(PLACES))


def test_wrong_accommodation_input_is_shown_against_each_field(client_as, db):
    data = NEW_FAMILY | {
        "languages": "english, de",
        "available_until": "2027-07-01",
        "beds": "0",
    }

    response = client_as("organiser").post(NEW_PLACE, data)

    assert response.status_code == 400
    page = text(response)
    assert "Use two-letter codes such as de, en or fr, not: english" in page
    assert "“Available until” must be after “available from”." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert not Accommodation.objects.exists()


def test_the_edit_form_shows_the_place_and_saves_changes(client_as, place):
    family = place(name="Familie Neckar", languages=["de", "en"], dietary_options=["vegan"])
    url = reverse("housing:accommodation_edit", args=[family.pk])
    client = client_as("organiser")

    page = client.get(url).content.decode()
    assert 'value="de, en"' in page
    checked = re.findall(r'value="(\w+)"\s+id="id_dietary_options_\d+"\s+checked', page)
    assert checked == ["vegan"]

    client.post(url, NEW_FAMILY | {"name": "Familie Neckar", "beds": "3"})

    family.refresh_from_db()
    assert family.beds == 3
    assert family.languages == ["de", "en", "fr"]


def test_a_place_cannot_lose_a_bed_a_guest_sleeps_in(client_as, organiser, student, place):
    family = place(name="Familie Neckar", beds=2)
    stay(organiser, student(), family, july(17), july(20))
    stay(organiser, student(), family, july(18), july(20))

    response = client_as("organiser").post(
        reverse("housing:accommodation_edit", args=[family.pk]),
        NEW_FAMILY | {"beds": "1"},
    )

    assert response.status_code == 409
    assert "Familie Neckar" in text(response)
    assert "2027-07-18" in text(response)
    family.refresh_from_db()
    assert family.beds == 2


# --- arrivals and departures, and the self-service links ---------------------------------------


def test_the_arrivals_page_lists_who_arrives_and_leaves_by_day(
    client_as, organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        arrival_at=dt.datetime(2027, 7, 16, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
        arrival_details="LH 711 to Frankfurt Airport (FRA)",
    )
    stay(organiser, aiko, place(name="Haus Neckarblick"), july(16), dt.date(2027, 8, 14))

    page = text(client_as("organiser").get(ARRIVALS))

    arrival_day = page.split("Friday, 16 July 2027")[1].split("Saturday, 14 August 2027")[0]
    assert "10:40 Aiko Tanaka · Kumamoto" in arrival_day
    assert "LH 711 to Frankfurt Airport (FRA)" in arrival_day
    assert "Stays at Haus Neckarblick" in arrival_day
    departure_day = page.split("Saturday, 14 August 2027")[1]
    assert "09:15 Aiko Tanaka · Kumamoto" in departure_day


def test_students_who_have_not_answered_are_listed_with_a_resend_button(client_as, student):
    waiting = student(given_name="Ren", family_name="Waiting")
    links.send_link(waiting)
    answered = student(given_name="Hana", family_name="Answered")
    link = links.send_link(answered)
    participants.answer(link, attending=False, allergies="none")

    response = client_as("organiser").get(ARRIVALS)
    page = text(response)

    not_answered = page.split("Not answered yet")[-1]
    assert "Ren Waiting" in not_answered
    assert "Hana Answered" not in not_answered
    assert reverse("participants:resend_link", args=[waiting.pk]) in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(client, client_as, student):
    ren = student(given_name="Ren", family_name="Waiting")
    old_url = reverse("participants:self_service", args=[links.token_for(links.send_link(ren))])
    assert client.get(old_url).status_code == 200
    mails = OutboundEmail.objects.filter(event="participant_link", to=ren.email)
    assert mails.count() == 1

    response = client_as("organiser").post(
        reverse("participants:resend_link", args=[ren.pk]), follow=True
    )

    assert "A new link is on its way to Ren Waiting" in text(response)
    assert mails.count() == 2
    assert client.get(old_url).status_code == 404
    new_url = re.search(r"/p/[^/\s]+/", mails.order_by("-pk").first().body_text).group()
    assert new_url != old_url
    assert client.get(new_url).status_code == 200


def test_resending_to_a_student_who_is_no_longer_accepted_explains_why(client_as, student):
    withdrawn = student(Nomination.Status.WITHDRAWN)

    response = client_as("organiser").post(
        reverse("participants:resend_link", args=[withdrawn.pk]), follow=True
    )

    assert "Only accepted students get a self-service link." in text(response)
    assert not OutboundEmail.objects.filter(event="participant_link").exists()


# --- the coordinator's view --------------------------------------------------------------------


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


# --- query counts ------------------------------------------------------------------------------


def housed_students(season, rows: int) -> None:
    """`rows` accepted students of two cities, each with a bed in one of ten residences."""
    from tests.factories import AccommodationFactory, NominationFactory

    places = AccommodationFactory.create_batch(10, kind="residence", beds=50)
    cities = [City.objects.get(slug="kumamoto"), City.objects.get(slug="montpellier")]
    students = Nomination.objects.bulk_create(
        NominationFactory.build(
            season=season, status=Nomination.Status.ACCEPTED, city=cities[n % 2]
        )
        for n in range(rows)
    )
    HousingAssignment.objects.bulk_create(
        HousingAssignment(
            nomination=nomination,
            accommodation=places[n % 10],
            check_in=july(17),
            check_out=july(17 + n % 10 + 1),
            status=Status.CONFIRMED if n % 3 else Status.PROPOSED,
            warnings=["The host does not cook halal."] if n % 5 == 0 else [],
        )
        for n, nomination in enumerate(students)
    )
    for nomination in students[::4]:  # some still without a bed, some with travel
        nomination.housing.all().delete()
    Nomination.objects.filter(pk__in=[s.pk for s in students[1::3]]).update(
        arrival_at=dt.datetime(2027, 7, 16, 10, 0, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 10, 0, tzinfo=BERLIN),
        arrival_details="LH 711",
    )


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize(
    ("role", "url", "queries"),
    # The calendar: session, user, seasons, assignments, the students needing a bed and their
    # beds, the nights' extent, places, nights, the form's students and places.
    [("organiser", CALENDAR, 12), ("organiser", ARRIVALS, 9), ("coordinator", MINE, 7)],
)
def test_the_housing_pages_need_a_flat_number_of_queries(
    client_as, season, rows, role, url, queries, django_assert_max_num_queries
):
    housed_students(season, rows)
    client = client_as(role)

    with django_assert_max_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert len(cells(response)) == (10 * 28 if url == CALENDAR else 0)


def test_the_accommodations_page_needs_as_many_queries_for_200_places_as_for_10(client_as, db):
    from tests.factories import AccommodationFactory

    client = client_as("organiser")
    counts = {}
    for wanted in (10, 200):
        AccommodationFactory.create_batch(
            wanted - Accommodation.objects.count(),
            pets="cat",
            dietary_options=["vegetarian", "halal"],
        )

        with CaptureQueriesContext(connection) as queries:
            response = client.get(PLACES)

        assert response.status_code == 200
        assert response.content.decode().count('data-testid="place-row"') == wanted
        counts[wanted] = len(queries)
    assert counts[10] == counts[200] <= 4


# --- changing a bed's dates or place -----------------------------------------------------------


def edit_url(assignment) -> str:
    return reverse("housing:assignment_edit", args=[assignment.pk])


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
    assert '<html lang="de">' in response.content.decode()


def test_each_bed_on_the_calendar_links_to_its_edit_page(client_as, organiser, student, place):
    proposed = stay(organiser, student(), place(), july(17), july(20))
    confirmed = stay(organiser, student(), place(), july(17), july(20), Status.CONFIRMED)
    cancelled = stay(organiser, student(), place(), july(17), july(20))
    services.cancel(cancelled, actor=organiser)

    page = client_as("organiser").get(CALENDAR).content.decode()

    assert f'href="{edit_url(proposed)}"' in page
    assert f'href="{edit_url(confirmed)}"' in page
    assert f'href="{edit_url(cancelled)}"' not in page


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
    assert "Aiko Tanaka now stays at Familie Schmidt, 18 July to 25 July." in text(response)
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
    assert "Familie Spät is available from 2027-07-15 only." in check_in
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
    assert "Haus Neckarblick has no free bed on the night of 2027-07-20" in text(response)
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


# --- nights without a bed between arrival and departure ----------------------------------------


def test_a_partly_housed_student_shows_on_the_arrivals_page_and_the_calendar(
    client_as, organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        arrival_at=dt.datetime(2027, 7, 15, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
    )
    stay(organiser, aiko, place(name="Haus Neckarblick"), july(17), dt.date(2027, 8, 14))
    client = client_as("organiser")

    arrivals = text(client.get(ARRIVALS))
    calendar = client.get(CALENDAR)

    arrival_day = arrivals.split("Thursday, 15 July 2027")[1].split("Saturday, 14 August")[0]
    assert "Stays at Haus Neckarblick" in arrival_day
    assert (
        "The stay does not cover the arrival and departure: no bed for the nights of "
        "2027-07-15 – 2027-07-16." in arrival_day
    )
    page = text(calendar)
    partly = page.split("Nights without a bed between arrival and departure")[1]
    assert "Aiko Tanaka (Kumamoto): 2027-07-15 – 2027-07-16" in partly
    assert "no bed for 2 nights (2027-07-15 – 2027-07-16)" in page  # the bed's warning
    # The assign form offers her, with the nights she still needs.
    choices = calendar.content.decode().split('name="nomination"')[1].split("</select>")[0]
    assert f'value="{aiko.pk}" data-check-in="2027-07-15" data-check-out="2027-07-17"' in choices


def test_a_fully_housed_traveller_shows_no_warning(client_as, organiser, student, place):
    aiko = student(
        arrival_at=dt.datetime(2027, 7, 15, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
    )
    stay(organiser, aiko, place(), july(15), dt.date(2027, 8, 14))
    client = client_as("organiser")

    assert 'data-testid="nights-without-bed"' not in client.get(ARRIVALS).content.decode()
    calendar = client.get(CALENDAR).content.decode()
    assert 'data-testid="partly-housed"' not in calendar
    assert 'data-testid="everyone-housed"' in calendar


def test_the_calendar_shows_an_early_arrivals_first_nights(client_as, organiser, student, place):
    room = place(available_from=july(1))
    early = student(arrival_at=dt.datetime(2027, 7, 12, 10, 0, tzinfo=BERLIN))
    stay(organiser, early, room, july(12), dt.date(2027, 8, 14))

    grid = cells(client_as("organiser").get(CALENDAR))

    assert grid[room.pk, "2027-07-12"]["text"] == "1/2"
    assert (room.pk, "2027-07-11") not in grid
