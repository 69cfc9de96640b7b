"""The public NYSF application reports every error in one round (the service's rules with the
form's), marks no field as correct and refuses a text over its limit instead of cutting it."""

import pytest
from django.urls import reverse

from ish.exchange.models import Application
from tests.exchange.test_public import years_ago
from tests.factories import ApplicationFactory, ApplicationFormFactory

pytestmark = pytest.mark.django_db

APPLY = reverse("exchange:apply")


@pytest.fixture
def form_data(open_season, school):
    def data(**fields) -> dict:
        values = ApplicationFormFactory(**{"school": school.pk, **fields})
        return {name: value for name, value in values.items() if value is not None}

    return data


def test_the_services_rules_are_reported_with_the_forms_own_errors(client, form_data, open_season):
    ApplicationFactory(season=open_season, school__name="Bunsen-Gymnasium")  # her school's place

    response = client.post(
        APPLY,
        form_data(
            graduation_year="1999",
            date_of_birth=years_ago(17).isoformat(),  # a minor: the consent form is needed
            email="lea.hoffmann@example.de",
            nominator_email="Lea.Hoffmann@example.de",
        ),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"graduation_year", "school", "nominator_email", "consent_form"}
    assert errors["school"] == [
        "Bunsen-Gymnasium has already nominated its 1 female candidate for 2027."
    ]
    assert errors["consent_form"] == ["Please attach this document."]
    assert Application.objects.count() == 1


def test_a_long_motivation_is_refused_naming_the_field_and_its_limit(client, form_data):
    response = client.post(APPLY, form_data(motivation="x" * 10_000))

    assert response.context["form"].errors["motivation"] == [
        "“Motivation (in English)” may have at most 5000 characters; this text has 10000."
    ]
    assert not Application.objects.exists()


def test_the_form_marks_no_field_as_correct_and_cuts_no_text(client, form_data):
    untouched = client.get(APPLY).content.decode()
    refused = client.post(APPLY, form_data(given_name="")).content.decode()

    for html in (untouched, refused):
        assert "is-valid" not in html.replace("is-invalid", "")
        assert "maxlength=" not in html.replace("data-maxlength=", "")
    assert 'data-maxlength="5000"' in untouched
    assert "ish/forms.js" in untouched
