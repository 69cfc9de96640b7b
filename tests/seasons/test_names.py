"""The partner cities and research fields the product ships are named in the reader's language on
every page, export and e-mail; the stored name (the API's value) stays as it is, and a name the
office gives a row later is shown as stored."""

import importlib

import pytest
from django.utils import translation
from django.utils.translation.trans_real import translation as catalogue_of

from ish.seasons.models import City, ResearchField
from ish.seasons.names import SHIPPED_CITIES, SHIPPED_FIELDS

pytestmark = pytest.mark.django_db

reference_data = importlib.import_module("ish.seasons.migrations.0002_reference_data")

GERMAN_FIELDS = {
    "biology": "Biologie",
    "chemistry": "Chemie",
    "physics": "Physik",
    "medicine": "Medizin",
    "computer-science": "Informatik",
    "mathematics": "Mathematik",
    "earth-sciences": "Geowissenschaften",
    "astronomy": "Astronomie",
    "engineering": "Ingenieurwissenschaften",
    "neuroscience": "Neurowissenschaften",
}


def _msgids(lazy_names) -> list[str]:
    with translation.override("en"):
        return [str(name) for name in lazy_names]


def test_every_city_and_field_the_product_ships_is_a_catalogue_message():
    assert _msgids(SHIPPED_CITIES) == [name for _slug, name, *_rest in reference_data.CITIES]
    assert _msgids(SHIPPED_FIELDS) == [name for _slug, name in reference_data.RESEARCH_FIELDS]


def test_every_shipped_name_has_its_german_entry():
    german = catalogue_of("de")._catalog
    for context, names in (("city", SHIPPED_CITIES), ("research field", SHIPPED_FIELDS)):
        for name in _msgids(names):
            assert german.get(f"{context}\x04{name}"), (context, name)


def test_research_fields_read_in_german_in_german_and_in_english_in_english():
    fields = {field.slug: field for field in ResearchField.objects.all()}

    with translation.override("de"):
        assert {slug: str(field) for slug, field in fields.items()} == GERMAN_FIELDS
    with translation.override("en"):
        assert str(fields["computer-science"]) == "Computer science"
    assert fields["computer-science"].name == "Computer science"  # stored as shipped


def test_a_city_reads_as_the_readers_catalogue_names_it(monkeypatch):
    # German names the partner cities as English does; a catalogue that names one otherwise is
    # what the pages follow (a translator's entry, as the other languages will have).
    monkeypatch.setitem(catalogue_of("de")._catalog._catalogs[0], "city\x04Kumamoto", "熊本市")
    kumamoto = City.objects.get(slug="kumamoto")

    with translation.override("de"):
        assert str(kumamoto) == "熊本市"
    with translation.override("en"):
        assert str(kumamoto) == "Kumamoto"


def test_a_name_the_office_gives_later_is_shown_as_stored_even_if_it_is_a_portal_word():
    field = ResearchField.objects.create(slug="history", name="History")  # a heading: "Verlauf"

    with translation.override("de"):
        assert str(field) == "History"
