"""The nomination form reports every error in one round, marks no field as correct, tells what a
draft needs from what a submission needs, and refuses a text over its limit instead of cutting
it."""

import re

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.seasons.models import City
from tests.factories import NominationFactory
from tests.nominations.page_requests import CREATE, error_on, messages_of
from tests.nominations.test_pages_form import form_data

# Every test runs on 1 February 2027, before the deadline, with Kumamoto's quota of 2 + 1.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

# The season admits 16 to 22 years on its first day (5 July 2027).
BORN_IN_2030 = "2030-03-01"


def test_three_independent_errors_are_all_shown_in_one_response(client_for, season):
    response = client_for("coordinator").post(
        CREATE, form_data(date_of_birth=BORN_IN_2030, graduation_year="1850", family_name="")
    )

    assert response.status_code == 200
    assert "The student is -3 on the first programme day" in error_on(response, "date_of_birth")
    assert "greater than or equal to 2000" in error_on(response, "graduation_year")
    assert error_on(response, "family_name") == "This field is required."
    assert not Nomination.objects.exists()


def test_an_address_taken_is_shown_with_an_error_of_another_field(client_for, season):
    NominationFactory(season=season, email="yui@example.jp")

    response = client_for("coordinator").post(CREATE, form_data(given_name=""))

    assert error_on(response, "given_name") == "This field is required."
    assert "already nominated for this season" in error_on(response, "email")


def test_repeated_interests_are_shown_with_an_error_of_another_field(client_for, season):
    data = form_data(graduation_year="1850")
    data["interest_2"] = data["interest_1"]

    response = client_for("coordinator").post(CREATE, data)

    assert "greater than or equal to 2000" in error_on(response, "graduation_year")
    assert error_on(response, "interest_1") == "Each research interest may be chosen once."


def test_an_organisers_draft_is_judged_against_the_season_chosen_in_the_form(client_for, season):
    montpellier = City.objects.get(slug="montpellier")
    data = form_data(
        season=season.pk, city=montpellier.pk, date_of_birth=BORN_IN_2030, given_name=""
    )

    response = client_for("organiser").post(CREATE, data)

    assert error_on(response, "given_name") == "This field is required."
    assert "on the first programme day" in error_on(response, "date_of_birth")


def test_editing_reports_all_errors_at_once_and_leaves_the_title_as_it_was(client_for, draft):
    url = reverse("participants:nomination_edit", args=[draft.pk])

    response = client_for("coordinator").post(
        url, form_data(email=draft.email, given_name="", date_of_birth=BORN_IN_2030)
    )

    assert error_on(response, "given_name") == "This field is required."
    assert "on the first programme day" in error_on(response, "date_of_birth")
    assert f"Edit {draft.full_name}" in response.content.decode()
    assert Nomination.objects.get(pk=draft.pk).given_name == draft.given_name


def test_no_field_is_marked_as_correct_after_a_refused_post(client_for, season):
    response = client_for("coordinator").post(CREATE, form_data(given_name=""))

    html = response.content.decode()
    assert "is-invalid" in html
    assert "is-valid" not in html.replace("is-invalid", "")


def test_an_untouched_form_marks_no_field(client_for, season):
    html = client_for("coordinator").get(CREATE).content.decode()

    assert "is-valid" not in html
    assert "is-invalid" not in html


def test_fields_needed_to_submit_are_marked_apart_from_those_needed_to_save(client_for, season):
    html = client_for("coordinator").get(CREATE).content.decode()

    def marks(name: str) -> tuple[list[str], str]:
        """The classes of the field's wrapper, and what is shown beside its label."""
        wrapper = re.search(
            rf'<div class="([^"]*)"><label[^>]*for="id_{name}"[^>]*>.*?</label>'
            r"(.*?)<(?:input|select|textarea)",
            html,
            re.S,
        )
        assert wrapper, name
        return wrapper.group(1), wrapper.group(2)

    classes, label = marks("given_name")
    assert "required" in classes.split()
    assert "required to submit" not in label
    described = re.search(r'<textarea name="motivation"[^>]*aria-describedby="([^"]*)"', html)
    assert "id_motivation_submit" in described.group(1).split()
    for name in ("date_of_birth", "school", "graduation_year", "motivation", "interest_1"):
        classes, label = marks(name)
        assert "required" not in classes.split(), name
        assert "required to submit" in label, name
    for name in ("phone", "interest_2", "passport_number"):
        classes, label = marks(name)
        assert "required" not in classes.split(), name
        assert "required to submit" not in label, name


def test_a_text_over_its_limit_is_refused_with_the_field_and_the_limit(client_for, season):
    response = client_for("coordinator").post(CREATE, form_data(motivation="x" * 10_000))

    assert error_on(response, "motivation") == (
        "“Motivation” may have at most 5000 characters; this text has 10000."
    )
    assert not Nomination.objects.exists()


def test_the_browser_is_told_the_limit_but_never_to_cut_a_text(client_for, season):
    html = client_for("coordinator").get(CREATE).content.decode()

    assert "maxlength=" not in html.replace("data-maxlength=", "")
    textarea = re.search(r'<textarea name="motivation"[^>]*>', html).group(0)
    assert 'data-maxlength="5000"' in textarea
    assert "id_motivation_count" in textarea  # aria-describedby: the counter
    assert re.search(r'id="id_motivation_count"[^>]*>At most 5000 characters.<', html)
    assert "ish/forms.js" in html


def test_a_comment_over_its_limit_is_refused_naming_it_and_nothing_happens(
    client_for, nomination_in
):
    submitted = nomination_in(Nomination.Status.SUBMITTED)
    url = reverse("participants:nomination_action", args=[submitted.pk])

    response = client_for("organiser").post(url, {"action": "accept", "comment": "x" * 2001})

    assert "“Comment” may have at most 2000 characters; this text has 2001." in messages_of(
        response
    )
    assert Nomination.objects.get(pk=submitted.pk).status == Nomination.Status.SUBMITTED
