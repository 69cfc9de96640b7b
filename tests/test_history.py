"""The one history every workflow writes: who acted and the system's reasons are stored as codes,
whatever language the request that made the change was in, and read in the reader's language;
comments stay as their author typed them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from ish.history import Actor, stored_texts_to_codes
from ish.housing.models import HousingChange
from ish.nominations.models import Nomination, NominationChange
from ish.participants import links
from ish.participants import services as lifecycle
from ish.placements import services as placements
from ish.placements.models import PlacementChange
from tests.factories import BERLIN, LabFactory, accepted_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def german_student(organiser, season):
    return accepted_nomination(organiser, season=season, language="de", email="lena@example.de")


def confirm_through_the_link(student: Nomination) -> Nomination:
    link = links.open_link(links.token_for(student.participant_link))
    return lifecycle.answer(
        link,
        attending=True,
        arrival_at=dt.datetime.combine(student.season.starts_on, dt.time(12), tzinfo=BERLIN),
        departure_at=dt.datetime.combine(student.season.ends_on, dt.time(12), tzinfo=BERLIN),
        emergency_contact_name="Eva Berg",
        emergency_contact_phone="+49 6221 123456",
    )


def test_a_german_students_confirmation_is_stored_as_codes_not_german_words(german_student):
    with translation.override("de"):  # the student's page is in German
        confirm_through_the_link(german_student)

    row = german_student.changes.get(action="confirm")
    assert (row.actor, row.actor_label, row.actor_kind) == (None, "", Actor.STUDENT)
    assert (row.comment, row.reason) == ("", "confirmed_by_student")


def test_each_reader_reads_the_history_in_their_own_language(german_student):
    confirm_through_the_link(german_student)
    row = german_student.changes.get(action="confirm")

    with translation.override("en"):
        assert (row.actor_name, row.note, row.to_label) == (
            "the student",
            "Confirmed by the student.",
            "confirmed",
        )
    with translation.override("de"):
        assert (row.actor_name, row.note, row.to_label) == (
            "die nominierte Person",
            "Von der Schülerin oder dem Schüler bestätigt.",
            "bestätigt",
        )


def test_a_german_page_names_the_student_in_german(client_as, german_student):
    confirm_through_the_link(german_student)
    client = client_as("organiser")
    client.cookies["django_language"] = "de"

    page = client.get(reverse("nominations:detail", args=[german_student.pk])).content.decode()

    history = page[page.index('data-testid="history"') :]
    assert "durch <bdi>die nominierte Person</bdi>" in history
    assert "the student" not in history


def test_a_comment_is_kept_as_its_author_typed_it(organiser, german_student):
    with translation.override("de"):
        lifecycle.withdraw(german_student, actor=organiser, comment="Leider krank.")

    row = german_student.changes.get(action="withdraw")
    assert (row.actor, row.comment, row.reason) == (organiser, "Leider krank.", "")
    with translation.override("en"):
        assert row.note == "Leider krank."


def test_a_withdrawal_in_german_stores_the_systems_reason_as_a_code_everywhere(
    organiser, german_student
):
    placement = placements.create_placement(
        actor=organiser, nomination=german_student, lab=LabFactory()
    )

    with translation.override("de"):
        lifecycle.withdraw(german_student, actor=organiser)

    row = placement.changes.get(action="cancel")
    assert (row.actor_kind, row.reason, row.comment) == (Actor.SYSTEM, "nomination_withdrawn", "")
    with translation.override("en"):
        assert row.note == "The nomination was withdrawn."


def test_a_reason_the_history_does_not_know_is_refused(german_student):
    with pytest.raises(ValueError, match="no reason"):
        NominationChange.entry(german_student, "confirm", "accepted", reason="felt like it")


# --- the migration that turned stored words into codes ----------------------------------------


def test_stored_texts_in_either_language_become_codes(organiser, german_student):
    placement = placements.create_placement(
        actor=organiser, nomination=german_student, lab=LabFactory()
    )
    reasons = {
        "The nomination was withdrawn.": "nomination_withdrawn",
        "Die Nominierung wurde zurückgezogen.": "nomination_withdrawn",
    }
    old = [
        PlacementChange.objects.create(
            placement=placement, action="cancel", to_status="cancelled", actor_label=label,
            comment=comment,
        )
        for label, comment in [
            ("das System", "Die Nominierung wurde zurückgezogen."),
            ("the system", "The nomination was withdrawn."),
            ("Olga Office", "Typed by a person."),
        ]
    ]  # fmt: skip

    stored_texts_to_codes(PlacementChange, reasons)

    rows = [PlacementChange.objects.get(pk=row.pk) for row in old]
    assert [(r.actor_label, r.actor_kind, r.reason, r.comment) for r in rows] == [
        ("", Actor.SYSTEM, "nomination_withdrawn", ""),
        ("", Actor.SYSTEM, "nomination_withdrawn", ""),
        ("Olga Office", "", "", "Typed by a person."),
    ]
    assert HousingChange.objects.count() == 0  # only the model it was given
