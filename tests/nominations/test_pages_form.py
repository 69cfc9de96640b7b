"""The nomination form: its fields, its errors shown beside them, creating and editing drafts, and
deleting them."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.seasons.models import City, ResearchField
from tests.factories import NominationFactory
from tests.nominations.page_requests import AFTER_THE_DEADLINE, CREATE, error_on, messages_of

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

Status = Nomination.Status


def form_data(**changes) -> dict:
    data = {
        "given_name": "Yui",
        "family_name": "Nakamura",
        "date_of_birth": "2008-06-01",
        "gender": "female",
        "email": "yui@example.jp",
        "phone": "+81 96 123 4567",
        "nationality": "JP",
        "language": "en",
        "school": "Kumamoto High School",
        "graduation_year": "2027",
        "english_level": "B2",
        "german_level": "A1",
        "interest_1": ResearchField.objects.get(slug="chemistry").pk,
        "interest_2": ResearchField.objects.get(slug="biology").pk,
        "interest_3": "",
        "motivation": "Proteins.",
        "passport_number": "TZ123",
        "dietary_requirements": "",
        "medical_notes": "",
        "allergies": "",
        "emergency_contact_name": "Mother",
        "emergency_contact_phone": "",
    }
    return data | changes


# --- the form --------------------------------------------------------------------------------


def test_the_form_marks_required_names_and_uses_email_and_date_inputs(client_for, season, quota):
    html = client_for("coordinator").get(CREATE).content.decode()

    assert re.search(r'<input type="text" name="given_name"[^>]*required', html)
    assert re.search(r'<input type="text" name="family_name"[^>]*required', html)
    assert re.search(r'<input type="email" name="email"', html)
    assert re.search(r'<input type="date" name="date_of_birth"', html)
    assert 'data-testid="sensitive-fields"' in html
    assert 'name="passport_number"' in html
    assert 'name="city"' not in html  # a coordinator nominates for their own city


def test_the_coordinator_creates_a_draft_through_the_form(client_for, season, quota, coordinator):
    response = client_for("coordinator").post(CREATE, form_data())

    nomination = Nomination.objects.get(email="yui@example.jp")
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:detail", args=[nomination.pk])
    assert nomination.city.slug == "kumamoto"
    assert nomination.status == Status.DRAFT
    assert nomination.date_of_birth == dt.date(2008, 6, 1)
    assert nomination.passport_number == "TZ123"
    assert [i.field.slug for i in nomination.interests.all()] == ["chemistry", "biology"]
    assert nomination.changes.get().actor == coordinator
    assert "Yui Nakamura (Kumamoto, 2027) is nominated as a draft." in messages_of(response)


def test_a_missing_name_and_a_bad_email_are_shown_beside_their_fields(client_for, season, quota):
    response = client_for("coordinator").post(CREATE, form_data(given_name="", email="yui@"))

    assert response.status_code == 200
    assert error_on(response, "given_name") == "This field is required."
    assert error_on(response, "email") == "Enter a valid email address."
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_a_student_may_get_their_e_mails_in_any_offered_language(client_for, language):
    response = client_for("coordinator").post(CREATE, form_data(language=language))

    assert response.status_code == 302
    assert Nomination.objects.get(email="yui@example.jp").language == language


def test_a_language_not_offered_is_refused_beside_its_field(client_for):
    response = client_for("coordinator").post(CREATE, form_data(language="xx"))

    assert error_on(response, "language") == (
        "Select a valid choice. xx is not one of the available choices."
    )
    assert not Nomination.objects.exists()


def test_a_student_too_old_for_the_season_is_refused_beside_the_date_of_birth(
    client_for, season, quota
):
    response = client_for("coordinator").post(CREATE, form_data(date_of_birth="2000-01-01"))

    assert "the season admits 16 to 22 years" in error_on(response, "date_of_birth")
    assert not Nomination.objects.exists()


def test_the_same_research_interest_twice_is_refused_beside_the_interests(
    client_for, season, quota
):
    biology = ResearchField.objects.get(slug="biology").pk

    response = client_for("coordinator").post(
        CREATE, form_data(interest_1=biology, interest_2=biology)
    )

    assert error_on(response, "interest_1") == "Each research interest may be chosen once."


def test_an_address_nominated_already_this_season_is_refused_beside_the_email(
    client_for, season, quota
):
    NominationFactory(season=season, email="Yui@Example.jp")

    response = client_for("coordinator").post(CREATE, form_data())

    assert "already nominated for this season" in error_on(response, "email")
    assert Nomination.objects.count() == 1


def test_after_the_deadline_the_form_sends_the_coordinator_back_with_the_reason(
    client_for, season, quota
):
    with time_machine.travel(AFTER_THE_DEADLINE):
        response = client_for("coordinator").post(CREATE, form_data())

    assert response.status_code == 302
    assert "deadline of Kumamoto passed" in " ".join(messages_of(response))
    assert not Nomination.objects.exists()


def test_the_organiser_nominates_for_the_city_they_choose(client_for, season, quota, organiser):
    montpellier = City.objects.get(slug="montpellier")
    data = form_data(season=season.pk, city=montpellier.pk)

    form = client_for("organiser").get(CREATE).content.decode()
    response = client_for("organiser").post(CREATE, data)

    assert 'name="city"' in form
    assert response.status_code == 302
    assert Nomination.objects.get().city == montpellier


def test_the_coordinator_edits_a_draft_and_reorders_its_interests(client_for, draft):
    physics = ResearchField.objects.get(slug="physics").pk
    biology = ResearchField.objects.get(slug="biology").pk
    form = client_for("coordinator").get(reverse("participants:nomination_edit", args=[draft.pk]))
    assert 'value="Aiko"' in form.content.decode()

    response = client_for("coordinator").post(
        reverse("participants:nomination_edit", args=[draft.pk]),
        form_data(email=draft.email, school="Seiseiko", interest_1=physics, interest_2=biology),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.school == "Seiseiko"
    assert [i.field.slug for i in draft.interests.all()] == ["physics", "biology"]


def test_a_submitted_nomination_is_not_editable_by_its_coordinator(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)
    url = reverse("participants:nomination_edit", args=[submitted.pk])

    shown = client_for("coordinator").get(url)
    posted = client_for("coordinator").post(url, form_data(email=submitted.email))

    for response in (shown, posted):
        assert response.status_code == 302
        assert response["Location"] == reverse("nominations:detail", args=[submitted.pk])
        assert "Only drafts can be changed" in " ".join(messages_of(response))
    submitted.refresh_from_db()
    assert submitted.given_name == "Aiko"


def test_the_organiser_may_correct_a_submitted_nomination(client_for, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    response = client_for("organiser").post(
        reverse("participants:nomination_edit", args=[submitted.pk]),
        form_data(email=submitted.email, given_name="Aico"),
    )

    assert response.status_code == 302
    assert Nomination.objects.get(pk=submitted.pk).given_name == "Aico"


def test_a_draft_is_deleted_but_a_submitted_one_only_withdrawn(client_for, draft, nomination_in):
    submitted = nomination_in(Status.SUBMITTED)

    deleted = client_for("coordinator").post(reverse("nominations:delete", args=[draft.pk]))
    refused = client_for("coordinator").post(reverse("nominations:delete", args=[submitted.pk]))

    assert deleted.status_code == 302
    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert "Only drafts can be changed" in " ".join(messages_of(refused))
    assert Nomination.objects.filter(pk=submitted.pk).exists()
