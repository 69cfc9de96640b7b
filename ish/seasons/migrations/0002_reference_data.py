"""Load the reference cities and research fields of PRODUCT.md on every fresh install."""

from django.db import migrations

CITIES = [
    # slug, name, ISO country, kind
    ("hangzhou", "Hangzhou", "CN", "partner"),
    ("palo-alto", "Palo Alto", "US", "partner"),
    ("montpellier", "Montpellier", "FR", "partner"),
    ("cambridge", "Cambridge", "GB", "partner"),
    ("rehovot", "Rehovot", "IL", "partner"),
    ("bautzen", "Bautzen", "DE", "partner"),
    ("simferopol", "Simferopol", "UA", "partner"),
    ("kumamoto", "Kumamoto", "JP", "partner"),
    ("mostar", "Mostar", "BA", "friendship"),
    ("jelenia-gora", "Jelenia Góra", "PL", "friendship"),
    ("heidelberg-gauteng", "Heidelberg (Gauteng)", "ZA", "friendship"),
    ("nysf", "National Youth Science Forum", "AU", "exchange"),
]

RESEARCH_FIELDS = [
    ("biology", "Biology"),
    ("chemistry", "Chemistry"),
    ("physics", "Physics"),
    ("medicine", "Medicine"),
    ("computer-science", "Computer science"),
    ("mathematics", "Mathematics"),
    ("earth-sciences", "Earth sciences"),
    ("astronomy", "Astronomy"),
    ("engineering", "Engineering"),
    ("neuroscience", "Neuroscience"),
]


def load(apps, schema_editor):
    City = apps.get_model("seasons", "City")
    ResearchField = apps.get_model("seasons", "ResearchField")
    for slug, name, country, kind in CITIES:
        City.objects.get_or_create(
            slug=slug, defaults={"name": name, "country": country, "kind": kind}
        )
    for slug, name in RESEARCH_FIELDS:
        ResearchField.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("seasons", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
