"""The nomination deadline, the season's or the city's own: it binds coordinators, not organisers,
when they submit, create, edit, upload, rank or delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.documents import upload_document
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import PDF_BYTES, NominationFactory, QuotaFactory
from tests.nominations.readback import berlin, status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- the deadline -----------------------------------------------------------------------------


def test_a_coordinator_may_submit_until_the_seasons_deadline(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 3, 31, 23, 58))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_a_coordinator_cannot_submit_after_the_seasons_deadline(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 1, 0, 0))

    with pytest.raises(RuleViolation) as refused:
        services.perform(nomination, "submit", actor=coordinator)

    assert refused.value.message == (
        "The nomination deadline of Kumamoto passed on 31 March 2027, 23:59 (Heidelberg) · "
        "1 April 2027, 06:59 (Kumamoto)."
    )

    assert status_of(nomination) == Status.DRAFT


def test_an_organiser_may_submit_after_the_deadline(
    nomination_in, quota, organiser, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 5, 1, 12, 0))

    services.perform(nomination, "submit", actor=organiser)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_citys_own_later_deadline_overrides_the_seasons(
    nomination_in, quota, coordinator, before_the_deadline
):
    quota.deadline = berlin(2027, 4, 15, 23, 59)
    quota.save()
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 10, 12, 0))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_citys_own_earlier_deadline_overrides_the_seasons(
    nomination_in, quota, coordinator, before_the_deadline
):
    quota.deadline = berlin(2027, 3, 15, 23, 59)
    quota.save()
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 3, 20, 12, 0))

    # 23:59 in Heidelberg in winter time: 07:59 the next morning in Kumamoto.
    passed = r"passed on 15 March 2027, 23:59 \(Heidelberg\) · 16 March 2027, 07:59 \(Kumamoto\)"
    with pytest.raises(RuleViolation, match=passed):
        services.perform(nomination, "submit", actor=coordinator)


def test_an_organiser_can_extend_a_citys_deadline_after_it_passed(
    nomination_in, quota, coordinator, before_the_deadline
):
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 2, 9, 0))
    with pytest.raises(RuleViolation, match="deadline"):
        services.perform(nomination, "submit", actor=coordinator)

    quota.deadline = berlin(2027, 4, 7, 23, 59)  # the organiser's extension
    quota.save()
    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_deadline_of_another_city_does_not_apply(
    nomination_in, quota, coordinator, before_the_deadline
):
    QuotaFactory(
        season=quota.season,
        city=City.objects.get(slug="montpellier"),
        deadline=berlin(2027, 4, 30, 23, 59),
    )
    nomination = nomination_in(Status.DRAFT)
    before_the_deadline.move_to(berlin(2027, 4, 10, 12, 0))

    with pytest.raises(RuleViolation, match="deadline"):
        services.perform(nomination, "submit", actor=coordinator)


def test_a_coordinator_cannot_create_edit_upload_or_rank_after_the_deadline(
    season, quota, coordinator, kumamoto, before_the_deadline
):
    nomination = NominationFactory(season=season)
    before_the_deadline.move_to(berlin(2027, 4, 1, 8, 0))

    with pytest.raises(RuleViolation, match="deadline"):
        services.create_nomination(
            actor=coordinator, season=season, city=kumamoto, given_name="Late", family_name="Kid"
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.update_nomination(nomination, actor=coordinator, school="Another school")
    with pytest.raises(RuleViolation, match="deadline"):
        upload_document(
            nomination, actor=coordinator, kind="cv", upload=SimpleUploadedFile("cv.pdf", PDF_BYTES)
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.rank_nominations(
            actor=coordinator, season=season, city=kumamoto, order=[nomination.pk]
        )
    with pytest.raises(RuleViolation, match="deadline"):
        services.delete_nomination(nomination, actor=coordinator)

    nomination.refresh_from_db()
    assert nomination.school == "Kumamoto Prefectural High School"
    assert Nomination.objects.filter(season=season).count() == 1


def test_an_organiser_can_create_and_edit_after_the_deadline(
    season, quota, organiser, kumamoto, before_the_deadline
):
    before_the_deadline.move_to(berlin(2027, 4, 1, 8, 0))

    nomination = services.create_nomination(
        actor=organiser, season=season, city=kumamoto, given_name="Late", family_name="Kid"
    )
    services.update_nomination(nomination, actor=organiser, school="Late school")

    nomination.refresh_from_db()
    assert nomination.school == "Late school"
