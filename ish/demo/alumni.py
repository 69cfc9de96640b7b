"""Demo alumni: a few participants of the season before the demo season who agreed to stay in
touch, each with the details they chose (their season's data already anonymised, so they stand
alone), and an open survey two of them answered. Idempotent: an earlier season that has alumni keeps them as they are."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from ish.alumni.models import CONSENT_VERSION, CONSENT_WORDING, Alumnus, Answer, Question, Survey
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
    alumni = []
    for name, city, lab, email, later_studies, language in ALUMNI:
        values = {
            Alumnus.Field.NAME: name,
            Alumnus.Field.CITY: City.objects.filter(slug=city).first() if city else None,
            Alumnus.Field.LAB: Lab.objects.filter(name=lab).first() if lab else None,
            Alumnus.Field.EMAIL: f"{email}@demo.ish.invalid" if email else "",
            Alumnus.Field.LATER_STUDIES: later_studies or "",
        }
        alumnus = Alumnus.objects.create(
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
        alumni.append(alumnus)
    _load_demo_survey(alumni)


def _load_demo_survey(alumni: list[Alumnus]) -> None:
    survey = Survey.objects.create(
        title="Life after the ISH",
        introduction="Two questions, two minutes: what became of your summer in Heidelberg?",
        is_open=True,
    )
    studies = Question.objects.create(survey=survey, position=1, text="What do you study now?")
    helped = Question.objects.create(
        survey=survey,
        position=2,
        text="Did the ISH help you choose?",
        kind=Question.Kind.CHOICE,
        choices="Yes, a lot\nA little\nNot really",
    )
    sofia, jonas = alumni[0], alumni[1]
    Answer.objects.bulk_create(
        [
            Answer(question=studies, alumnus=sofia, text="Medicine, with a year of research"),
            Answer(question=helped, alumnus=sofia, text="Yes, a lot"),
            Answer(question=helped, alumnus=jonas, text="A little"),
        ]
    )
