"""German pages name the research fields in German wherever they show them: a nomination, the
lab host's dashboard, the placements board, the import template's list of fields."""

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.seasons.models import ResearchField
from tests.factories import LabFactory, NominationFactory

pytestmark = pytest.mark.django_db


def german(client):
    client.cookies["django_language"] = "de"
    return client


@pytest.fixture
def aiko(season):
    return NominationFactory(
        season=season,
        status=Nomination.Status.ACCEPTED,
        interests=["computer-science", "earth-sciences"],
    )


def test_a_german_nomination_page_names_the_interests_in_german(client_as, aiko):
    page = german(client_as("coordinator")).get(reverse("nominations:detail", args=[aiko.pk]))

    text = page.content.decode()
    assert "Informatik" in text
    assert "Geowissenschaften" in text
    assert "Computer science" not in text
    assert "Earth sciences" not in text


def test_the_lab_hosts_german_dashboard_names_the_labs_fields_in_german(client_as, lab_host):
    lab_host.lab.fields.set(ResearchField.objects.filter(slug="neuroscience"))

    text = german(client_as("lab_host")).get(reverse("portal:dashboard")).content.decode()

    assert "Neurowissenschaften" in text
    assert "Neuroscience" not in text


def test_the_german_placements_board_names_interests_and_lab_fields_in_german(
    client_as, season, aiko
):
    LabFactory(
        name="Geochemistry",
        fields=ResearchField.objects.filter(slug__in=["earth-sciences", "mathematics"]),
    )

    page = german(client_as("organiser")).get(reverse("placements:board"), {"season": season.pk})

    text = page.content.decode()
    assert "Informatik" in text
    assert "Geowissenschaften" in text
    assert "Mathematik" in text
    assert "Computer science" not in text
    assert "Earth sciences" not in text
    assert "Mathematics" not in text


def test_the_nomination_form_offers_the_fields_in_german(client_as, season):
    text = german(client_as("coordinator")).get(reverse("nominations:create")).content.decode()

    assert ">Biologie<" in text
    assert ">Informatik<" in text
    assert ">Biology<" not in text
    assert ">Computer science<" not in text
