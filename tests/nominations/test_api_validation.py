"""The nominations API's answers to refused input: a 400 naming the field for an invalid value, a
409 naming the rule for a broken one."""

import datetime as dt

import pytest

from ish.nominations.models import Nomination
from tests.factories import BERLIN, NominationFactory, SeasonFactory
from tests.nominations.api_requests import LIST, creation_payload, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "haruto-at-example"}, "email"),
        ({"date_of_birth": "2008-02-30"}, "date_of_birth"),
        ({"date_of_birth": "1 September 2008"}, "date_of_birth"),
        ({"research_interests": ["alchemy"]}, "research_interests"),
        (
            {"research_interests": ["physics", "biology", "chemistry", "medicine"]},
            "research_interests",
        ),
        ({"research_interests": ["physics", "physics"]}, "research_interests"),
        ({"research_interests": "physics"}, "research_interests"),
        ({"date_of_birth": "2012-01-01"}, "date_of_birth"),  # 15 on the first programme day
        ({"date_of_birth": "2001-01-01"}, "date_of_birth"),  # 26
        ({"english_level": "D1"}, "english_level"),
        ({"german_level": "fluent"}, "german_level"),
        ({"nationality": "XX"}, "nationality"),
        ({"gender": "unknown"}, "gender"),
        ({"language": "xx"}, "language"),
        ({"phone": "call me"}, "phone"),
        ({"graduation_year": 1900}, "graduation_year"),
        ({"season": 987654}, "season"),
        ({"city": "atlantis"}, "city"),
        ({"given_name": ""}, "given_name"),
        ({"arrival_at": "2027-07-20T10:00:00+02:00", "departure_at": "2027-07-19T10:00:00+02:00"},
         "departure_at"),
    ],
    ids=[
        "email", "date", "date-format", "unknown-field", "four-interests", "repeated-interest",
        "interests-not-a-list", "too-young", "too-old", "cefr", "german-level", "country",
        "gender", "language", "phone", "graduation-year", "season", "city", "empty-name",
        "departure-before-arrival",
    ],
)  # fmt: skip
def test_invalid_input_is_a_400_naming_the_field_and_saves_nothing(api_as, world, change, field):
    response = api_as("organiser").post(
        LIST, creation_payload(world.season, city="kumamoto") | change
    )

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_a_student_may_get_their_e_mails_in_any_offered_language(api_as, world, language):
    response = api_as("organiser").post(
        LIST, creation_payload(world.season, city="kumamoto", language=language)
    )

    assert response.status_code == 201, response.content
    assert response.json()["language"] == language
    assert Nomination.objects.get().language == language


def test_a_language_not_offered_is_a_400_naming_the_field(api_as, world):
    response = api_as("organiser").post(
        LIST, creation_payload(world.season, city="kumamoto", language="xx")
    )

    assert response.status_code == 400
    assert response.json() == {"language": ['"xx" is not a valid choice.']}


def test_a_second_nomination_with_the_same_e_mail_in_the_season_is_a_400_naming_email(
    api_as, world, nomination_of
):
    nomination_of("foreign", email="aiko@example.jp")

    response = api_as("coordinator").post(
        LIST, creation_payload(world.season, email="Aiko@Example.jp")
    )

    assert response.status_code == 400
    assert response.json() == {
        "email": ["A student with this e-mail address is already nominated for this season."]
    }


def test_the_same_e_mail_in_another_season_is_fine(api_as, world, nomination_of):
    later = SeasonFactory(year=2028)
    nomination_of("own", email="aiko@example.jp")

    response = api_as("coordinator").post(
        LIST, creation_payload(later, email="aiko@example.jp", date_of_birth="2009-09-01")
    )

    assert response.status_code == 201, response.json()


def test_invalid_changes_to_a_draft_are_400_naming_the_field(api_as, nomination_of):
    nomination = nomination_of("own")
    taken = nomination_of("own")

    for change, field in [
        ({"email": taken.email.upper()}, "email"),
        ({"research_interests": ["biology", "alchemy"]}, "research_interests"),
        ({"date_of_birth": "2015-05-05"}, "date_of_birth"),
    ]:
        response = api_as("coordinator").patch(url(nomination), change)
        assert response.status_code == 400, (change, response.content)
        assert field in response.json()

    fresh = Nomination.objects.get(pk=nomination.pk)
    assert (fresh.email, fresh.date_of_birth) == (nomination.email, nomination.date_of_birth)


# --- rules: 409 with the rule in `detail` -----------------------------------------------------


def test_submitting_an_incomplete_nomination_is_a_409_naming_what_is_missing(
    api_as, world, nomination_of
):
    nomination = NominationFactory(season=world.season, school="")

    response = api_as("coordinator").post(url(nomination, "submit/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The nomination is incomplete. "
        "Missing: school, CV, motivation letter, transcript."
    }


def test_submitting_beyond_the_quota_is_a_409(api_as, world, nomination_of):
    world.kumamoto.quotas.update(places=1, alternates=0)
    nomination_of("own", Status.SUBMITTED)
    another = nomination_of("own")

    response = api_as("coordinator").post(url(another, "submit/"))

    assert response.status_code == 409
    assert "quota of Kumamoto is full" in response.json()["detail"]


def test_submitting_after_the_deadline_is_a_409_for_a_coordinator_only(
    api_as, nomination_of, before_the_deadline
):
    first, second = nomination_of("own"), nomination_of("own")
    before_the_deadline.move_to(dt.datetime(2027, 4, 2, tzinfo=BERLIN))

    refused = api_as("coordinator").post(url(first, "submit/"))
    edited = api_as("coordinator").patch(url(second), {"school": "Late"})
    organiser = api_as("organiser").post(url(first, "submit/"))

    assert refused.status_code == 409
    assert "deadline" in refused.json()["detail"]
    assert edited.status_code == 409
    assert "deadline" in edited.json()["detail"]
    assert organiser.status_code == 200


def test_an_organiser_extends_a_citys_deadline_through_the_quota(
    api_as, world, nomination_of, before_the_deadline
):
    nomination = nomination_of("own")
    before_the_deadline.move_to(dt.datetime(2027, 4, 2, tzinfo=BERLIN))
    quota = world.kumamoto.quotas.get()

    extended = api_as("organiser").patch(
        f"/api/v1/quotas/{quota.pk}/", {"deadline": "2027-04-09T23:59:00+02:00"}
    )
    submitted = api_as("coordinator").post(url(nomination, "submit/"))

    assert extended.status_code == 200, extended.json()
    assert submitted.status_code == 200


def test_an_illegal_transition_is_a_409_naming_it(api_as, nomination_of):
    nomination = nomination_of("own")

    response = api_as("organiser").post(url(nomination, "accept/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A nomination with the status “draft” cannot move to “accepted”."
    }


def test_accepting_beyond_the_places_is_a_409_unless_over_the_quota(api_as, world, nomination_of):
    world.kumamoto.quotas.update(places=1, alternates=5)
    nomination_of("own", Status.ACCEPTED)
    waiting = nomination_of("own", Status.SUBMITTED)

    refused = api_as("organiser").post(url(waiting, "accept/"))
    forced = api_as("organiser").post(url(waiting, "accept/"), {"over_quota": True})

    assert refused.status_code == 409
    assert "All 1 places of Kumamoto are taken" in refused.json()["detail"]
    assert forced.status_code == 200
    assert forced.json()["status"] == "accepted"


def test_a_coordinator_cannot_change_or_delete_a_submitted_nomination(api_as, nomination_of):
    nomination = nomination_of("own", Status.SUBMITTED)

    changed = api_as("coordinator").patch(url(nomination), {"school": "Changed"})
    deleted = api_as("coordinator").delete(url(nomination))

    assert changed.status_code == 409
    assert "Only drafts can be changed" in changed.json()["detail"]
    assert deleted.status_code == 409
    assert Nomination.objects.get(pk=nomination.pk).school != "Changed"


def test_an_organiser_cannot_delete_a_submitted_nomination(api_as, nomination_of):
    nomination = nomination_of("own", Status.SUBMITTED)

    response = api_as("organiser").delete(url(nomination))

    assert response.status_code == 409
    assert "withdraw" in response.json()["detail"]
    assert Nomination.objects.filter(pk=nomination.pk).exists()
