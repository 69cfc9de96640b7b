"""The review page's action buttons: which ones each reader is offered, and what posting each one
does."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from tests.factories import NominationFactory
from tests.nominations.page_requests import AFTER_THE_DEADLINE, messages_of
from tests.portal.page_reader import page as parse

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status


# --- the actions -----------------------------------------------------------------------------


def act(client: Client, nomination: Nomination, action: str, **data) -> object:
    url = reverse("participants:nomination_action", args=[nomination.pk])
    return client.post(url, {"action": action, **data})


def buttons(client: Client, nomination: Nomination) -> list[str]:
    html = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    return re.findall(r'name="action" value="(\w+)"', html)


def deletes(client: Client, nomination: Nomination) -> bool:
    html = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    return reverse("nominations:delete", args=[nomination.pk]) in html


# One way to drop a nomination in each state: a draft is deleted (the workflow would also let
# it be withdrawn), a submitted one withdrawn.
def test_the_coordinator_is_offered_submit_and_delete_on_a_draft(client_for, draft):
    assert buttons(client_for("coordinator"), draft) == ["submit"]
    assert deletes(client_for("coordinator"), draft)


def test_a_submitted_nomination_is_offered_withdraw_and_never_delete(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    for role in ("coordinator", "organiser"):
        assert "withdraw" in buttons(client_for(role), submitted)
        assert not deletes(client_for(role), submitted)


def test_a_draft_past_the_deadline_is_offered_withdraw_as_it_cannot_be_deleted(
    client_for, draft, before_the_deadline
):
    before_the_deadline.move_to(AFTER_THE_DEADLINE)

    assert buttons(client_for("coordinator"), draft) == ["submit", "withdraw"]
    assert not deletes(client_for("coordinator"), draft)


def test_the_organiser_is_offered_the_decisions_on_a_submitted_nomination(
    client_for, nomination_in
):
    submitted = nomination_in(Status.SUBMITTED)

    assert buttons(client_for("organiser"), submitted) == [
        "accept",
        "waitlist",
        "decline",
        "withdraw",
    ]
    assert buttons(client_for("coordinator"), submitted) == ["withdraw"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED])
@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_page_offers_exactly_the_actions_the_api_lists(client_for, nomination_in, role, status):
    nomination = nomination_in(status)
    client = client_for(role)

    listed = client.get(f"/api/v1/nominations/{nomination.pk}/").json()["actions"]

    # Deleting a draft stands in for withdrawing it (the API deletes with DELETE).
    if status == Status.DRAFT:
        assert listed[-1] == "withdraw"
        assert buttons(client, nomination) == listed[:-1]
        assert deletes(client, nomination)
    else:
        assert buttons(client, nomination) == listed


def test_the_coordinator_submits_a_complete_draft(client_for, draft):
    response = act(client_for("coordinator"), draft, "submit")

    assert response.status_code == 302
    assert Nomination.objects.get(pk=draft.pk).status == Status.SUBMITTED
    assert "Aiko Tanaka is now submitted." in messages_of(response)


def test_submitting_an_incomplete_draft_says_what_is_missing(client_for, season, quota):
    nomination = NominationFactory(season=season, school="")

    response = act(client_for("coordinator"), nomination, "submit")

    message = " ".join(messages_of(response))
    assert "The nomination is incomplete. Missing: school, CV" in message
    assert Nomination.objects.get(pk=nomination.pk).status == Status.DRAFT


def test_submitting_beyond_the_quota_is_refused_with_a_message(client_for, nomination_in, draft):
    for _ in range(3):
        nomination_in(Status.SUBMITTED)

    response = act(client_for("coordinator"), draft, "submit")

    assert "The quota of Kumamoto is full" in " ".join(messages_of(response))
    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_organiser_accepts_with_a_comment_that_is_kept_and_mailed(
    client_for, nomination_in, coordinator
):
    submitted = nomination_in(Status.SUBMITTED, family_name="Tanaka")

    response = act(client_for("organiser"), submitted, "accept", comment="Welcome!")

    assert "Aiko Tanaka is now accepted." in messages_of(response)
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.changes.last().comment == "Welcome!"
    assert OutboundEmail.objects.filter(event="nomination_accepted", to=coordinator.email).exists()
    review = parse(client_for("organiser").get(reverse("nominations:detail", args=[submitted.pk])))
    assert "Welcome!" in review.text("history")
    assert "is accepted" in review.text("emails")


@pytest.mark.parametrize(
    ("action", "status"), [("waitlist", "waitlisted"), ("decline", "declined")]
)
def test_the_organiser_waitlists_or_declines(client_for, nomination_in, action, status):
    submitted = nomination_in(Status.SUBMITTED)

    act(client_for("organiser"), submitted, action, comment="Sorry.")

    assert Nomination.objects.get(pk=submitted.pk).status == status


def test_when_the_places_are_full_the_organiser_may_only_accept_over_the_quota(
    client_for, nomination_in
):
    nomination_in(Status.ACCEPTED)
    nomination_in(Status.ACCEPTED)
    submitted = nomination_in(Status.SUBMITTED)
    client = client_for("organiser")
    html = client.get(reverse("nominations:detail", args=[submitted.pk])).content.decode()
    assert "Accept over the quota" in html
    assert 'name="over_quota" value="1"' in html

    refused = act(client, submitted, "accept")
    assert "All 2 places of Kumamoto are taken." in " ".join(messages_of(refused))
    assert Nomination.objects.get(pk=submitted.pk).status == Status.SUBMITTED

    act(client, submitted, "accept", over_quota="1")
    assert Nomination.objects.get(pk=submitted.pk).status == Status.ACCEPTED


def test_the_coordinator_confirms_an_accepted_student_and_withdraws_another(
    client_for, nomination_in
):
    accepted = nomination_in(Status.ACCEPTED)
    submitted = nomination_in(Status.SUBMITTED)
    client = client_for("coordinator")

    act(client, accepted, "confirm")
    act(client, submitted, "withdraw", comment="Changed plans.")

    assert Nomination.objects.get(pk=accepted.pk).status == Status.CONFIRMED
    assert Nomination.objects.get(pk=submitted.pk).status == Status.WITHDRAWN


def test_a_coordinator_who_tries_to_decide_is_told_they_may_not(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    response = act(client_for("coordinator"), submitted, "accept")

    assert response.status_code == 302
    assert "Your role may not use “Accept” on nominations." in messages_of(response)
    assert Nomination.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_an_action_the_status_does_not_allow_is_refused_with_a_message(client_for, draft):
    response = act(client_for("organiser"), draft, "accept")

    assert "A nomination with the status “draft” cannot move to “accepted”." in messages_of(
        response
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "explode"},
        {"action": "accept", "comment": "x" * 3000},
        {"action": ["submit", "accept"], "over_quota": "maybe"},
    ],
)
def test_garbage_actions_are_refused_with_a_message(client_for, draft, data):
    response = client_for("organiser").post(
        reverse("participants:nomination_action", args=[draft.pk]), data
    )

    assert response.status_code == 302
    assert messages_of(response)
    assert Nomination.objects.get(pk=draft.pk).status == Status.DRAFT
