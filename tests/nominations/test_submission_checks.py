"""What a nomination must have to be submitted: every required field and document, a guardian's
consent under 18, and an age within the season's limits."""

import datetime as dt

import pytest

from ish.errors import RuleViolation
from ish.nominations import services
from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import (
    NominationFactory,
    QuotaFactory,
    SeasonFactory,
    attach_documents,
    complete_nomination,
)
from tests.nominations.readback import berlin, status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- completeness at submission ---------------------------------------------------------------

REQUIRED_FIELDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "gender": "gender",
    "email": "e-mail",
    "nationality": "nationality",
    "school": "school",
    "graduation_year": "graduation year",
    "english_level": "English level",
    "german_level": "German level",
    "motivation": "motivation",
}


@pytest.mark.parametrize(("field", "words"), REQUIRED_FIELDS.items(), ids=list(REQUIRED_FIELDS))
def test_submitting_without_a_required_field_is_refused_naming_it(
    nomination_in, quota, coordinator, field, words
):
    nomination = nomination_in(Status.DRAFT)
    empty = None if field in {"date_of_birth", "graduation_year"} else ""
    Nomination.objects.filter(pk=nomination.pk).update(**{field: empty})

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    assert str(refusal.value) == f"The nomination is incomplete. Missing: {words}."
    assert status_of(nomination) == Status.DRAFT


def test_submitting_without_a_research_interest_is_refused_naming_it(
    nomination_in, quota, coordinator
):
    nomination = nomination_in(Status.DRAFT)
    nomination.interests.all().delete()

    with pytest.raises(RuleViolation, match="Missing: a research interest"):
        services.perform(nomination, "submit", actor=coordinator)


@pytest.mark.parametrize(
    ("kind", "words"),
    [("cv", "CV"), ("motivation_letter", "motivation letter"), ("transcript", "transcript")],
)
def test_submitting_without_a_required_document_is_refused_naming_it(
    season, quota, coordinator, kind, words
):
    nomination = NominationFactory(season=season)
    attach_documents(
        nomination, [k for k in ("cv", "motivation_letter", "transcript") if k != kind]
    )

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    assert str(refusal.value) == f"The nomination is incomplete. Missing: {words}."


def test_a_replaced_document_no_longer_counts_for_completeness(season, quota, coordinator):
    nomination = complete_nomination(season=season)
    nomination.documents.filter(kind="cv").update(replaced_at=berlin(2027, 1, 31, 9, 0))

    with pytest.raises(RuleViolation, match="Missing: CV"):
        services.perform(nomination, "submit", actor=coordinator)


def test_everything_missing_is_named_at_once(season, quota, coordinator):
    nomination = NominationFactory(season=season, school="", interests=[])

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)

    for words in ["school", "a research interest", "CV", "motivation letter", "transcript"]:
        assert words in str(refusal.value)


def test_a_student_one_day_short_of_18_on_the_first_day_needs_a_guardians_consent(
    season, quota, coordinator
):
    # 17 years and 364 days old on 17 July 2027
    nomination = NominationFactory(season=season, date_of_birth=dt.date(2009, 7, 18))
    attach_documents(nomination, ["cv", "motivation_letter", "transcript"])

    with pytest.raises(RuleViolation) as refusal:
        services.perform(nomination, "submit", actor=coordinator)
    assert str(refusal.value) == "The nomination is incomplete. Missing: guardian consent form."

    attach_documents(nomination, ["consent_form"])
    services.perform(nomination, "submit", actor=coordinator)
    assert status_of(nomination) == Status.SUBMITTED


def test_a_student_18_on_the_first_day_needs_no_guardians_consent(season, quota, coordinator):
    nomination = NominationFactory(season=season, date_of_birth=dt.date(2009, 7, 17))
    attach_documents(nomination, ["cv", "motivation_letter", "transcript"])

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


# --- age limits at submission -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "admitted"),
    [
        (dt.date(2011, 7, 18), False),  # 15 years and 364 days
        (dt.date(2011, 7, 17), True),  # 16 exactly: the season's minimum
        (dt.date(2004, 7, 18), True),  # 22 years and 364 days: still 22
        (dt.date(2004, 7, 17), False),  # 23 exactly: above the season's maximum of 22
    ],
    ids=["15y364d", "16", "22y364d", "23"],
)
def test_the_age_on_the_first_programme_day_must_be_within_the_seasons_limits(
    season, quota, coordinator, born, admitted
):
    nomination = NominationFactory(season=season, date_of_birth=born)
    attach_documents(nomination, ["cv", "motivation_letter", "transcript", "consent_form"])

    if admitted:
        services.perform(nomination, "submit", actor=coordinator)
        assert status_of(nomination) == Status.SUBMITTED
    else:
        with pytest.raises(RuleViolation, match="the season admits 16 to 22 years"):
            services.perform(nomination, "submit", actor=coordinator)
        assert status_of(nomination) == Status.DRAFT


def test_the_age_is_taken_on_the_first_programme_day_not_on_the_day_of_submission(
    season, quota, coordinator
):
    # 15 on the day of submission (1 February 2027), 16 on 17 July 2027
    nomination = complete_nomination(season=season, date_of_birth=dt.date(2011, 3, 1))

    services.perform(nomination, "submit", actor=coordinator)

    assert status_of(nomination) == Status.SUBMITTED


def test_the_age_limits_are_the_seasons_own(coordinator):
    season = SeasonFactory(year=2028, min_age=18, max_age=19)
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"))
    too_young = complete_nomination(season=season, date_of_birth=dt.date(2010, 7, 1))  # 18
    too_old = complete_nomination(season=season, date_of_birth=dt.date(2008, 7, 1))  # 20

    services.perform(too_young, "submit", actor=coordinator)
    with pytest.raises(RuleViolation, match="the season admits 18 to 19 years"):
        services.perform(too_old, "submit", actor=coordinator)
