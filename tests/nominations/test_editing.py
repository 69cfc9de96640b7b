"""Creating, editing, deleting and ranking nominations through the services: who may do each, and
which changes are refused."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import Document, Nomination
from ish.seasons.models import City, ResearchField
from tests.factories import NominationFactory, SeasonFactory, complete_nomination
from tests.nominations.readback import last_history_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- creating and editing ---------------------------------------------------------------------


def test_a_coordinator_creates_a_draft_of_their_city_ranked_last(season, coordinator, kumamoto):
    NominationFactory(season=season, rank=4)
    fields = list(ResearchField.objects.filter(slug__in=["physics", "biology"]))

    nomination = services.create_nomination(
        actor=coordinator,
        season=season,
        city=kumamoto,
        interests=sorted(fields, key=lambda f: f.slug != "physics"),
        given_name="Haruto",
        family_name="Sato",
    )

    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.rank == 5
    assert nomination.created_by == coordinator
    assert [i.field.slug for i in nomination.interests.all()] == ["physics", "biology"]
    row = last_history_row(nomination)
    assert (row.action, row.to_status, row.actor) == ("create", Status.DRAFT, coordinator)


def test_a_coordinator_cannot_create_for_another_city(season, coordinator):
    with pytest.raises(PermissionDenied):
        services.create_nomination(
            actor=coordinator,
            season=season,
            city=City.objects.get(slug="montpellier"),
            given_name="Jean",
            family_name="Dupont",
        )

    assert not Nomination.objects.exists()


def test_a_lab_host_cannot_create_a_nomination(season, lab_host, kumamoto):
    with pytest.raises(PermissionDenied):
        services.create_nomination(
            actor=lab_host, season=season, city=kumamoto, given_name="A", family_name="B"
        )


def test_a_coordinator_edits_a_draft_of_their_city(season, coordinator):
    nomination = NominationFactory(season=season)
    chemistry = ResearchField.objects.get(slug="chemistry")
    physics = ResearchField.objects.get(slug="physics")

    services.update_nomination(
        nomination, actor=coordinator, school="Seiseiko", interests=[chemistry, physics]
    )

    nomination.refresh_from_db()
    assert nomination.school == "Seiseiko"
    assert [i.field.slug for i in nomination.interests.all()] == ["chemistry", "physics"]


@pytest.mark.parametrize(
    "status", [s for s in Status.values if s != Status.DRAFT], ids=lambda s: str(s)
)
def test_a_coordinator_cannot_edit_a_nomination_that_is_no_longer_a_draft(
    nomination_in, roomy_quota, coordinator, status
):
    nomination = nomination_in(status)

    with pytest.raises(RuleViolation, match="Only drafts can be changed"):
        services.update_nomination(nomination, actor=coordinator, school="Changed")

    nomination.refresh_from_db()
    assert nomination.school != "Changed"


def test_a_coordinator_cannot_edit_another_citys_draft(season, other_coordinator):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.update_nomination(nomination, actor=other_coordinator, school="Changed")


def test_a_lab_host_cannot_edit_a_nomination(season, lab_host):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.update_nomination(nomination, actor=lab_host, school="Changed")


def test_an_organiser_may_correct_a_submitted_nomination_but_not_a_withdrawn_one(
    nomination_in, roomy_quota, organiser
):
    submitted = nomination_in(Status.SUBMITTED)
    withdrawn = nomination_in(Status.WITHDRAWN)

    services.update_nomination(submitted, actor=organiser, school="Corrected")
    with pytest.raises(RuleViolation, match="withdrawn"):
        services.update_nomination(withdrawn, actor=organiser, school="Corrected")

    submitted.refresh_from_db()
    withdrawn.refresh_from_db()
    assert submitted.school == "Corrected"
    assert withdrawn.school != "Corrected"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"interests": ["biology", "chemistry", "physics", "medicine"]}, "research_interests"),
        ({"interests": ["biology", "biology"]}, "research_interests"),
        ({"date_of_birth": dt.date(2012, 1, 1)}, "date_of_birth"),
        ({"english_level": "D7"}, "english_level"),
        ({"email": "not-an-address"}, "email"),
    ],
    ids=["four-interests", "repeated-interest", "too-young", "bad-cefr", "bad-email"],
)
def test_invalid_changes_are_refused_naming_the_field_and_save_nothing(
    season, coordinator, change, field
):
    nomination = NominationFactory(season=season)
    if "interests" in change:
        change["interests"] = [ResearchField.objects.get(slug=s) for s in change["interests"]]

    with pytest.raises(ValidationError) as refusal:
        services.update_nomination(nomination, actor=coordinator, **change)

    assert field in refusal.value.message_dict
    nomination.refresh_from_db()
    assert [i.field.slug for i in nomination.interests.all()] == ["biology"]
    assert nomination.date_of_birth == dt.date(2008, 5, 1)


def test_a_students_e_mail_address_is_nominated_once_per_season(season, coordinator, kumamoto):
    NominationFactory(season=season, email="aiko@example.jp")
    SeasonFactory(year=2028)

    with pytest.raises(ValidationError) as refusal:
        services.create_nomination(
            actor=coordinator,
            season=season,
            city=kumamoto,
            given_name="Aiko",
            family_name="Again",
            email="AIKO@example.jp",
        )

    assert "email" in refusal.value.message_dict
    next_season = services.create_nomination(
        actor=coordinator,
        season=SeasonFactory(year=2028),
        city=kumamoto,
        given_name="Aiko",
        family_name="Again",
        email="aiko@example.jp",
    )
    assert next_season.pk


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_a_draft_removes_it_and_its_files(
    season, coordinator, private_media, django_capture_on_commit_callbacks
):
    nomination = complete_nomination(season=season)
    paths = [document.file.path for document in nomination.documents.all()]
    assert all(Path(path).exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_nomination(nomination, actor=coordinator)

    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    assert not Document.objects.filter(nomination_id=nomination.pk).exists()
    assert not any(Path(path).exists() for path in paths)


@pytest.mark.parametrize(
    "status", [s for s in Status.values if s != Status.DRAFT], ids=lambda s: str(s)
)
def test_only_drafts_can_be_deleted(nomination_in, roomy_quota, organiser, status):
    nomination = nomination_in(status)

    with pytest.raises(RuleViolation, match="Only drafts can be deleted"):
        services.delete_nomination(nomination, actor=organiser)

    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_a_coordinator_cannot_delete_another_citys_draft(season, other_coordinator):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.delete_nomination(nomination, actor=other_coordinator)

    assert Nomination.objects.filter(pk=nomination.pk).exists()


# --- ranking ----------------------------------------------------------------------------------


def test_a_coordinator_ranks_their_citys_nominations(season, coordinator, kumamoto):
    first, second, third = (NominationFactory(season=season) for _ in range(3))

    services.rank_nominations(
        actor=coordinator, season=season, city=kumamoto, order=[third.pk, first.pk, second.pk]
    )

    ranks = dict(Nomination.objects.values_list("pk", "rank"))
    assert ranks == {third.pk: 1, first.pk: 2, second.pk: 3}


@pytest.mark.parametrize("mistake", ["one-missing", "one-twice", "a-foreign-one", "an-unknown-id"])
def test_a_ranking_must_list_every_nomination_of_the_city_exactly_once(
    season, coordinator, kumamoto, mistake
):
    first, second = (
        NominationFactory(season=season, rank=1),
        NominationFactory(season=season, rank=2),
    )
    foreign = NominationFactory(season=season, city=City.objects.get(slug="montpellier"))
    order = {
        "one-missing": [second.pk],
        "one-twice": [second.pk, first.pk, first.pk],
        "a-foreign-one": [second.pk, first.pk, foreign.pk],
        "an-unknown-id": [second.pk, first.pk, 987654],
    }[mistake]

    with pytest.raises(ValidationError) as refusal:
        services.rank_nominations(actor=coordinator, season=season, city=kumamoto, order=order)

    assert "order" in refusal.value.message_dict
    assert dict(Nomination.objects.filter(city=kumamoto).values_list("pk", "rank")) == {
        first.pk: 1,
        second.pk: 2,
    }


def test_a_coordinator_cannot_rank_another_citys_nominations(season, other_coordinator, kumamoto):
    nomination = NominationFactory(season=season)

    with pytest.raises(PermissionDenied):
        services.rank_nominations(
            actor=other_coordinator, season=season, city=kumamoto, order=[nomination.pk]
        )
