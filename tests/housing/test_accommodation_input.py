"""An accommodation's languages and diets follow one rule: the portal's form and the API give the
same answer for the same input, in the reader's language, and the admin cannot store what both
refuse."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ish.housing.models import Accommodation
from tests.factories import AccommodationFactory

pytestmark = pytest.mark.django_db

FAMILY = {
    "kind": "host_family",
    "name": "Familie Neckar",
    "beds": 2,
    "address": "Neckarstaden 1, 69117 Heidelberg",
    "available_from": "2027-07-01",
    "available_until": "2027-08-31",
    "language": "de",
}

# Codes as a client lists them; the portal's field gets them typed, separated by commas.
REFUSED = [
    (["english", "de"], "english"),
    (["deu"], "deu"),
    (["d!"], "d!"),
    (["DE", "e"], "e"),
    (["fr", "ä", "xyz"], "ä, xyz"),
]
ACCEPTED = [
    (["DE", "en", "fr"], ["de", "en", "fr"]),
    (["en", "de", "EN"], ["de", "en"]),
    (["it"], ["it"]),
    ([], []),
]
GERMAN = "Verwenden Sie Kürzel aus zwei Buchstaben wie de, en oder fr, nicht: "


def through_the_portal(client, codes: list[str], *, language: str = "en", name: str = "Portal"):
    return client.post(
        reverse("housing:accommodation_add"),
        FAMILY | {"name": name, "languages": ", ".join(codes)},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def through_the_api(client, codes: list[str], *, language: str = "en", name: str = "API"):
    return client.post(
        "/api/v1/accommodations/",
        FAMILY | {"name": name, "languages": codes},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(("codes", "named"), REFUSED, ids=[" ".join(c) for c, _n in REFUSED])
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_portal_and_the_api_refuse_the_same_codes_with_the_same_message(
    client_as, api_as, codes, named, language
):
    page = through_the_portal(client_as("organiser"), codes, language=language)
    api = through_the_api(api_as("organiser"), codes, language=language)

    assert page.status_code == api.status_code == 400
    expected = {
        "en": f"Use two-letter codes such as de, en or fr, not: {named}",
        "de": GERMAN + named,
    }[language]
    assert page.context["form"].errors["languages"] == [expected]
    assert api.json() == {"languages": [expected]}
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize(
    ("codes", "stored"), ACCEPTED, ids=[" ".join(c) or "none" for c, _s in ACCEPTED]
)
def test_the_portal_and_the_api_store_the_same_codes(client_as, api_as, codes, stored):
    page = through_the_portal(client_as("organiser"), codes)
    api = through_the_api(api_as("organiser"), codes)

    assert page.status_code == 302
    assert api.status_code == 201, api.content
    assert api.json()["languages"] == stored
    assert Accommodation.objects.get(name="Portal").languages == stored
    assert Accommodation.objects.get(name="API").languages == stored


def test_changing_a_place_applies_the_same_rule_through_the_portal_and_the_api(client_as, api_as):
    family = AccommodationFactory(name="Familie Neckar", languages=["de"])
    page = client_as("organiser").post(
        reverse("housing:accommodation_edit", args=[family.pk]),
        FAMILY | {"languages": "de, english"},
    )
    api = api_as("organiser").patch(
        f"/api/v1/accommodations/{family.pk}/", {"languages": ["de", "english"]}, format="json"
    )

    assert page.context["form"].errors["languages"] == api.json()["languages"]
    family.refresh_from_db()
    assert family.languages == ["de"]


def test_the_portal_and_the_api_store_diets_sorted_and_once(client_as, api_as):
    client_as("organiser").post(
        reverse("housing:accommodation_add"),
        FAMILY | {"name": "Portal", "dietary_options": ["vegan", "halal", "vegan"]},
    )
    api_as("organiser").post(
        "/api/v1/accommodations/",
        FAMILY | {"name": "API", "dietary_options": ["vegan", "halal", "vegan"]},
        format="json",
    )

    stored = {place.name: place.dietary_options for place in Accommodation.objects.all()}
    assert stored == {"Portal": ["halal", "vegan"], "API": ["halal", "vegan"]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("languages", ["deu"], "Use two-letter codes such as de, en or fr, not: deu"),
        ("languages", "de, fr", None),
        ("dietary_options", ["vegan", "paleo"], "Choose the diets from the list, not: paleo"),
        ("dietary_options", [["vegan"]], "Choose the diets from the list, not: ['vegan']"),
    ],
    ids=["three-letters", "typed", "unknown-diet", "nested-diet"],
)
def test_the_model_holds_the_rule_for_every_other_way_in(field, value, message):
    family = AccommodationFactory.build(**{field: value})

    if message is None:
        family.full_clean()
        assert family.languages == ["de", "fr"]
    else:
        with pytest.raises(ValidationError) as refused:
            family.full_clean()
        assert refused.value.message_dict == {field: [message]}
