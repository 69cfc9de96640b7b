"""The NYSF limits hold under concurrent requests: ten threads, each with its own database
connection, apply or select at the same moment; exactly one gets the last place, the others are
told why, and nobody gets a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ish.exchange.models import Application, OutboundProgramme
from tests.concurrency import all_at_once
from tests.factories import ApplicationFactory, ApplicationFormFactory, SchoolFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 10
APPLY = reverse("exchange:apply")
Status = Application.Status


def application_form(n: int, **fields) -> dict:
    """Pupil n's complete application as the browser posts it (new file objects per post)."""
    return ApplicationFormFactory(
        **{"given_name": "Pupil", "family_name": f"Number {n}", "email": f"pupil{n}@example.de"}
        | fields
    )


def post_from_own_address(n_and_data: tuple[int, dict]):
    """One pupil's browser, each from its own address (the rate limit counts per address)."""
    n, data = n_and_data
    return Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post(APPLY, data)


def test_pupils_racing_for_a_schools_last_place_for_their_gender_get_it_once(open_season, school):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(
        candidates_per_school_and_gender=2
    )
    ApplicationFactory(season=open_season, school=school, gender="female")

    responses = all_at_once(
        post_from_own_address,
        [(n, application_form(n, school=school.pk)) for n in range(THREADS)],
    )

    codes = [getattr(response, "status_code", response) for response in responses]
    assert codes.count(302) == 1, codes
    assert codes.count(200) == THREADS - 1, codes
    refused = [response.content.decode() for response in responses if response.status_code == 200]
    assert all(
        "Bunsen-Gymnasium has already nominated its 2 female candidates for 2027." in html
        for html in refused
    )
    assert Application.objects.filter(school=school, gender="female").count() == 2


def test_the_same_email_applying_twice_at_once_is_stored_once(open_season):
    schools = [SchoolFactory() for _ in range(THREADS)]  # no school lock to queue them

    responses = all_at_once(
        post_from_own_address,
        [
            (n, application_form(n, email="lea.hoffmann@example.de", school=schools[n].pk))
            for n in range(THREADS)
        ],
    )

    codes = [getattr(response, "status_code", response) for response in responses]
    assert codes.count(302) == 1, codes
    assert codes.count(200) == THREADS - 1, codes
    assert all(
        "An application with this e-mail address already exists for this season."
        in response.content.decode()
        for response in responses
        if response.status_code == 200
    )
    assert Application.objects.filter(email="lea.hoffmann@example.de").count() == 1


def test_selecting_for_the_last_nysf_place_at_once_selects_one(application_in, organiser):
    application_in(Status.SELECTED)
    application_in(Status.CONFIRMED)
    shortlisted = [application_in(Status.SHORTLISTED) for _ in range(THREADS)]

    def select(application: Application):
        client = APIClient()
        client.force_authenticate(organiser)
        return client.post(f"/api/v1/exchange-applications/{application.pk}/select/")

    responses = all_at_once(select, shortlisted)

    codes = [getattr(response, "status_code", response) for response in responses]
    assert codes.count(200) == 1, codes
    assert codes.count(409) == THREADS - 1, codes
    assert all(
        "All 3 NYSF places are taken" in response.json()["detail"]
        for response in responses
        if response.status_code == 409
    )
    assert Application.objects.filter(status__in=[Status.SELECTED, Status.CONFIRMED]).count() == 3
