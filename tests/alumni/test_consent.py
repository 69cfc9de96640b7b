"""Asking a season's participants, and the consent each gives, changes or withdraws through their
signed link: recorded with its date, words and version; only what they chose is stored."""

import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core import mail, serializers
from django.core.management import call_command
from django.test import Client

from ish.alumni import services, tasks
from ish.alumni.models import Alumnus, Answer, Question, Survey
from ish.errors import RuleViolation
from ish.notifications.models import OutboundEmail
from ish.seasons.models import Season
from tests.alumni.conftest import agree, alumnus_of, page_path
from tests.factories import SeasonFactory


def link_in(text: str) -> str:
    return re.search(r"http://\S+/alumni/me/\S+/", text).group(0)


def client_opens(url: str) -> int:
    return Client().get(url.removeprefix(settings.SITE_URL)).status_code


def test_each_participant_is_asked_once_by_mail_in_their_language_with_a_signed_link(
    ended, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ask_season(ended.season) == 2

    invitations = {
        m.to[0]: m for m in mail.outbox if m.extra_headers["X-ISH-Event"] == "alumni_invitation"
    }
    assert set(invitations) == {"mira.okonkwo@example.ng", "tomas.reyes@example.mx"}
    assert "Kontakt" in invitations["mira.okonkwo@example.ng"].subject
    assert "stay in touch" in invitations["tomas.reyes@example.mx"].subject
    assert OutboundEmail.objects.filter(event="alumni_invitation").count() == 2
    # Asked is not agreed: nothing of theirs is kept yet.
    assert set(Alumnus.objects.values_list("consented_at", "name", "email")) == {(None, "", "")}

    with django_capture_on_commit_callbacks(execute=True):
        assert services.ask_season(ended.season) == 0
    assert OutboundEmail.objects.filter(event="alumni_invitation").count() == 2
    assert client_opens(link_in(invitations["tomas.reyes@example.mx"].body)) == 200


def test_a_season_that_has_not_ended_is_not_asked(clock, organiser):
    season = SeasonFactory(year=2027)
    with pytest.raises(RuleViolation):
        services.ask_season(season)


def test_beat_and_the_command_ask_every_ended_season_not_asked_yet(ended):
    assert tasks.ask_ended_seasons() == 2
    assert tasks.ask_ended_seasons() == 0
    call_command("ask_alumni", season=2027)
    assert Alumnus.objects.count() == 2


def test_the_consent_is_recorded_with_its_date_wording_in_the_language_shown_and_version(
    asked, client
):
    mira = alumnus_of(asked.mira)
    page = client.get(page_path(mira))
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "de"

    response = agree(client, mira, "name", "lab", "later_studies", later_studies="Biochemie, Kiel")

    assert response.status_code == 302
    mira.refresh_from_db()
    assert mira.consent == ["name", "lab", "later_studies"]
    assert mira.consented_at is not None
    assert mira.consent_language == "de"
    assert mira.consent_wording.startswith("Ich bin einverstanden, dass das ISH-Büro")
    assert mira.consent_version
    assert (mira.name, mira.lab, mira.later_studies) == (
        "Mira Okonkwo",
        asked.lab,
        "Biochemie, Kiel",
    )
    # Not consented: never stored.
    assert (mira.email, mira.city) == ("", None)


def test_the_consent_needs_the_agreement_and_one_detail(asked, client):
    tomas = alumnus_of(asked.tomas)

    without_agreement = client.post(page_path(tomas), {"action": "consent", "keep_name": "on"})
    nothing_ticked = agree(client, tomas)

    assert without_agreement.status_code == nothing_ticked.status_code == 200
    assert "Tick at least one detail" in nothing_ticked.content.decode()
    tomas.refresh_from_db()
    assert tomas.consented_at is None
    assert tomas.name == ""


def test_an_update_keeps_exactly_the_new_choice(asked, client):
    tomas = alumnus_of(asked.tomas)
    agree(client, tomas, "name", "email", "city")

    agree(client, tomas, "email")

    tomas.refresh_from_db()
    assert tomas.consent == ["email"]
    assert (tomas.name, tomas.city, tomas.email) == ("", None, "tomas.reyes@example.mx")


def test_withdrawal_deletes_the_kept_details_answers_and_mail_texts_at_once(
    asked, client, organiser
):
    tomas = alumnus_of(asked.tomas)
    agree(client, tomas, "name", "email", "later_studies", later_studies="Physics at ETH")
    tomas.refresh_from_db()
    survey = Survey.objects.create(title="Careers")
    question = Question.objects.create(survey=survey, text="Where do you work?")
    services.answer_survey(tomas, survey, {question.pk: "CERN"})
    services.send_group_mail(Alumnus.objects.all(), subject="Reunion", body="Come!", by=organiser)

    response = client.post(page_path(tomas), {"action": "withdraw"})

    assert response.status_code == 200
    assert "deleted now" in response.content.decode()
    tomas.refresh_from_db()
    assert (tomas.consent, tomas.consented_at) == ([], None)
    assert tomas.withdrawn_at is not None
    assert (tomas.name, tomas.email, tomas.later_studies, tomas.consent_wording) == ("", "", "", "")
    assert not Answer.objects.exists()
    sent = OutboundEmail.objects.get(event="alumni_mail")
    assert (sent.to, sent.subject, sent.body_text) == ("", "", "")
    # Withdrawn is not asked again.
    assert services.ask_season(asked.season) == 0


def test_a_tampered_link_is_refused(asked, client):
    path = page_path(alumnus_of(asked.tomas))
    token = path.split("/")[-2]
    tampered = path.replace(token, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])

    response = client.get(tampered)

    assert response.status_code == 404
    page = response.content.decode()
    assert "This link is no longer valid" in page
    assert "Nothing is kept about you as an ISH alumnus under this link" in page
    assert "It may have expired" not in page
    assert client.post(tampered, {"action": "withdraw"}).status_code == 404
    assert Alumnus.objects.filter(withdrawn_at__isnull=False).count() == 0


def test_the_unsubscribe_token_does_not_open_the_alumnus_page(asked, client):
    from ish.alumni import links

    token = links.unsubscribe_token(alumnus_of(asked.tomas))

    assert client.get(f"/alumni/me/{token}/").status_code == 404


def test_the_mailed_link_opens_the_page_without_signing_in(asked, client):
    message = OutboundEmail.objects.get(event="alumni_invitation", to="tomas.reyes@example.mx")

    response = client.get(link_in(message.body_text).removeprefix(settings.SITE_URL))

    assert response.status_code == 200
    assert "Stay in touch with the ISH" in response.content.decode()


def test_a_survey_is_answered_through_the_link(asked, client):
    tomas = alumnus_of(asked.tomas)
    agree(client, tomas, "name")
    tomas.refresh_from_db()
    survey = Survey.objects.create(title="Careers")
    where = Question.objects.create(survey=survey, text="Where do you work?", position=1)
    helped = Question.objects.create(
        survey=survey, text="Did the ISH help?", kind="choice", choices="Yes\nNo", position=2
    )
    prefix = f"survey-{survey.pk}"

    response = client.post(
        page_path(tomas),
        {"action": prefix, f"{prefix}-q{where.pk}": "CERN", f"{prefix}-q{helped.pk}": "Yes"},
    )

    assert response.status_code == 302
    assert dict(Answer.objects.values_list("question__text", "text")) == {
        "Where do you work?": "CERN",
        "Did the ISH help?": "Yes",
    }


def test_someone_asked_who_has_not_agreed_sees_no_survey(asked, client):
    Survey.objects.create(title="Careers")

    assert "Careers" not in client.get(page_path(alumnus_of(asked.tomas))).content.decode()
    assert Season.objects.count() == 1


def test_the_audit_trail_keeps_no_kept_detail_of_an_alumnus(asked, client):
    mira = alumnus_of(asked.mira)
    agree(client, mira, "name", "city", "lab", "email", "later_studies", later_studies="Kiel")
    client.post(page_path(mira), {"action": "withdraw"})

    entries = LogEntry.objects.filter(content_type__model="alumnus")
    text = serializers.serialize("json", entries)

    assert entries.exists()
    for secret in ("Okonkwo", "mira.okonkwo", "Kiel"):
        assert secret not in text
    for entry in entries:
        for name in ("city", "lab"):
            assert set((entry.changes or {}).get(name, [])) <= {"***", "", "None", None}
