"""Who may open each placement page, press each button and download each document, and that no
lab-host page or download shows a student's sensitive data."""

import pytest
from django.urls import reverse

from ish.nominations.models import Document, Nomination
from ish.placements.models import Placement
from tests.factories import DocumentFactory, NominationFactory, attach_documents
from tests.placements.shared import (
    BOARD,
    LIST,
    LOGIN,
    OFFERS,
    ROLES,
    assert_outcome,
    document_url,
    status_of,
    text_of,
)

pytestmark = pytest.mark.django_db

Status = Placement.Status

# --- who may open what ------------------------------------------------------------------------

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


# --- privacy ----------------------------------------------------------------------------------

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
