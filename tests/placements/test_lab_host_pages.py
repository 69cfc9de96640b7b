"""The lab host's pages through the test client: the offers with each student's profile, answering
them, a full lab, the dashboard's pending offers, and the demo's offers to answer."""

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from ish.accounts.models import User
from ish.demo.season import load_demo_season
from ish.labs.models import Lab
from ish.nominations.models import Document
from ish.placements.models import Placement
from tests.placements.shared import OFFERS, document_url, status_of, text_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


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
