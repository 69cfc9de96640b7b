"""A score's range is the service's rule, and a comment's length one limit: the review page and
the API refuse the same input with the same message."""

import pytest
from django.urls import reverse

from ish.exchange.models import Application, Score

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 2001


@pytest.fixture
def application(application_in):
    return application_in(Application.Status.SHORTLISTED)


def on_the_page(client, application, data: dict, language: str = "en") -> dict:
    response = client.post(
        reverse("exchange:score", args=[application.pk]), data, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.context["score_form"].errors


def through_the_api(client, application, data: dict, language: str = "en") -> dict:
    response = client.post(
        f"/api/v1/exchange-applications/{application.pk}/score/",
        data,
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400, response.content
    return response.json()


@pytest.mark.parametrize(
    ("points", "language", "message"),
    [
        (-1, "en", "Give 0 to 10 points."),
        (11, "en", "Give 0 to 10 points."),
        (11, "de", "Vergeben Sie 0 bis 10 Punkte."),
    ],
    ids=["below", "above", "above-in-german"],
)
def test_points_out_of_range_get_the_same_message_on_the_page_and_in_the_api(
    client_as, api_as, application, points, language, message
):
    page = on_the_page(client_as("organiser"), application, {"points": points}, language)
    api = through_the_api(api_as("organiser"), application, {"points": points}, language)

    assert page["points"] == api["points"] == [message]
    assert not Score.objects.exists()


def test_a_comment_over_2000_characters_is_refused_on_the_page_and_in_the_api(
    client_as, api_as, application
):
    data = {"points": 5, "comment": TOO_LONG}

    page = on_the_page(client_as("organiser"), application, data)
    api = through_the_api(api_as("organiser"), application, data)

    assert "comment" in page
    assert "comment" in api
    assert not Score.objects.exists()
