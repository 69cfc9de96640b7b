"""A city's quota on the services: how many nominations it may submit (places plus alternates) and
how many the office may accept (places)."""

import datetime as dt

import pytest

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import QuotaFactory, SeasonFactory, complete_nomination
from tests.nominations.readback import status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- the quota --------------------------------------------------------------------------------


def test_a_city_may_submit_places_plus_alternates_nominations(season, quota, coordinator):
    nominations = [complete_nomination(season=season) for _ in range(4)]  # quota: 2 + 1

    for nomination in nominations[:3]:
        services.perform(nomination, "submit", actor=coordinator)
    with pytest.raises(RuleViolation) as refusal:
        services.perform(nominations[3], "submit", actor=coordinator)

    assert str(refusal.value) == (
        "The quota of Kumamoto is full: 2 places and 1 alternates are already used."
    )
    assert status_of(nominations[3]) == Status.DRAFT


def test_an_organiser_cannot_submit_beyond_the_quota_either(season, quota, organiser):
    nominations = [complete_nomination(season=season) for _ in range(4)]
    for nomination in nominations[:3]:
        services.perform(nomination, "submit", actor=organiser)

    with pytest.raises(RuleViolation, match="quota of Kumamoto is full"):
        services.perform(nominations[3], "submit", actor=organiser)


@pytest.mark.parametrize(
    "status",
    [Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CONFIRMED],
)
def test_submitted_and_decided_nominations_count_against_the_quota(
    season, nomination_in, coordinator, status
):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    nomination_in(status)
    another = complete_nomination(season=season)

    with pytest.raises(RuleViolation, match="quota of Kumamoto is full"):
        services.perform(another, "submit", actor=coordinator)


def test_drafts_and_withdrawn_nominations_do_not_count_against_the_quota(
    season, nomination_in, coordinator
):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    for _ in range(3):
        nomination_in(Status.DRAFT)
    nomination_in(Status.WITHDRAWN)
    withdrawn_after_submission = nomination_in(Status.SUBMITTED)
    services.perform(withdrawn_after_submission, "withdraw", actor=coordinator)
    another = complete_nomination(season=season)

    services.perform(another, "submit", actor=coordinator)

    assert status_of(another) == Status.SUBMITTED


def test_other_cities_and_other_seasons_do_not_use_the_quota(season, coordinator, organiser):
    QuotaFactory(season=season, city__slug="kumamoto", places=1, alternates=0)
    montpellier = City.objects.get(slug="montpellier")
    QuotaFactory(season=season, city=montpellier, places=5, alternates=0)
    later = SeasonFactory(year=2028)
    QuotaFactory(season=later, city__slug="kumamoto", places=5, alternates=0)
    for nomination in [
        complete_nomination(season=season, city=montpellier),
        complete_nomination(season=later, date_of_birth=dt.date(2009, 5, 1)),
    ]:
        services.perform(nomination, "submit", actor=organiser)
    ours = complete_nomination(season=season)

    services.perform(ours, "submit", actor=coordinator)

    assert status_of(ours) == Status.SUBMITTED


@pytest.mark.parametrize("role", ["coordinator", "organiser"])
def test_a_city_without_a_quota_cannot_submit(season, user_of, role):
    nomination = complete_nomination(season=season)

    with pytest.raises(RuleViolation, match="Kumamoto has no quota for ISH 2027"):
        services.perform(nomination, "submit", actor=user_of(role))

    assert status_of(nomination) == Status.DRAFT


# --- places at acceptance ---------------------------------------------------------------------


def test_accepting_beyond_the_citys_places_is_refused(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]  # quota: 2 + 1
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)

    with pytest.raises(RuleViolation) as refusal:
        services.perform(submitted[2], "accept", actor=organiser)

    assert "All 2 places of Kumamoto are taken" in str(refusal.value)
    assert status_of(submitted[2]) == Status.SUBMITTED


def test_accepting_beyond_the_places_succeeds_when_explicitly_over_the_quota(
    season, quota, organiser
):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)

    services.perform(submitted[2], "accept", actor=organiser, over_quota=True)

    assert status_of(submitted[2]) == Status.ACCEPTED


def test_a_confirmed_student_keeps_holding_a_place(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)
    services.perform(submitted[1], "confirm", actor=organiser)
    services.perform(submitted[2], "waitlist", actor=organiser)

    with pytest.raises(RuleViolation, match="places of Kumamoto are taken"):
        services.perform(submitted[2], "accept", actor=organiser)


def test_a_withdrawn_acceptance_frees_its_place(season, quota, organiser):
    submitted = [complete_nomination(season=season) for _ in range(3)]
    for nomination in submitted:
        services.perform(nomination, "submit", actor=organiser)
    services.perform(submitted[0], "accept", actor=organiser)
    services.perform(submitted[1], "accept", actor=organiser)
    services.perform(submitted[2], "waitlist", actor=organiser)

    services.perform(submitted[0], "withdraw", actor=organiser)
    services.perform(submitted[2], "accept", actor=organiser)

    assert status_of(submitted[2]) == Status.ACCEPTED
