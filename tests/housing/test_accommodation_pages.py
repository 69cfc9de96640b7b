"""The accommodation pages: adding and editing a place with its languages and diets, wrong input
against each field, and a place that cannot lose a bed a guest sleeps in."""

import re

import pytest
from django.urls import reverse

from ish.housing.models import Accommodation
from tests.housing.booking import july, stay
from tests.housing.page_reading import NEW_PLACE, PLACES, text

pytestmark = pytest.mark.django_db


NEW_FAMILY = {
    "kind": "host_family",
    "name": "Familie Neckar",
    "beds": "2",
    "address": "Neckarstaden 10, 69117 Heidelberg",
    "available_from": "2027-07-10",
    "available_until": "2027-08-20",
    "contact_name": "Petra Neckar",
    "contact_email": "petra@example.org",
    "contact_phone": "+49 6221 123456",
    "language": "de",
    "pets": "dog",
    "languages": "DE, en,fr",
    "dietary_options": ["vegetarian", "halal"],
    "notes": "Near the old bridge.",
}


def test_the_organiser_adds_an_accommodation_with_languages_and_diets(client_as, db):
    response = client_as("organiser").post(NEW_PLACE, NEW_FAMILY, follow=True)

    family = Accommodation.objects.get()
    assert family.name == "Familie Neckar"
    assert family.languages == ["de", "en", "fr"]
    assert family.dietary_options == ["halal", "vegetarian"]
    assert family.pets == "dog"
    assert "Familie Neckar is saved." in text(response)
    assert "Familie Neckar" in text(client_as("organiser").get(PLACES))


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_a_host_may_get_their_e_mails_in_any_offered_language(client_as, db, language):
    client_as("organiser").post(NEW_PLACE, NEW_FAMILY | {"language": language})

    assert Accommodation.objects.get().language == language


def test_a_language_not_offered_is_refused_against_its_field(client_as, db):
    response = client_as("organiser").post(NEW_PLACE, NEW_FAMILY | {"language": "xx"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "language": ["Select a valid choice. xx is not one of the available choices."]
    }
    assert not Accommodation.objects.exists()


def test_wrong_accommodation_input_is_shown_against_each_field(client_as, db):
    data = NEW_FAMILY | {
        "languages": "english, de",
        "available_until": "2027-07-01",
        "beds": "0",
    }

    response = client_as("organiser").post(NEW_PLACE, data)

    assert response.status_code == 400
    page = text(response)
    assert "Use two-letter codes such as de, en or fr, not: english" in page
    assert "“Available until” must be after “available from”." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert not Accommodation.objects.exists()


def test_the_edit_form_shows_the_place_and_saves_changes(client_as, place):
    family = place(name="Familie Neckar", languages=["de", "en"], dietary_options=["vegan"])
    url = reverse("housing:accommodation_edit", args=[family.pk])
    client = client_as("organiser")

    page = client.get(url).content.decode()
    assert 'value="de, en"' in page
    checked = re.findall(r'value="(\w+)"\s+id="id_dietary_options_\d+"\s+checked', page)
    assert checked == ["vegan"]

    client.post(url, NEW_FAMILY | {"name": "Familie Neckar", "beds": "3"})

    family.refresh_from_db()
    assert family.beds == 3
    assert family.languages == ["de", "en", "fr"]


def test_a_place_cannot_lose_a_bed_a_guest_sleeps_in(client_as, organiser, student, place):
    family = place(name="Familie Neckar", beds=2)
    stay(organiser, student(), family, july(17), july(20))
    stay(organiser, student(), family, july(18), july(20))

    response = client_as("organiser").post(
        reverse("housing:accommodation_edit", args=[family.pk]),
        NEW_FAMILY | {"beds": "1"},
    )

    assert response.status_code == 409
    assert "Familie Neckar" in text(response)
    assert "18 July 2027" in text(response)
    family.refresh_from_db()
    assert family.beds == 2


def test_a_name_over_its_limit_is_refused_naming_it_with_the_other_errors(client_as, db):
    response = client_as("organiser").post(NEW_PLACE, NEW_FAMILY | {"name": "N" * 201, "beds": "0"})

    page = text(response)
    assert "“Name” may have at most 200 characters; this text has 201." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert not Accommodation.objects.exists()
    html = client_as("organiser").get(NEW_PLACE).content.decode()
    assert 'data-maxlength="200"' in html
    assert "maxlength=" not in html.replace("data-maxlength=", "")
