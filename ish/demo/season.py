"""The demo season: real Heidelberg institutes, labs with made-up heads, and one login per role.

Loading is idempotent: every row is looked up by its natural key and brought back to the values
below, so `manage.py demo` can run on every `make run`.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from ish.accounts.models import Language, Role, User
from ish.demo.alumni import load_demo_alumni
from ish.demo.exchange import load_demo_exchange
from ish.demo.housing import load_demo_housing
from ish.demo.nominations import load_demo_nominations
from ish.demo.outbound import load_demo_outbound
from ish.demo.placements import load_demo_placements
from ish.demo.presentations import load_demo_presentations
from ish.demo.programme import load_demo_programme
from ish.labs.models import Institute, Lab
from ish.seasons.models import City, Quota, ResearchField, Season

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_PASSWORD = "ish-demo-2027"

# fmt: off
# name, short name, address
INSTITUTES = [
    ("German Cancer Research Center", "DKFZ", "Im Neuenheimer Feld 280, 69120 Heidelberg"),
    ("European Molecular Biology Laboratory", "EMBL", "Meyerhofstraße 1, 69117 Heidelberg"),
    ("Max Planck Institute for Medical Research", "MPImF", "Jahnstraße 29, 69120 Heidelberg"),
    ("Max Planck Institute for Nuclear Physics", "MPIK", "Saupfercheckweg 1, 69117 Heidelberg"),
    ("Max Planck Institute for Astronomy", "MPIA", "Königstuhl 17, 69117 Heidelberg"),
    ("Heidelberg Institute for Theoretical Studies", "HITS", "Schloss-Wolfsbrunnenweg 35, 69118 Heidelberg"),
    ("Haus der Astronomie", "HdA", "Königstuhl 17, 69117 Heidelberg"),
    ("Heidelberg University, Centre for Organismal Studies", "COS", "Im Neuenheimer Feld 230, 69120 Heidelberg"),
    ("Heidelberg University, Kirchhoff Institute for Physics", "KIP", "Im Neuenheimer Feld 227, 69120 Heidelberg"),
    ("Heidelberg University, Institute of Organic Chemistry", "OCI", "Im Neuenheimer Feld 270, 69120 Heidelberg"),
    ("Heidelberg University, Interdisciplinary Center for Scientific Computing", "IWR", "Im Neuenheimer Feld 205, 69120 Heidelberg"),
    ("Heidelberg University, Institute of Earth Sciences", "GEO", "Im Neuenheimer Feld 234, 69120 Heidelberg"),
]

# institute short name, lab name, head (fictional), fields, capacity
LABS = [
    ("DKFZ", "Cancer Genome Analysis", "Dr. Lena Vogt", ["medicine", "biology"], 2),
    ("DKFZ", "Tumour Immunology", "Prof. Dr. Jonas Keller", ["medicine", "biology"], 2),
    ("DKFZ", "Medical Image Computing", "Dr. Sara Lindqvist", ["computer-science", "medicine"], 2),
    ("EMBL", "Developmental Biology Unit", "Dr. Tomás Alvarez", ["biology"], 2),
    ("EMBL", "Structural Bioinformatics", "Dr. Priya Raman", ["biology", "computer-science"], 1),
    ("MPImF", "Optical Nanoscopy", "Prof. Dr. Hanna Roth", ["physics", "chemistry"], 2),
    ("MPImF", "Chemical Biology", "Dr. Felix Brandt", ["chemistry", "medicine"], 2),
    ("MPIK", "Neutrino Physics", "Dr. Maja Berger", ["physics"], 2),
    ("MPIK", "High-Energy Astrophysics", "Prof. Dr. Karl Weiss", ["astronomy", "physics"], 2),
    ("MPIA", "Planet and Star Formation", "Dr. Aiko Tanaka", ["astronomy"], 2),
    ("MPIA", "Galaxies and Cosmology", "Dr. Noah Fischer", ["astronomy", "physics"], 1),
    ("HITS", "Molecular Simulation", "Dr. Elena Petrova", ["computer-science", "chemistry"], 2),
    ("HITS", "Data Mining and Uncertainty", "Dr. Ben Schuster", ["computer-science", "mathematics"], 1),
    ("HdA", "Astronomy Education Lab", "Dr. Clara Hoffmann", ["astronomy"], 2),
    ("COS", "Plant Developmental Biology", "Prof. Dr. Miriam Lang", ["biology"], 2),
    ("COS", "Zebrafish Neurogenetics", "Dr. Yusuf Demir", ["neuroscience", "biology"], 2),
    ("KIP", "Neuromorphic Computing", "Dr. Paul Zimmer", ["engineering", "neuroscience", "computer-science"], 2),
    ("KIP", "Detector Development", "Dr. Ines Wagner", ["physics", "engineering"], 2),
    ("OCI", "Organic Synthesis", "Prof. Dr. Lukas Meier", ["chemistry"], 2),
    ("IWR", "Mathematical Optimisation", "Dr. Sophie Klein", ["mathematics", "computer-science"], 1),
    ("GEO", "Geochemistry and Climate Archives", "Dr. Moritz Frank", ["earth-sciences"], 2),
]

# city slug, places, alternates
QUOTAS = [
    ("hangzhou", 2, 1), ("palo-alto", 2, 1), ("montpellier", 2, 1), ("cambridge", 2, 1),
    ("rehovot", 2, 1), ("bautzen", 2, 1), ("simferopol", 1, 1), ("kumamoto", 2, 1),
    ("jelenia-gora", 1, 0), ("nysf", 3, 0),
]
# fmt: on


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str
    role: str
    first_name: str
    last_name: str
    city: str | None = None  # slug, for coordinators
    lab: str | None = None  # lab name, for lab hosts
    language: str = Language.ENGLISH
    password: str = DEMO_PASSWORD


DEMO_LOGINS = [
    DemoLogin("office", "ISH office (organiser)", Role.ORGANISER, "Ida", "Office"),
    DemoLogin("kumamoto", "coordinator of Kumamoto", Role.COORDINATOR, "Haruto", "Sato",
              city="kumamoto"),
    DemoLogin("bautzen", "coordinator of Bautzen, German", Role.COORDINATOR, "Greta", "Schulze",
              city="bautzen", language=Language.GERMAN),
    DemoLogin("nysf", "coordinator of the NYSF, nominating inbound Australians", Role.COORDINATOR,
              "Olivia", "Nguyen", city="nysf"),
    DemoLogin("dkfz-genome", "lab host, DKFZ Cancer Genome Analysis", Role.LAB_HOST, "Lena",
              "Vogt", lab="Cancer Genome Analysis"),
]  # fmt: skip


def describe_logins(logins: list[DemoLogin]) -> list[str]:
    """One line per demo login, as `make run` and `make demo` print them."""
    width = max(len(login.username) for login in logins)
    return [
        f"  {login.username:<{width}}  password {login.password}  ({login.description})"
        for login in logins
    ]


def next_season_year(today: dt.date) -> int:
    """The programme runs mid-July to mid-August: after July, prepare next year's."""
    return today.year if today.month < 7 else today.year + 1


@transaction.atomic
def load_demo_season(today: dt.date | None = None) -> list[DemoLogin]:
    year = next_season_year(today or timezone.localdate())
    season, _ = Season.objects.update_or_create(
        year=year,
        defaults={
            "title": f"ISH {year}",
            "starts_on": dt.date(year, 7, 17),
            "ends_on": dt.date(year, 8, 13),
            "nomination_deadline": dt.datetime(year, 3, 31, 23, 59, tzinfo=BERLIN),
            "min_age": 16,
            "max_age": 22,
        },
    )
    cities = {city.slug: city for city in City.objects.all()}
    for slug, places, alternates in QUOTAS:
        Quota.objects.update_or_create(
            season=season,
            city=cities[slug],
            defaults={"places": places, "alternates": alternates},
        )
    institutes = {}
    for name, short_name, address in INSTITUTES:
        institutes[short_name], _ = Institute.objects.update_or_create(
            name=name, defaults={"short_name": short_name, "address": address}
        )
    fields = {field.slug: field for field in ResearchField.objects.all()}
    labs = {}
    for short_name, name, head, field_slugs, capacity in LABS:
        lab, _ = Lab.objects.update_or_create(
            institute=institutes[short_name],
            name=name,
            defaults={
                "head": head,
                "capacity": capacity,
                "description": f"Demo lab: {name} at {institutes[short_name].name}.",
            },
        )
        lab.fields.set([fields[slug] for slug in field_slugs])
        labs[name] = lab
    for login in DEMO_LOGINS:
        user, _ = User.objects.update_or_create(
            username=login.username,
            defaults={
                "email": f"{login.username}@demo.ish.invalid",
                "role": login.role,
                "city": cities[login.city] if login.city else None,
                "lab": labs[login.lab] if login.lab else None,
                "language": login.language,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "is_active": True,
            },
        )
        user.set_password(login.password)
        user.save(update_fields=["password"])
    load_demo_nominations(season)
    load_demo_placements(season)
    load_demo_housing(season)
    load_demo_exchange(season)
    load_demo_outbound(season)
    load_demo_presentations(season)
    load_demo_programme(season)
    load_demo_alumni(season)
    return DEMO_LOGINS
