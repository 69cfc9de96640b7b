"""Offering to labs says what really happened: the e-mails written and to whom, and which labs
have no host account (no mail, nobody to answer), on the board, in the message and the API."""

import pytest
from django.core import mail as outbox
from django.urls import reverse
from rest_framework.test import APIClient

from ish.notifications.models import OutboundEmail
from ish.placements import services
from ish.placements.models import Placement
from ish.placements.selectors import labs_without_host_account
from tests.factories import LabFactory, LabHostFactory
from tests.placements.shared import BOARD, status_of, text_of

pytestmark = pytest.mark.django_db

Status = Placement.Status


@pytest.fixture
def hostless_lab(db):
    """A lab nobody has a host account for; an inactive former host does not count."""
    lab = LabFactory(name="Hostless Optics Lab", capacity=3)
    former = LabHostFactory(username="formerhost", lab=lab)
    former.is_active = False
    former.save()
    return lab


def test_offering_all_to_a_lab_without_a_host_warns_naming_it_and_claims_no_mail_for_it(
    as_role, season, lab_host, hostless_lab, placement_in, django_capture_on_commit_callbacks
):
    hosted = placement_in(Status.PROPOSED, given_name="Hosted")
    waiting = placement_in(Status.PROPOSED, lab=hostless_lab, given_name="Waiting")
    OutboundEmail.objects.all().delete()
    outbox.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organiser").post(
            reverse("placements:offer_all"), {"season": season.pk}, follow=True
        )

    page = text_of(response)
    assert "2 proposals are offered to their labs." in page
    assert f"1 e-mail was written, to {lab_host.get_full_name()}." in page
    assert "the lab hosts are e-mailed" not in page
    assert (
        "Hostless Optics Lab has no lab host account: nobody was e-mailed about its offers" in page
    )
    assert [status_of(hosted), status_of(waiting)] == [Status.OFFERED, Status.OFFERED]
    assert [email.to for email in OutboundEmail.objects.all()] == [lab_host.email]
    assert [message.to for message in outbox.outbox] == [[lab_host.email]]


def test_offering_all_only_to_labs_without_hosts_says_no_mail_was_written(
    as_role, season, hostless_lab, placement_in
):
    placement_in(Status.PROPOSED, lab=hostless_lab)
    OutboundEmail.objects.all().delete()

    response = as_role("organiser").post(
        reverse("placements:offer_all"), {"season": season.pk}, follow=True
    )

    page = text_of(response)
    assert "1 proposal is offered to its lab. No e-mail was written." in page
    assert "Hostless Optics Lab has no lab host account" in page
    assert not OutboundEmail.objects.exists()


def test_the_offer_service_returns_the_mails_per_host_and_the_labs_left_waiting(
    season, organiser, lab_host, german_host, hostless_lab, placement_in
):
    placement_in(Status.PROPOSED)
    placement_in(Status.PROPOSED, lab=hostless_lab)
    OutboundEmail.objects.all().delete()

    result = services.offer_all(season, actor=organiser)

    assert result.offered == 2
    assert sorted(email.to for email in result.emails) == sorted(
        [lab_host.email, german_host.email]
    )
    assert result.labs_without_host == (hostless_lab,)


def test_offering_one_proposal_to_a_lab_without_a_host_warns_naming_the_lab(
    as_role, season, hostless_lab, placement_in
):
    proposal = placement_in(Status.PROPOSED, lab=hostless_lab)

    response = as_role("organiser").post(
        reverse("placements:action", args=[proposal.pk]), {"action": "offer"}, follow=True
    )

    assert status_of(proposal) == Status.OFFERED
    assert "Hostless Optics Lab has no lab host account" in text_of(response)


def test_offering_one_proposal_to_a_hosted_lab_does_not_warn(as_role, season, placement_in):
    proposal = placement_in(Status.PROPOSED)

    response = as_role("organiser").post(
        reverse("placements:action", args=[proposal.pk]), {"action": "offer"}, follow=True
    )

    assert status_of(proposal) == Status.OFFERED
    assert "no lab host account" not in text_of(response)


def offer_from_its_page(as_role, proposal, capture) -> str:
    """The office offers one proposal with its button, with an empty outbox before, and the
    e-mails delivered as a commit would; the page it returns to, as read."""
    OutboundEmail.objects.all().delete()
    outbox.outbox.clear()
    with capture(execute=True):
        response = as_role("organiser").post(
            reverse("placements:action", args=[proposal.pk]), {"action": "offer"}, follow=True
        )
    return text_of(response)


def test_offering_one_proposal_names_the_hosts_it_wrote_to_and_the_outbox_has_their_mail(
    as_role, season, lab_host, placement_in, django_capture_on_commit_callbacks
):
    proposal = placement_in(Status.PROPOSED, given_name="Single", family_name="Offer")
    page = offer_from_its_page(as_role, proposal, django_capture_on_commit_callbacks)
    assert (
        f"Single Offer in {proposal.lab.name}: offered. "
        f"1 e-mail was written, to {lab_host.get_full_name()}." in page
    )
    assert [message.to for message in outbox.outbox] == [[lab_host.email]]


def test_offering_one_proposal_to_a_lab_without_a_host_says_no_mail_was_written(
    as_role, season, hostless_lab, placement_in, django_capture_on_commit_callbacks
):
    proposal = placement_in(
        Status.PROPOSED, lab=hostless_lab, given_name="Nobody", family_name="Told"
    )
    page = offer_from_its_page(as_role, proposal, django_capture_on_commit_callbacks)
    assert "Nobody Told in Hostless Optics Lab: offered. No e-mail was written." in page
    assert "Hostless Optics Lab has no lab host account" in page
    assert outbox.outbox == []


def test_the_transition_service_returns_the_mails_an_offer_wrote(
    organiser, lab_host, hostless_lab, placement_in
):
    hosted = placement_in(Status.PROPOSED)
    waiting = placement_in(Status.PROPOSED, lab=hostless_lab)
    OutboundEmail.objects.all().delete()

    to_hosted = services.transition(hosted, "offer", actor=organiser)
    to_hostless = services.transition(waiting, "offer", actor=organiser)

    assert to_hosted.placement.status == Status.OFFERED
    assert [email.to for email in to_hosted.emails] == [lab_host.email]
    assert to_hostless.emails == ()


def test_the_board_lists_labs_without_a_host_that_have_students_proposed_or_offered(
    as_role, season, lab, hostless_lab, placement_in
):
    placement_in(Status.PROPOSED)  # the hosted lab is not listed
    placement_in(Status.PROPOSED, lab=hostless_lab)
    placement_in(Status.OFFERED, lab=hostless_lab)
    LabFactory(name="Idle Lab")  # no host, but nobody proposed or offered to it

    page = text_of(as_role("organiser").get(f"{BOARD}?season={season.pk}"))

    section = page[page.index('id="labs-without-host"') :]
    section = section[: section.index("</section>")]
    assert "Hostless Optics Lab" in section
    assert "Idle Lab" not in section
    assert lab.name not in section
    assert [(row.name, row.proposed, row.offered) for row in labs_without_host_account(season)] == [
        ("Hostless Optics Lab", 1, 1)
    ]


def test_the_board_has_no_such_section_when_every_lab_has_a_host(as_role, season, placement_in):
    placement_in(Status.PROPOSED)

    page = text_of(as_role("organiser").get(f"{BOARD}?season={season.pk}"))

    assert 'id="labs-without-host"' not in page


def test_the_api_names_the_labs_without_a_host_and_counts_the_mails(
    season, organiser, lab_host, hostless_lab, placement_in
):
    placement_in(Status.PROPOSED)
    placement_in(Status.PROPOSED, lab=hostless_lab)
    OutboundEmail.objects.all().delete()

    api = APIClient()
    api.force_authenticate(organiser)
    response = api.post("/api/v1/placements/offer-all/", {"season": season.pk}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "offered": 2,
        "emails_written": 1,
        "labs_without_host": [{"id": hostless_lab.pk, "name": "Hostless Optics Lab"}],
    }
