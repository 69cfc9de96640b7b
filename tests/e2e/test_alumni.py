"""An alumnus's own page in a real browser, in the person's own language (Hebrew right to left,
Japanese): the consent's choices labelled in it, no accessibility violation, and saving the
consent works; and the office's survey pages pass axe in English."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ish.alumni.links import page_token
from ish.alumni.models import Alumnus, Survey
from ish.nominations.models import Nomination
from tests.e2e import test_content_security_policy
from tests.e2e.accessibility import axe_violations
from tests.e2e.test_content_security_policy import sign_in
from tests.factories import NominationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]

# The demo season; each role's demo user.
demo = test_content_security_policy.demo

# What a Hebrew and a Japanese reader find on their page, written out (not read from the code).
IN_THEIR_LANGUAGE = {
    "he": {
        "dir": "rtl",
        "name": "שמירת השם שלי",
        "city": "שמירת העיר שלי",
        "email": "שמירת כתובת הדוא״ל שלי, כדי שמשרד ISH יוכל לכתוב לי",
        "agree_and_save": "הסכמה ושמירה",
        "saved": "תודה! הבחירה שלך נשמרה.",
    },
    "ja": {
        "dir": "ltr",
        "name": "氏名を保存する",
        "city": "都市を保存する",
        "email": "ISH 事務局から連絡を受けられるよう、メールアドレスを保存する",
        "agree_and_save": "同意して保存する",
        "saved": "ありがとうございます。選択内容を保存しました。",
    },
}


def asked_in(season, language: str) -> Alumnus:
    """A participant of an ended season, asked in their language and not yet agreed."""
    nomination = NominationFactory(
        season=season,
        status=Nomination.Status.ACCEPTED,
        language=language,
        given_name="Noa" if language == "he" else "Haruto",
        email=f"alumnus.{language}@example.org",
    )
    return Alumnus.objects.create(
        nomination=nomination, season=season, language=language, asked_at=nomination.created_at
    )


@pytest.mark.parametrize("language", ["he", "ja"])
def test_an_alumnus_agrees_on_their_page_in_their_own_language(
    open_page, reference_data, season, language
):
    words = IN_THEIR_LANGUAGE[language]
    alumnus = asked_in(season, language)
    page = open_page()

    page.goto(reverse("alumni:page", args=[page_token(alumnus)]))

    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", words["dir"])
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == words["dir"]
    for field in ("name", "city", "email"):
        expect(page.get_by_label(words[field], exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label(words["name"], exact=True).check()
    page.get_by_label(words["email"], exact=True).check()
    page.locator("#id_agree").check()
    page.get_by_role("button", name=words["agree_and_save"]).click()

    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.get_by_test_id("consented")).to_be_visible()
    expect(html).to_have_attribute("lang", language)
    assert axe_violations(page) == []
    alumnus.refresh_from_db()
    assert alumnus.consent == ["name", "email"]
    assert alumnus.consent_language == language
    assert alumnus.email == f"alumnus.{language}@example.org"
    assert alumnus.city is None


def test_the_office_survey_pages_pass_axe_in_english(open_page, demo):
    page = open_page()
    sign_in(page, demo["organiser"])
    survey = Survey.objects.get()  # the demo's

    page.goto(reverse("alumni:list"))
    page.get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", name="Alumni surveys", level=1)).to_be_visible()
    expect(page.get_by_test_id("survey-table")).to_contain_text(survey.title)
    assert axe_violations(page) == []

    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_test_id("choice-counts")).to_be_visible()
    expect(page.get_by_test_id("text-answers")).to_contain_text("Sofía Hernández")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Change the survey").click()
    second = page.get_by_test_id("question-row").nth(1)
    second.get_by_label("Choices").fill("Only one")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Question 2: a question of one choice needs")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(reverse("alumni:survey_new"))
    expect(page.get_by_role("heading", name="New survey", level=1)).to_be_visible()
    assert axe_violations(page) == []
