"""A participant's certificate: the name in every script read back from the PDF as stored, the
city, lab, supervisor and project (from the presentation, the placement otherwise), the dates,
two signature blocks, its languages, and its reference number kept when it is generated again."""

import logging

import pytest
from django.core.exceptions import ValidationError

from ish.errors import RuleViolation
from ish.letters import certificates
from ish.letters.certificates import certificate_for, facts_of
from ish.letters.models import IssuedLetter, LetterText
from ish.nominations.models import Nomination
from ish.programme.completion import set_completion
from tests.letters.certificate_data import NAMES, PROJECT, after_the_programme
from tests.letters.pdf import page_count, pdf_text

pytestmark = pytest.mark.django_db


def stored_name(nomination: Nomination) -> str:
    nomination.refresh_from_db()
    return f"{nomination.given_name} {nomination.family_name}"


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("script", list(NAMES))
def test_the_name_read_back_from_the_certificate_equals_the_stored_one(farewell, script, caplog):
    person = farewell.people[script]
    with after_the_programme(), caplog.at_level(logging.WARNING, logger="weasyprint"):
        letter, pdf = certificate_for(person, "en", user=farewell.organiser)

    assert stored_name(person) in pdf_text(pdf)
    assert letter.name_printed == stored_name(person)
    assert page_count(pdf) == 1
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_the_certificate_says_city_lab_supervisor_project_dates_and_has_two_signatures(farewell):
    with after_the_programme():
        letter, pdf = certificate_for(farewell.people["Latin"], "en", user=farewell.organiser)

    text = one_line(pdf_text(pdf))
    assert "Certificate" in text
    assert "from Kumamoto took part" in text
    assert "Genome Lab, European Molecular Biology Laboratory" in text
    assert "supervision of Dr. Jonas Klein" in text  # the presentation's supervisor
    assert f"“{PROJECT}”" in text
    assert "17 July 2027" in text
    assert "13 August 2027" in text
    assert "Eckart Würzner" in text
    assert "Mayor" in text
    assert "Dr. Anna Berger" in text
    assert "Head of the ISH office" in text
    assert letter.reference in text
    assert letter.reference.startswith("ISH-2027-CRT-")


def test_without_a_presentation_the_lab_head_is_the_supervisor(farewell):
    facts = facts_of([farewell.people["Cyrillic"].pk])[farewell.people["Cyrillic"].pk]

    assert facts.supervisor == "Prof. Ruth Weber"
    assert facts.lab == "Genome Lab, European Molecular Biology Laboratory"
    assert facts.project == ""


def test_the_german_certificate_is_an_urkunde_in_german(farewell):
    with after_the_programme():
        _letter, pdf = certificate_for(farewell.people["Hebrew"], "de", user=farewell.organiser)

    text = one_line(pdf_text(pdf))
    assert "Urkunde" in text
    assert "aus Rehovot vom 17. Juli 2027 bis zum 13. August 2027" in text


def test_the_participants_language_is_offered_once_the_office_wrote_it(farewell):
    person = farewell.people["Japanese"]
    Nomination.objects.filter(pk=person.pk).update(language="ja")
    person.refresh_from_db()

    assert certificates.languages_for(person) == ["en", "de"]
    with pytest.raises(ValidationError) as refused:
        certificates.checked_language(person, "ja")
    assert set(refused.value.message_dict) == {"language"}

    LetterText.objects.create(
        kind="certificate",
        language="ja",
        title="修了証書",
        opening="",
        body="{name}は{season}年のプログラムを修了しました。",
        closing="",
    )
    assert certificates.languages_for(person) == ["en", "de", "ja"]
    with after_the_programme():
        _letter, pdf = certificate_for(person, "ja", user=farewell.organiser)
    text = pdf_text(pdf)
    assert "修了証書" in text
    assert stored_name(person) in text


def test_an_unknown_language_is_refused_naming_language(farewell):
    with pytest.raises(ValidationError) as refused:
        certificates.checked_language(farewell.people["Latin"], "xx")

    assert set(refused.value.message_dict) == {"language"}


def test_no_certificate_while_the_programme_is_not_completed_and_the_rule_is_named(farewell):
    person = set_completion(farewell.people["Latin"], False, actor=farewell.organiser)

    with after_the_programme(), pytest.raises(RuleViolation) as refused:
        certificate_for(person, "en", user=farewell.organiser)

    assert "has not completed the programme" in refused.value.message
    assert "absent at no more than 2" in refused.value.message
    assert not IssuedLetter.objects.exists()


def test_generated_again_it_keeps_its_reference_and_prints_the_corrected_name(farewell):
    person = farewell.people["Latin"]
    with after_the_programme():
        first, _pdf = certificate_for(person, "en", user=farewell.organiser)
        Nomination.objects.filter(pk=person.pk).update(family_name="Šimůnková")
        person.refresh_from_db()
        again, pdf = certificate_for(person, "en", user=farewell.organiser)
        german, _pdf = certificate_for(person, "de", user=farewell.organiser)

    assert again.pk == first.pk
    assert again.reference == first.reference
    assert again.name_printed == "Zoë Šimůnková"
    assert "Zoë Šimůnková" in pdf_text(pdf).splitlines()
    assert german.reference != first.reference  # one certificate per language
    assert IssuedLetter.objects.filter(kind="certificate").count() == 2


def test_a_revoked_certificate_is_replaced_by_a_new_reference(farewell):
    person = farewell.people["Latin"]
    with after_the_programme():
        first, _pdf = certificate_for(person, "en", user=farewell.organiser)
        IssuedLetter.objects.filter(pk=first.pk).update(revoked_at=first.issued_at)
        again, _pdf = certificate_for(person, "en", user=farewell.organiser)

    assert again.reference != first.reference
