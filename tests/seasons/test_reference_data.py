import pytest

from ish.seasons.models import City, ResearchField

pytestmark = pytest.mark.django_db

EXPECTED_CITIES = {
    "hangzhou": ("CN", "partner"),
    "palo-alto": ("US", "partner"),
    "montpellier": ("FR", "partner"),
    "cambridge": ("GB", "partner"),
    "rehovot": ("IL", "partner"),
    "bautzen": ("DE", "partner"),
    "simferopol": ("UA", "partner"),
    "kumamoto": ("JP", "partner"),
    "mostar": ("BA", "friendship"),
    "jelenia-gora": ("PL", "friendship"),
    "heidelberg-gauteng": ("ZA", "friendship"),
    "nysf": ("AU", "exchange"),
}


def test_the_twelve_reference_cities_exist_after_migrate():
    cities = {city.slug: (city.country.code, city.kind) for city in City.objects.all()}
    assert cities == EXPECTED_CITIES


def test_every_reference_city_has_its_own_time_zone_after_migrate():
    zones = dict(City.objects.values_list("slug", "time_zone"))

    assert zones == {
        "hangzhou": "Asia/Shanghai",
        "palo-alto": "America/Los_Angeles",
        "montpellier": "Europe/Paris",
        "cambridge": "Europe/London",
        "rehovot": "Asia/Jerusalem",
        "bautzen": "Europe/Berlin",
        "simferopol": "Europe/Simferopol",
        "kumamoto": "Asia/Tokyo",
        "mostar": "Europe/Sarajevo",
        "jelenia-gora": "Europe/Warsaw",
        "heidelberg-gauteng": "Africa/Johannesburg",
        "nysf": "Australia/Sydney",
    }


def test_the_ten_research_fields_exist_after_migrate():
    assert set(ResearchField.objects.values_list("slug", flat=True)) == {
        "biology", "chemistry", "physics", "medicine", "computer-science", "mathematics",
        "earth-sciences", "astronomy", "engineering", "neuroscience",
    }  # fmt: skip
