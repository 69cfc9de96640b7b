"""Demo lab placements: accepted demo students in labs, one in each state, and two offers waiting
for the demo lab host (Cancer Genome Analysis), all made through the services.

Idempotent: a student who already has a placement is left as they are, so whatever was done in
the portal survives `make run`. One accepted student stays without a lab for the matching.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from ish.accounts.models import User
from ish.demo.nominations import demo_pdf
from ish.labs.models import Lab
from ish.nominations import services as nominations
from ish.nominations.documents import upload_document
from ish.nominations.models import Document, Nomination
from ish.participants import services as participants
from ish.placements import services
from ish.seasons.models import City, ResearchField, Season

Kind = Document.Kind

# fmt: off
# Accepted students with the demo lab's fields (medicine, biology), from cities the demo
# nominations leave out: city, given name, family name, birthday (month, day, years before the
# season), gender, nationality, school, interests
STUDENTS_FOR_THE_DEMO_LAB = [
    ("rehovot", "Noa", "Levi", (2, 11, 18), "female", "IL", "Amos de-Shalit High School, Rehovot",
     ["medicine", "biology"]),
    ("palo-alto", "Maya", "Brooks", (8, 23, 19), "female", "US", "Henry M. Gunn High School",
     ["biology", "medicine", "chemistry"]),
]
# given name, family name, lab, the actions after proposing (by the office), the last comment
PLACEMENTS = [
    ("Noa", "Levi", "Cancer Genome Analysis", ["offer"], ""),
    ("Maya", "Brooks", "Cancer Genome Analysis", ["offer"], ""),
    ("Sota", "Kimura", "Neutrino Physics", ["offer", "accept"],
     "Sota is very welcome; our group meets at 9:00 on the first day."),
    ("Amelia", "Jones", "Mathematical Optimisation", ["offer", "decline"],
     "Our group is at a conference for most of July; please find Amelia another lab."),
    ("Oliver", "Smith", "Detector Development", [], ""),
]
# fmt: on


def demo_email(given: str, family: str) -> str:
    """The demo nominations' natural key within a season."""
    return f"{given}.{family}@demo-students.ish.invalid".lower()


def load_demo_placements(season: Season) -> None:
    office = User.objects.get(username="office")
    for row in STUDENTS_FOR_THE_DEMO_LAB:
        _accepted_student(row, season, office)
    labs = {lab.name: lab for lab in Lab.objects.all()}
    students = {
        nomination.email: nomination
        for nomination in Nomination.objects.filter(
            season=season, status__in=Nomination.HOLDS_A_PLACE, email__endswith=".invalid"
        ).prefetch_related("placements")
    }
    for given, family, lab_name, actions, comment in PLACEMENTS:
        nomination = students.get(demo_email(given, family))
        if nomination is None or nomination.placements.all():
            continue  # not (or no longer) accepted, or already placed in the portal
        placement = services.create_placement(
            actor=office, nomination=nomination, lab=labs[lab_name]
        )
        for action in actions:
            note = comment if action == actions[-1] else ""
            placement = services.perform(placement, action, actor=office, comment=note)


def _accepted_student(row, season: Season, office: User) -> None:
    city_slug, given, family, (month, day, years), gender, country, school, interests = row
    email = demo_email(given, family)
    if Nomination.objects.filter(season=season, email=email).exists():
        return
    fields = {field.slug: field for field in ResearchField.objects.filter(slug__in=interests)}
    nomination = nominations.create_nomination(
        actor=office,
        season=season,
        city=City.objects.get(slug=city_slug),
        interests=[fields[slug] for slug in interests],
        given_name=given,
        family_name=family,
        date_of_birth=dt.date(season.starts_on.year - years, month, day),
        gender=gender,
        email=email,
        nationality=country,
        school=school,
        graduation_year=season.year,
        english_level="C1",
        german_level="A2",
        motivation=(
            f"I want to understand how {interests[0]} research turns questions about disease "
            "into experiments, and a summer in a Heidelberg lab is the best way to learn it."
        ),
    )
    for kind in (Kind.CV, Kind.MOTIVATION_LETTER, Kind.TRANSCRIPT):
        upload = SimpleUploadedFile(
            f"{family}-{kind}.pdf".lower(),
            demo_pdf(f"{Kind(kind).label.capitalize()}: {given} {family}"),
            content_type="application/pdf",
        )
        upload_document(nomination, actor=office, kind=kind, upload=upload)
    for action in ("submit", "accept"):
        nomination = participants.perform(nomination, action, actor=office)
