"""The office's bulk action on the nominations list: a new self-service link for each selected
student, after a confirmation that says how many, with a result per row (done, or skipped and
why); a coordinator may not use it, and a row nobody may see is skipped as not found."""

import re

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants.models import ParticipantLink
from tests.factories import NominationFactory
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Nomination.Status
BULK = reverse("participants:nomination_bulk")
LIST = reverse("nominations:list")


@pytest.fixture
def students(season):
    """Two accepted students and a draft (which holds no place, so gets no link)."""
    accepted = Status.ACCEPTED
    return [
        NominationFactory(season=season, status=accepted, given_name="Aiko", family_name="Abe"),
        NominationFactory(season=season, status=accepted, given_name="Bo", family_name="Berg"),
        NominationFactory(season=season, given_name="Cem", family_name="Cruz"),
    ]


def links_mailed() -> int:
    return OutboundEmail.objects.filter(event="participant_link").count()


def test_the_confirmation_says_how_many_students_and_sends_nothing_yet(client_as, students):
    response = client_as("organiser").post(
        BULK, {"action": "links", "selected": [s.pk for s in students], "next": LIST + "?sort=name"}
    )

    shown = parse(response)
    assert response.status_code == 200
    assert shown.text("bulk-count") == "Send a new self-service link to 3 students?"
    assert shown.testids["bulk-rows"]
    for student in students:
        assert student.full_name in shown.text("bulk-rows")
    html = response.content.decode()
    assert html.count('name="selected"') == 3
    assert 'name="confirmed"' in html
    assert 'href="/nominations/?sort=name"' in html
    assert links_mailed() == 0
    assert not ParticipantLink.objects.exists()


def test_confirmed_each_student_gets_a_link_and_the_draft_is_skipped_with_the_reason(
    client_as, students
):
    abe, berg, cruz = students
    response = client_as("organiser").post(
        BULK, {"action": "links", "selected": [abe.pk, cruz.pk, berg.pk], "confirmed": "1"}
    )

    results = parse(response).table("bulk-results")
    assert results == [
        ["Aiko Abe", f"Done A new link is on its way to {abe.email}."],
        ["Cem Cruz", "Skipped Only accepted students get a self-service link."],
        ["Bo Berg", f"Done A new link is on its way to {berg.email}."],
    ]
    assert parse(response).text("bulk-summary") == "2 rows done, 1 skipped."
    assert links_mailed() == 2
    assert set(ParticipantLink.objects.values_list("nomination_id", flat=True)) == {
        abe.pk,
        berg.pk,
    }


def test_an_id_that_does_not_exist_is_skipped_as_not_found(client_as, students):
    abe = students[0]
    response = client_as("organiser").post(
        BULK, {"action": "links", "selected": [abe.pk, 999999], "confirmed": "1"}
    )

    assert parse(response).table("bulk-results") == [
        ["Aiko Abe", f"Done A new link is on its way to {abe.email}."],
        ["#999999", "Skipped Not found."],
    ]


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_may_not_send_links_in_bulk_even_to_their_own_students(
    client_as, students, role
):
    response = client_as(role).post(
        BULK, {"action": "links", "selected": [s.pk for s in students], "confirmed": "1"}
    )

    assert response.status_code == 403
    assert links_mailed() == 0


def test_nothing_selected_goes_back_to_the_list_with_a_message(client_as, students):
    response = client_as("organiser").post(
        BULK, {"action": "links", "next": LIST + "?status=accepted"}, follow=True
    )

    assert response.redirect_chain[-1][0] == LIST + "?status=accepted"
    assert "Select at least one row, then an action." in response.content.decode()


def test_a_next_address_elsewhere_is_not_followed(client_as, students):
    response = client_as("organiser").post(
        BULK, {"action": "links", "selected": [students[0].pk], "next": "https://evil.example/"}
    )

    assert "evil.example" not in response.content.decode()
    assert re.search(rf'href="{LIST}"', response.content.decode())


def test_the_confirmation_and_the_results_speak_german_to_an_organiser_who_chose_it(
    client_as, students
):
    abe, _berg, cruz = students
    client = client_as("organiser")
    client.post(reverse("switch_language"), {"language": "de", "next": LIST})

    confirm = client.post(BULK, {"action": "links", "selected": [abe.pk, cruz.pk]})
    done = client.post(BULK, {"action": "links", "selected": [abe.pk, cruz.pk], "confirmed": "1"})

    assert parse(confirm).text("bulk-count") == "Neue Self-Service-Links an 2 Studierende senden?"
    assert parse(done).text("bulk-summary") == "1 Zeile erledigt, 1 übersprungen."
    assert parse(done).table("bulk-results")[0] == [
        "Aiko Abe",
        f"Erledigt Ein neuer Link ist unterwegs an {abe.email}.",
    ]
