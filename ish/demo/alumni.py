"""Demo alumni: a few participants of the season before the demo season who agreed to stay in
touch, each with the details they chose (their season's data already anonymised, so they stand
alone). Idempotent: an earlier season that has alumni keeps them as they are."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from ish.alumni.models import CONSENT_VERSION, CONSENT_WORDING, Alumnus
from ish.labs.models import Lab
from ish.seasons.models import City, Season

BERLIN = ZoneInfo("Europe/Berlin")
# Name, city slug, lab name, e-mail, later studies, language; None: not agreed to keep.
ALUMNI = [
    ("Sofía Hernández", "palo-alto", "Cancer Genome Analysis", "sofia.hernandez",
     "Medicine at Stanford University", "en"),
    ("Jonas Weber", None, None, "jonas.weber", None, "de"),
    ("Yuki Tanaka", "kumamoto", "Optical Nanoscopy", None, "Physics at Kyoto University", "ja"),
]  # fmt: skip


def load_demo_alumni(season: Season) -> None:
    year = season.year - 1
    earlier, _ = Season.objects.get_or_create(
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
    if Alumnus.objects.filter(season=earlier).exists():
        return
    with translation.override("en"):
        wording = str(CONSENT_WORDING)
    agreed = timezone.make_aware(dt.datetime(year, 9, 2, 18, 30), BERLIN)
    for name, city, lab, email, later_studies, language in ALUMNI:
        values = {
            Alumnus.Field.NAME: name,
            Alumnus.Field.CITY: City.objects.filter(slug=city).first() if city else None,
            Alumnus.Field.LAB: Lab.objects.filter(name=lab).first() if lab else None,
            Alumnus.Field.EMAIL: f"{email}@demo.ish.invalid" if email else "",
            Alumnus.Field.LATER_STUDIES: later_studies or "",
        }
        Alumnus.objects.create(
            season=earlier,
            language=language,
            asked_at=agreed - dt.timedelta(days=2),
            consent=[field for field, value in values.items() if value],
            consented_at=agreed,
            consent_wording=wording,
            consent_language="en",
            consent_version=CONSENT_VERSION,
            **values,
        )
