"""The real retention run on a season with an alumnus who opted in and a participant who did not:
the alumnus keeps exactly what they agreed to, detached from the anonymised nomination; the rest
goes."""

import datetime as dt

import pytest
from django.core import serializers

from ish.alumni import services
from ish.alumni.models import Alumnus, Answer, Question, Survey
from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.retention.services import anonymise_season
from tests.alumni.conftest import agree, alumnus_of, page_path
from tests.factories import BERLIN

# 12 months after the season's last day (13 August 2027).
DUE_2027 = dt.datetime(2028, 8, 15, 4, 0, tzinfo=BERLIN)


@pytest.fixture
def run(asked, clock, client):
    """Mira agreed to keep her name, her lab and her later studies (not her e-mail or city) and
    answered a survey; Tomás never answered. Then the season's data is due and the run runs."""
    mira = alumnus_of(asked.mira)
    agree(client, mira, "name", "lab", "later_studies", later_studies="Biochemie, Kiel")
    mira.refresh_from_db()
    survey = Survey.objects.create(title="Careers")
    question = Question.objects.create(survey=survey, text="Where do you work?")
    services.answer_survey(mira, survey, {question.pk: "Max Planck Institute"})
    clock.move_to(DUE_2027)
    anonymise_season(asked.season)
    return asked


def test_the_opted_in_alumnus_keeps_exactly_the_consented_fields(run):
    (alumnus,) = Alumnus.objects.all()

    assert alumnus.nomination is None
    assert alumnus.consent == ["name", "lab", "later_studies"]
    assert (alumnus.name, alumnus.lab, alumnus.later_studies) == (
        "Mira Okonkwo",
        run.lab,
        "Biochemie, Kiel",
    )
    assert (alumnus.email, alumnus.city) == ("", None)
    assert alumnus.consent_wording.startswith("Ich bin einverstanden")
    assert Answer.objects.get(alumnus=alumnus).text == "Max Planck Institute"


def test_the_participant_who_did_not_opt_in_leaves_nothing_behind(run):
    stored = serializers.serialize("json", [*Alumnus.objects.all(), *Answer.objects.all()])

    assert "Reyes" not in stored
    assert "tomas" not in stored.lower()
    assert Nomination.objects.get(pk=run.tomas.pk).family_name == "R."


def test_the_nomination_itself_is_anonymised_as_ever(run):
    nomination = Nomination.objects.get(pk=run.mira.pk)

    assert (nomination.given_name, nomination.family_name, nomination.email) == ("M.", "O.", "")


def test_the_alumnus_link_still_works_and_a_detail_given_up_cannot_come_back(run, client):
    alumnus = Alumnus.objects.get()
    assert client.get(page_path(alumnus)).status_code == 200

    with pytest.raises(RuleViolation):
        services.record_consent(alumnus, fields=["name", "email"])

    services.record_consent(alumnus, fields=["name"])
    alumnus.refresh_from_db()
    assert (alumnus.name, alumnus.lab, alumnus.later_studies) == ("Mira Okonkwo", None, "")


def test_withdrawing_after_the_run_deletes_the_alumnus_at_once(run, client):
    alumnus = Alumnus.objects.get()

    response = client.post(page_path(alumnus), {"action": "withdraw"})

    assert response.status_code == 200
    assert not Alumnus.objects.exists()
    assert not Answer.objects.exists()
    assert client.get(page_path(alumnus)).status_code == 404
