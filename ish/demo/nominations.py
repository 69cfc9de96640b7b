"""Demo nominations: a few students of several partner cities in every stage of the workflow,
with research interests and small PDF documents, made through the services so that their
history and e-mails are real.

Idempotent by natural key (season + e-mail): a student already there is left as they are, so
whatever was done with them in the portal survives `make run`.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ish.accounts.models import Role, User
from ish.nominations import services
from ish.nominations.documents import upload_document
from ish.nominations.models import Document, Nomination
from ish.participants import services as participants
from ish.seasons.models import City, ResearchField, Season

Kind = Document.Kind
ALL_DOCUMENTS = (Kind.CV, Kind.MOTIVATION_LETTER, Kind.TRANSCRIPT)

# fmt: off
# city, given name, family name, birthday (month, day, years before the season), gender,
# nationality, school, interests, documents, the actions that bring the student to their status
# (and the organiser's comment), and fields left empty
STUDENTS = [
    ("kumamoto", "Sota", "Kimura", (3, 2, 19), "male", "JP", "Kumamoto Prefectural Seiseiko High School",
     ["physics", "astronomy"], ALL_DOCUMENTS, ["submit", "accept"], "Welcome to Heidelberg!", ()),
    ("kumamoto", "Aiko", "Tanaka", (4, 12, 19), "female", "JP", "Kumamoto Prefectural Daiichi High School",
     ["biology", "medicine", "chemistry"], ALL_DOCUMENTS, [], "", ()),
    ("kumamoto", "Haruki", "Mori", (9, 30, 18), "male", "JP", "Kumamoto University Attached High School",
     ["computer-science"], (Kind.MOTIVATION_LETTER,), [], "", ("date_of_birth", "graduation_year")),
    ("bautzen", "Lukas", "Richter", (1, 20, 19), "male", "DE", "Philipp-Melanchthon-Gymnasium Bautzen",
     ["chemistry", "biology"], ALL_DOCUMENTS, ["submit"], "", ()),
    ("bautzen", "Marie", "Schubert", (11, 5, 17), "female", "DE", "Schiller-Gymnasium Bautzen",
     ["neuroscience", "biology"], (*ALL_DOCUMENTS, Kind.CONSENT_FORM), ["submit", "waitlist"],
     "A strong application; we hope a place frees up.", ()),
    ("hangzhou", "Wei", "Li", (6, 14, 19), "male", "CN", "Hangzhou No. 2 High School",
     ["computer-science", "mathematics"], ALL_DOCUMENTS, ["submit", "accept"], "", ()),
    ("hangzhou", "Jing", "Chen", (1, 8, 18), "female", "CN", "Hangzhou Foreign Languages School",
     ["medicine", "biology"], ALL_DOCUMENTS, ["submit"], "", ()),
    ("montpellier", "Hugo", "Martin", (2, 27, 19), "male", "FR", "Lycée Joffre, Montpellier",
     ["earth-sciences", "physics"], ALL_DOCUMENTS, ["submit"], "", ()),
    ("montpellier", "Camille", "Laurent", (5, 3, 18), "female", "FR", "Lycée Clemenceau, Montpellier",
     ["astronomy"], (Kind.CV,), [], "", ("motivation",)),
    ("cambridge", "Oliver", "Smith", (10, 1, 19), "male", "GB", "Hills Road Sixth Form College",
     ["engineering", "physics"], ALL_DOCUMENTS, ["submit", "accept"], "", ()),
    ("cambridge", "Amelia", "Jones", (12, 12, 19), "female", "GB", "The Perse School",
     ["mathematics", "computer-science"], ALL_DOCUMENTS, ["submit", "accept"], "", ()),
    ("cambridge", "Harry", "Taylor", (7, 7, 18), "male", "GB", "Parkside Federation Academies",
     ["chemistry"], ALL_DOCUMENTS, ["submit"], "", ()),
]
# fmt: on
MOTIVATION = (
    "I would love to spend a summer in a real research lab in Heidelberg: {fields} have fascinated "
    "me since school, and I want to learn how research is done day to day."
)


def load_demo_nominations(season: Season) -> list[Nomination]:
    """The demo students of `season`, created through the services where missing."""
    office = User.objects.get(username="office")
    coordinators = {
        user.city_id: user
        for user in User.objects.filter(role=Role.COORDINATOR, username__in=["kumamoto", "bautzen"])
    }
    cities = {city.slug: city for city in City.objects.all()}
    fields = {field.slug: field for field in ResearchField.objects.all()}
    existing = {
        nomination.email: nomination
        for nomination in Nomination.objects.filter(season=season, email__endswith=".invalid")
    }
    nominations = []
    for row in STUDENTS:
        city_slug, given, family = row[:3]
        email = f"{given}.{family}@demo-students.ish.invalid".lower()
        if email in existing:
            nominations.append(existing[email])
            continue
        city = cities[city_slug]
        deadline_open = timezone.now() <= services.deadline_for(season, city)
        # The city's own coordinator where the demo has one and may still nominate.
        actor = coordinators.get(city.pk) if deadline_open else None
        nominations.append(_nominate(row, season, city, email, actor or office, office, fields))
    return nominations


def _nominate(row, season, city, email, actor, office, fields) -> Nomination:
    _, given, family, (month, day, years), gender, country, school, interests, kinds, actions, \
        comment, empty = row  # fmt: skip
    values = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": dt.date(season.starts_on.year - years, month, day),
        "gender": gender,
        "email": email,
        "nationality": country,
        "school": school,
        "graduation_year": season.year,
        "english_level": "B2" if country != "GB" else "C2",
        "german_level": "C1" if country == "DE" else "A2",
        "motivation": MOTIVATION.format(fields=" and ".join(interests).replace("-", " ")),
        "language": "de" if country == "DE" else "en",
        "dietary_requirements": "vegetarian" if given in {"Aiko", "Marie"} else "",
        "emergency_contact_name": f"Parent of {given} {family}",
    }
    for name in empty:
        values[name] = None if name in {"date_of_birth", "graduation_year"} else ""
    nomination = services.create_nomination(
        actor=actor,
        season=season,
        city=city,
        interests=[fields[slug] for slug in interests],
        **values,
    )
    for kind in kinds:
        upload = SimpleUploadedFile(
            f"{family}-{kind}.pdf".lower(),
            demo_pdf(
                f"{str(Kind(kind).label)[:1].upper()}{str(Kind(kind).label)[1:]}: {given} {family}"
            ),
            content_type="application/pdf",
        )
        upload_document(nomination, actor=actor, kind=kind, upload=upload)
    for action in actions:
        by = actor if action in {"submit", "confirm"} else office
        note = comment if action not in {"submit", "confirm"} else ""
        nomination = participants.perform(nomination, action, actor=by, comment=note)
    return nomination


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with a title line: small, valid, and recognised by its first bytes."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj 0 -28 Td /F1 11 Tf (ISH demo document) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{content}\nendobj\n".encode("latin-1", "replace")
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return body
