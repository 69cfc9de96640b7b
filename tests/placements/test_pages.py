"""The placement pages through Django's test client: who may open each page and press each button,
what the office's board and the lab host's offers do end to end, the lab's capacity, that no
lab-host page or download holds sensitive data, and flat query counts."""

import html
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.accounts.models import User
from ish.demo.season import load_demo_season
from ish.labs.models import Lab
from ish.nominations.models import Document, Nomination
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField
from tests.factories import (
    CoordinatorFactory,
    DocumentFactory,
    LabFactory,
    NominationFactory,
    OrganiserFactory,
    PlacementFactory,
    attach_documents,
)

pytestmark = pytest.mark.django_db

Status = Placement.Status
LOGIN = "login"  # an expected outcome: redirected to the sign-in page
ROLES = ["organiser", "coordinator", "other_coordinator", "lab_host", "other_lab_host", "anonymous"]
BOARD = reverse("placements:board")
OFFERS = reverse("placements:offers")
LIST = reverse("placements:list")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_coordinator(db):
    """The coordinator of Montpellier."""
    return CoordinatorFactory(username="montpellier", city=City.objects.get(slug="montpellier"))


@pytest.fixture
def as_role(organiser, coordinator, other_coordinator, lab_host, other_lab_host):
    """A test client signed in as the role (anonymous: not signed in)."""
    people = {
        "organiser": organiser,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "lab_host": lab_host,
        "other_lab_host": other_lab_host,
    }

    def client_for(role: str) -> Client:
        client = Client()
        if role in people:
            client.force_login(people[role])
        return client

    return client_for


@pytest.fixture
def offer(placement_in):
    """A Kumamoto student offered to the lab host's lab, with all their documents."""
    placement = placement_in(Status.OFFERED, given_name="Mirai", family_name="Offered")
    attach_documents(placement.nomination)
    return placement


def text_of(response) -> str:
    """What a reader sees of a page or a download, entities resolved."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return html.unescape(response.content.decode())


def assert_outcome(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


def status_of(placement: Placement) -> str:
    placement.refresh_from_db()
    return placement.status


def document_url(placement: Placement, kind: str) -> str:
    document = placement.nomination.documents.get(kind=kind, replaced_at__isnull=True)
    return reverse("placements:document_download", args=[placement.pk, document.pk])


# --- who may open what -----------------------------------------------------------------------

# role: (status code, whether the offered student's name is on the page)
READ_ACCESS = {
    "board": {
        "organiser": (200, True), "coordinator": (403, False), "other_coordinator": (403, False),
        "lab_host": (403, False), "other_lab_host": (403, False), "anonymous": (LOGIN, False),
    },
    "offers": {
        "organiser": (302, False), "coordinator": (403, False),
        "other_coordinator": (403, False), "lab_host": (200, True),
        "other_lab_host": (200, False), "anonymous": (LOGIN, False),
    },
    "list": {
        "organiser": (200, True), "coordinator": (200, True), "other_coordinator": (200, False),
        "lab_host": (403, False), "other_lab_host": (403, False), "anonymous": (LOGIN, False),
    },
    "detail": {
        "organiser": (200, True), "coordinator": (200, True), "other_coordinator": (404, False),
        "lab_host": (200, True), "other_lab_host": (404, False), "anonymous": (LOGIN, False),
    },
    "document": {
        "organiser": (200, False), "coordinator": (200, False), "other_coordinator": (404, False),
        "lab_host": (200, False), "other_lab_host": (404, False), "anonymous": (LOGIN, False),
    },
}  # fmt: skip


def page_url(page: str, placement: Placement) -> str:
    return {
        "board": BOARD,
        "offers": OFFERS,
        "list": LIST,
        "detail": reverse("placements:detail", args=[placement.pk]),
        "document": document_url(placement, Document.Kind.CV),
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(READ_ACCESS))
def test_each_page_opens_only_for_the_roles_that_may_see_the_placement(as_role, offer, page, role):
    expected, sees_student = READ_ACCESS[page][role]

    response = as_role(role).get(page_url(page, offer))

    assert_outcome(response, expected)
    if response.status_code == 200 and not response.streaming:
        assert ("Mirai Offered" in text_of(response)) is sees_student


def test_an_organiser_opening_the_offers_page_is_sent_to_the_board(as_role, offer):
    response = as_role("organiser").get(OFFERS)

    assert response.url == BOARD


# role: outcome of accepting an offer to the lab host's lab
ACCEPT_ACCESS = {
    "organiser": 302, "coordinator": 403, "other_coordinator": 403, "lab_host": 302,
    "other_lab_host": 404, "anonymous": LOGIN,
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_and_the_labs_host_answer_an_offer(as_role, offer, role):
    url = reverse("placements:action", args=[offer.pk])

    response = as_role(role).post(url, {"action": "accept"})

    assert_outcome(response, ACCEPT_ACCESS[role])
    accepted = ACCEPT_ACCESS[role] == 302
    assert status_of(offer) == (Status.ACCEPTED if accepted else Status.OFFERED)


@pytest.mark.parametrize("action", ["offer", "cancel"])
def test_a_lab_host_may_not_offer_or_cancel_a_placement(as_role, offer, action):
    response = as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]), {"action": action}
    )

    assert response.status_code == 403
    assert status_of(offer) == Status.OFFERED


def test_a_lab_host_never_sees_a_proposal_in_the_making(as_role, placement_in):
    proposed = placement_in(Status.PROPOSED, given_name="Hidden", family_name="Proposal")
    lab_host = as_role("lab_host")

    assert lab_host.get(reverse("placements:detail", args=[proposed.pk])).status_code == 404
    assert "Hidden Proposal" not in text_of(lab_host.get(OFFERS))
    answer = lab_host.post(reverse("placements:action", args=[proposed.pk]), {"action": "accept"})
    assert answer.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["placements:match", "placements:offer_all"])
def test_only_the_office_runs_the_matching_and_offers_all(as_role, season, url_name, role):
    response = as_role(role).post(reverse(url_name), {"season": season.pk})

    assert_outcome(response, {"organiser": 302, "anonymous": LOGIN}.get(role, 403))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_proposes_a_lab_by_hand(as_role, accepted_student, lab, role):
    student = accepted_student()

    response = as_role(role).post(
        reverse("placements:propose"), {"nomination": student.pk, "lab": lab.pk}
    )

    assert_outcome(response, {"organiser": 302, "anonymous": LOGIN}.get(role, 403))
    assert student.placements.exists() is (role == "organiser")


@pytest.mark.parametrize("role", ["organiser", "lab_host"])
def test_placement_pages_serve_only_the_cv_and_motivation_letter(as_role, offer, role):
    client = as_role(role)

    assert client.get(document_url(offer, Document.Kind.CV)).status_code == 200
    assert client.get(document_url(offer, Document.Kind.MOTIVATION_LETTER)).status_code == 200
    assert client.get(document_url(offer, Document.Kind.TRANSCRIPT)).status_code == 404


def test_a_document_of_another_student_is_not_served_under_this_placement(as_role, offer):
    stranger = DocumentFactory(nomination=NominationFactory(), kind=Document.Kind.CV)

    response = as_role("organiser").get(
        reverse("placements:document_download", args=[offer.pk, stranger.pk])
    )

    assert response.status_code == 404


# --- the office's board ----------------------------------------------------------------------


def test_the_board_lists_students_without_a_lab_first_and_each_labs_figures(
    as_role, accepted_student, placement_in, lab
):
    placement_in(Status.ACCEPTED, given_name="Anna", family_name="Accepted")
    placement_in(Status.OFFERED, given_name="Otto", family_name="Offered")
    accepted_student(given_name="Zoe", family_name="Zunplaced")
    NominationFactory(given_name="Sam", family_name="Submitted", status="submitted")

    page = text_of(as_role("organiser").get(BOARD))

    assert page.index("Zoe Zunplaced") < page.index("Otto Offered") < page.index("Anna Accepted")
    assert "Sam Submitted" not in page  # only accepted or confirmed students are placed
    response = as_role("organiser").get(BOARD)
    board = response.context["board"]
    figures = {row.lab.pk: row for row in board.labs}[lab.pk]
    capacity = figures.lab.capacity
    assert (capacity, figures.proposed, figures.offered, figures.accepted) == (2, 0, 1, 1)
    assert board.unplaced == 1


def test_running_the_matching_proposes_labs_and_explains_each_result(
    as_role, season, accepted_student, lab
):
    biologists = [accepted_student(interests=["biology"]) for _ in range(2)]
    astronomer = accepted_student(
        given_name="Stella", family_name="Stargazer", interests=["astronomy"]
    )

    response = as_role("organiser").post(
        reverse("placements:match"), {"season": season.pk}, follow=True
    )

    page = text_of(response)
    assert "The matching proposed a lab for 2 students." in page
    assert "1 student is left without a lab" in page
    assert page.count("Matched on the student's research interest 1: Biology.") == 2
    row = page[page.index("Stella Stargazer") :]
    assert row.index("No lab covers the student's research interests.") < row.index("</article>")
    for student in biologists:
        assert student.placements.get().status == Status.PROPOSED
    assert not astronomer.placements.exists()


def test_every_organiser_sees_the_last_runs_reasons_on_the_board(
    as_role, organiser, season, accepted_student, lab
):
    astronomer = accepted_student(
        given_name="Stella", family_name="Stargazer", interests=["astronomy"]
    )
    accepted_student(interests=["biology"])
    as_role("organiser").post(reverse("placements:match"), {"season": season.pk})
    colleague = Client()
    colleague.force_login(OrganiserFactory(username="colleague"))

    page = text_of(colleague.get(BOARD))

    row = page[page.index(f'id="student-{astronomer.pk}"') :]
    assert row.index("No lab covers the student's research interests.") < row.index("</article>")
    assert "Proposed: 1; left without a lab: 1" in page
    assert f"by {organiser.get_full_name()}. Proposed: 1; left without a lab: 1" in page


def test_offering_all_proposals_offers_them_in_one_action(as_role, season, placement_in):
    proposals = [placement_in(Status.PROPOSED) for _ in range(3)]

    response = as_role("organiser").post(
        reverse("placements:offer_all"), {"season": season.pk}, follow=True
    )

    assert "3 proposals are offered to their labs" in text_of(response)
    assert [status_of(placement) for placement in proposals] == [Status.OFFERED] * 3


def test_offering_all_without_proposals_says_so(as_role, season):
    response = as_role("organiser").post(
        reverse("placements:offer_all"), {"season": season.pk}, follow=True
    )

    assert "There were no proposals to offer." in text_of(response)


def test_the_office_proposes_a_lab_by_hand_for_an_unplaced_student(
    as_role, accepted_student, other_lab_host
):
    student = accepted_student(given_name="Hand", family_name="Picked")
    other_lab = other_lab_host.lab

    board = text_of(as_role("organiser").get(BOARD))
    assert f'id="propose-{student.pk}"' in board
    response = as_role("organiser").post(
        reverse("placements:propose"), {"nomination": student.pk, "lab": other_lab.pk}, follow=True
    )

    assert f"Hand Picked is proposed for {other_lab.name}." in text_of(response)
    placement = student.placements.get()
    assert (placement.lab, placement.status) == (other_lab, Status.PROPOSED)
    assert placement.changes.get().action == "propose"


def test_proposing_a_lab_for_a_student_who_has_one_shows_the_rule(as_role, placement_in, lab):
    placement = placement_in(Status.OFFERED, given_name="Already", family_name="Placed")

    response = as_role("organiser").post(
        reverse("placements:propose"),
        {"nomination": placement.nomination_id, "lab": lab.pk},
        follow=True,
    )

    assert "Already Placed already has an active placement; cancel it first." in text_of(response)
    assert placement.nomination.placements.count() == 1


def test_proposing_without_a_lab_asks_for_one(as_role, accepted_student):
    student = accepted_student()

    response = as_role("organiser").post(
        reverse("placements:propose"), {"nomination": student.pk, "lab": ""}, follow=True
    )

    assert "Choose a student and a lab to propose." in text_of(response)
    assert not student.placements.exists()


def test_the_office_offers_and_cancels_single_placements_from_the_board(
    as_role, season, placement_in
):
    to_offer = placement_in(Status.PROPOSED)
    to_cancel = placement_in(Status.ACCEPTED, given_name="Carl", family_name="Cancelled")
    office = as_role("organiser")
    back = f"{BOARD}?season={season.pk}#student-{to_offer.nomination_id}"

    offered = office.post(
        reverse("placements:action", args=[to_offer.pk]), {"action": "offer", "next": back}
    )
    office.post(reverse("placements:action", args=[to_cancel.pk]), {"action": "cancel"})

    assert offered.url == back
    assert status_of(to_offer) == Status.OFFERED
    assert status_of(to_cancel) == Status.CANCELLED
    page = text_of(office.get(BOARD))
    assert f"{to_cancel.lab.name}: cancelled" in page  # shown beside the now unplaced student


def test_an_answer_never_redirects_to_another_site(as_role, offer):
    response = as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "accept", "next": "https://evil.example/"},
    )

    assert response.url == reverse("placements:detail", args=[offer.pk])


def test_a_refused_transition_is_explained(as_role, placement_in):
    declined = placement_in(Status.DECLINED)

    response = as_role("organiser").post(
        reverse("placements:action", args=[declined.pk]), {"action": "offer"}, follow=True
    )

    assert "A declined placement cannot be offered." in text_of(response)


# --- the lab host's offers -------------------------------------------------------------------


def test_the_offers_list_shows_pending_offers_first_with_the_students_profile(
    as_role, offer, placement_in
):
    placement_in(Status.ACCEPTED, given_name="Earlier", family_name="Answered")
    nomination = offer.nomination

    page = text_of(as_role("lab_host").get(OFFERS))

    assert page.index("Mirai Offered") < page.index("Earlier Answered")
    for shown in [
        nomination.city.name,
        nomination.school,
        "B2",  # English
        "A2",  # German
        "Biology",
        nomination.motivation,
        document_url(offer, Document.Kind.CV),
        document_url(offer, Document.Kind.MOTIVATION_LETTER),
    ]:
        assert shown in page


def test_a_lab_host_accepts_an_offer_straight_from_the_list(as_role, offer):
    lab_host = as_role("lab_host")

    response = lab_host.post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "accept", "next": OFFERS},
        follow=True,
    )

    assert response.redirect_chain == [(OFFERS, 302)]
    assert "Mirai Offered in" in text_of(response)
    assert status_of(offer) == Status.ACCEPTED
    answered = text_of(response).split("Answered", 1)[1]
    assert "Mirai Offered" in answered


def test_a_lab_host_declines_an_offer_with_a_comment(as_role, offer):
    comment = "We are moving buildings in July, sorry."

    response = as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "decline", "comment": comment, "next": OFFERS},
        follow=True,
    )

    offer.refresh_from_db()
    assert (offer.status, offer.comment) == (Status.DECLINED, comment)
    assert comment in text_of(response)
    change = offer.changes.last()
    assert (change.action, change.comment) == ("decline", comment)


def test_a_lab_host_accepting_beyond_capacity_sees_that_the_lab_is_full(as_role, placement_in, lab):
    Lab.objects.filter(pk=lab.pk).update(capacity=1)
    placement_in(Status.ACCEPTED)
    second = placement_in(Status.OFFERED)
    lab_host = as_role("lab_host")
    assert "Your lab has accepted all 1 of its places" in text_of(lab_host.get(OFFERS))

    response = lab_host.post(
        reverse("placements:action", args=[second.pk]),
        {"action": "accept", "next": OFFERS},
        follow=True,
    )

    assert f"{lab.name} is full: it has accepted 1 of 1 students for 2027." in text_of(response)
    assert status_of(second) == Status.OFFERED


def test_the_lab_hosts_dashboard_shows_capacity_and_pending_offers_with_a_link(
    as_role, offer, placement_in
):
    placement_in(Status.ACCEPTED)

    response = as_role("lab_host").get(reverse("portal:dashboard"))

    assert response.context["lab_use"] == {
        "capacity": 2,
        "offered": 1,
        "accepted": 1,
        "declined": 0,
    }
    page = text_of(response)
    assert "1 student is offered to your lab and waits for your answer." in page
    assert f'href="{OFFERS}"' in page


@pytest.mark.parametrize(
    ("role", "link"),
    [("organiser", BOARD), ("coordinator", LIST), ("lab_host", OFFERS)],
)
def test_the_navigation_links_each_role_to_its_placement_page(as_role, season, role, link):
    page = text_of(as_role(role).get(reverse("portal:dashboard")))

    assert f'href="{link}"' in page


# --- a placement's page and the coordinator's list -------------------------------------------


def test_the_detail_shows_lab_dates_explanation_comment_and_history(as_role, offer):
    as_role("lab_host").post(
        reverse("placements:action", args=[offer.pk]),
        {"action": "accept", "comment": "Welcome aboard!"},
    )

    page = text_of(as_role("organiser").get(reverse("placements:detail", args=[offer.pk])))

    for shown in [offer.lab.name, offer.lab.institute.name, "17 July – 13 August 2027"]:
        assert shown in page
    assert "Proposed by the ISH office." in page  # proposed by hand: no matching explanation
    history = page[page.index('data-testid="history"') :]
    assert history.index("proposed") < history.index("offered") < history.index("accepted")
    assert "Welcome aboard!" in history
    assert "Cancel the placement" in page  # the office's remaining action


def test_the_coordinator_reads_a_placement_without_any_action(as_role, offer):
    page = text_of(as_role("coordinator").get(reverse("placements:detail", args=[offer.pk])))

    assert "Mirai Offered" in page
    assert 'data-testid="actions"' not in page
    assert reverse("placements:action", args=[offer.pk]) not in page


def test_the_coordinators_list_shows_their_citys_placements_and_unplaced_students(
    as_role, offer, accepted_student, placement_in
):
    accepted_student(given_name="Still", family_name="Waiting")
    montpellier = City.objects.get(slug="montpellier")
    placement_in(Status.OFFERED, city=montpellier, given_name="Other", family_name="City")

    page = text_of(as_role("coordinator").get(LIST))

    assert "Placements of Kumamoto" in page
    assert "Mirai Offered" in page
    assert offer.lab.name in page
    unplaced = page[page.index('data-testid="unplaced"') :]
    assert "Still Waiting" in unplaced
    assert "Other City" not in page


# --- privacy ---------------------------------------------------------------------------------

SECRETS = {
    "passport_number": "PASSPORT-QX7193",
    "medical_notes": "MEDICAL-asthma-inhaler-ZR81",
    "dietary_requirements": "DIETARY-no-sesame-KT27",
    "emergency_contact_name": "EMERGENCY-Hildegard-Wx44",
    "emergency_contact_phone": "+49 30 90182377",
    "email": "private-mail-jq55@example.org",
    "phone": "+81 96 770 3311",
}


def spellings(nomination: Nomination) -> list[str]:
    """Every way a page could print a sensitive value, phone numbers in each format."""
    values = [SECRETS[name] for name in SECRETS if "phone" not in name]
    for name in ("phone", "emergency_contact_phone"):
        number = getattr(nomination, name)
        values += [number.as_e164, number.as_international, number.as_national, number.as_e164[-7:]]
    return values


def test_no_lab_host_page_or_download_contains_sensitive_data(as_role, placement_in):
    placement = placement_in(Status.OFFERED, given_name="Private", family_name="Person", **SECRETS)
    student = placement.nomination
    attach_documents(student, [*Document.Kind.values])
    lab_host = as_role("lab_host")
    document_urls = [
        reverse("placements:document_download", args=[placement.pk, document.pk])
        for document in student.documents.all()
    ]
    detail = reverse("placements:detail", args=[placement.pk])

    responses = [
        lab_host.get(reverse("portal:dashboard")),
        lab_host.get(OFFERS),
        lab_host.get(detail),
        *[lab_host.get(url) for url in document_urls],
        lab_host.post(
            reverse("placements:action", args=[placement.pk]),
            {"action": "accept", "comment": "Glad to host them.", "next": detail},
            follow=True,
        ),
        lab_host.get(OFFERS),  # now under the answered offers
        lab_host.get(BOARD),
        lab_host.get(LIST),
        lab_host.get(reverse("nominations:detail", args=[student.pk])),
    ]

    assert status_of(placement) == Status.ACCEPTED
    assert [response.status_code for response in responses[3 : 3 + len(document_urls)]] == [
        200 if kind in ("cv", "motivation_letter") else 404
        for kind in student.documents.values_list("kind", flat=True)
    ]
    bodies = [text_of(response) for response in responses]
    assert "Private Person" in bodies[2]
    assert "transcript.pdf" not in bodies[2]
    for body in bodies:
        for secret in spellings(student):
            assert secret not in body


# --- the demo ------------------------------------------------------------------------------


def test_after_the_demo_loads_its_lab_host_finds_offers_to_answer(db):
    load_demo_season()
    load_demo_season()  # idempotent: nobody is placed twice

    statuses = Counter(Placement.objects.values_list("status", flat=True))
    assert statuses == {"offered": 2, "accepted": 1, "declined": 1, "proposed": 1}
    client = Client()
    client.force_login(User.objects.get(username="dkfz-genome"))
    page = text_of(client.get(OFFERS))
    assert page.count('data-testid="offer"') == 2
    assert "Cancer Genome Analysis" in page


# --- query counts ----------------------------------------------------------------------------

SMALL, LARGE = 10, 200


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _students_on_the_board(wanted: int, season, labs: list[Lab]) -> None:
    """Accepted students, a quarter without a lab and the others in each state."""
    statuses = [None, Status.PROPOSED, Status.OFFERED, Status.ACCEPTED, Status.DECLINED]
    for n in range(Nomination.objects.filter(season=season).count(), wanted):
        nomination = NominationFactory(season=season, status="accepted", interests=["biology"])
        status = statuses[n % len(statuses)]
        if status is not None:
            PlacementFactory(nomination=nomination, lab=labs[n % len(labs)], status=status)


def test_the_board_needs_the_same_queries_for_10_and_200_students(as_role, season):
    labs = [LabFactory(fields=[ResearchField.objects.get(slug="biology")]) for _ in range(3)]
    office = as_role("organiser")
    _students_on_the_board(SMALL, season, labs)
    small = queries_for(office, BOARD)

    _students_on_the_board(LARGE, season, labs)
    large = queries_for(office, BOARD)

    assert large == small


def _offers_to(lab: Lab, wanted: int, season) -> None:
    """Offers and answers, each student with a CV and a transcript (rows only: no page reads
    the files)."""
    documents = []
    for n in range(Placement.objects.filter(lab=lab).count(), wanted):
        status = Status.OFFERED if n % 3 else Status.DECLINED
        placement = PlacementFactory(
            nomination__season=season, nomination__interests=["biology", "medicine"], lab=lab,
            status=status,
        )  # fmt: skip
        documents += [
            Document(
                nomination=placement.nomination,
                kind=kind,
                file=f"documents/{n}-{kind}.pdf",
                filename=f"{kind}.pdf",
                content_type="application/pdf",
                size=1000,
            )
            for kind in (Document.Kind.CV, Document.Kind.TRANSCRIPT)
        ]
    Document.objects.bulk_create(documents)


def test_the_offers_list_needs_the_same_queries_for_10_and_200_offers(as_role, season, lab):
    lab_host = as_role("lab_host")
    _offers_to(lab, SMALL, season)
    small = queries_for(lab_host, OFFERS)

    _offers_to(lab, LARGE, season)
    large = queries_for(lab_host, OFFERS)

    assert large == small


@pytest.mark.parametrize("role", ["coordinator", "organiser"])
def test_the_placement_list_needs_the_same_queries_for_10_and_200_students(as_role, season, role):
    labs = [LabFactory(fields=[ResearchField.objects.get(slug="biology")]) for _ in range(3)]
    reader = as_role(role)
    _students_on_the_board(SMALL, season, labs)
    small = queries_for(reader, LIST)

    _students_on_the_board(LARGE, season, labs)
    large = queries_for(reader, LIST)

    assert large == small
    page = text_of(reader.get(LIST))
    assert page.count('data-testid="placement-row"') > SMALL  # the rows are all there
