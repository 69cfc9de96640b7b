"""Demo NYSF exchange, both ways: Heidelberg schools and their pupils' applications to go to
Australia in every state of the selection (scored by two reviewers, one selected candidate with a
partly ticked checklist, a withdrawal whose place a reserve may take), and inbound Australians
nominated by the `nysf` coordinator like any partner city. Everything goes through the services,
so histories and e-mails are real.

Idempotent by natural key (season + e-mail): an application or nomination already there is left
as it is, so whatever was done in the portal survives `make run`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from ish.accounts.models import Role, User
from ish.demo.nominations import demo_pdf
from ish.errors import RuleViolation
from ish.exchange import checklist, services
from ish.exchange.models import Application, ApplicationDocument, School
from ish.nominations import services as nominations
from ish.nominations.documents import upload_document
from ish.nominations.models import Document, Nomination
from ish.participants import services as participants
from ish.seasons.models import City, ResearchField, Season

BERLIN = ZoneInfo("Europe/Berlin")

# fmt: off
SCHOOLS = [
    ("Bunsen-Gymnasium", "Humboldtstraße 23, 69120 Heidelberg"),
    ("Helmholtz-Gymnasium", "Rohrbacher Straße 102, 69115 Heidelberg"),
    ("Kurfürst-Friedrich-Gymnasium", "Neckarstaden 2, 69117 Heidelberg"),
    ("Hölderlin-Gymnasium", "Plöck 40, 69117 Heidelberg"),
    ("Englisches Institut", "Rheinstraße 14, 69126 Heidelberg"),
    ("St. Raphael-Gymnasium", "Roonstraße 1, 69120 Heidelberg"),
    ("Elisabeth-von-Thadden-Schule", "Mittelgewannweg 10, 69123 Heidelberg"),
    ("Internationale Gesamtschule Heidelberg", "Baden-Badener Straße 14, 69126 Heidelberg"),
]

# given name, family name, gender, age in years and months at departure, school,
# subjects, language, the school confirmed?, points by the office and by the second reviewer,
# the actions (with the last one's comment) that bring them to their status
APPLICANTS = [
    ("Lea", "Hoffmann", "female", (17, 4), "Bunsen-Gymnasium", "Biology, Chemistry, Mathematics",
     "de", True, (9, 8), ["shortlist", "select"], "Congratulations: you are going to Canberra!"),
    ("Jonas", "Weber", "male", (18, 2), "Helmholtz-Gymnasium", "Physics, Mathematics, English",
     "en", True, (8, 9), ["shortlist", "select", "confirm"], ""),
    ("Leon", "Yilmaz", "male", (17, 9), "Internationale Gesamtschule Heidelberg",
     "Computer Science, Physics", "de", True, (8, 8), ["shortlist", "select", "withdraw"],
     "Cannot travel in January for family reasons."),
    ("Sophie", "Braun", "female", (17, 7), "Kurfürst-Friedrich-Gymnasium",
     "Chemistry, Biology, Latin", "de", True, (7, 8), ["shortlist", "reserve"],
     "A very strong application; you are our first reserve."),
    ("Paul", "Schneider", "male", (17, 1), "Hölderlin-Gymnasium", "Physics, Geography", "en",
     True, (7, None), ["shortlist"], ""),
    ("Mia", "Fischer", "female", (16, 11), "Englisches Institut", "English, Biology, Music",
     "en", True, (6, None), [], ""),
    ("Elias", "Wagner", "male", (17, 5), "St. Raphael-Gymnasium", "Mathematics, Physics", "de",
     False, (None, None), [], ""),
    ("Hannah", "Becker", "female", (18, 0), "Elisabeth-von-Thadden-Schule",
     "German, History, Biology", "de", True, (4, 5), ["reject"],
     "Thank you for applying; we hope to see you at ISH events."),
]

# Inbound: Australians nominated by the NYSF coordinator. given name, family name, birthday
# (month, day, years before the season), gender, school, interests, the actions by the office
INBOUND = [
    ("Chloe", "Wilson", (3, 14, 18), "female", "Canberra College", ["physics", "astronomy"],
     ["submit", "accept"]),
    ("Liam", "O'Connor", (10, 2, 18), "male", "Brisbane State High School",
     ["neuroscience", "biology"], ["submit"]),
]
# fmt: on
MOTIVATION = (
    "Dear selection committee, science has fascinated me since primary school. At the NYSF I "
    "hope to meet researchers and other young people who share my curiosity about {subjects}, "
    "and to bring what I learn back to my school in Heidelberg."
)


def load_demo_exchange(season: Season) -> None:
    _open_applications(season)
    schools = {}
    for name, address in SCHOOLS:
        schools[name], _ = School.objects.update_or_create(
            name=name, defaults={"address": address, "is_active": True}
        )
    office = User.objects.get(username="office")
    reviewer = _second_reviewer()
    existing = set(
        Application.objects.filter(season=season, email__endswith=".invalid").values_list(
            "email", flat=True
        )
    )
    for row in APPLICANTS:
        email = demo_email(row[0], row[1])
        if email not in existing:
            _apply(row, season, email, schools, office, reviewer)
    _inbound(season, office)


def demo_email(given: str, family: str) -> str:
    name = f"{given}.{family}".lower().replace("'", "")
    return f"{name}@demo-pupils.ish.invalid"


def _open_applications(season: Season) -> None:
    """Applications close in early June; a demo loaded later keeps them open four weeks more."""
    early_june = dt.datetime(season.year, 6, 5, 23, 59, tzinfo=BERLIN)
    deadline = max(early_june, timezone.now() + dt.timedelta(weeks=4))
    Season.objects.filter(pk=season.pk).update(exchange_deadline=deadline)
    season.exchange_deadline = deadline


def _departure(season: Season) -> dt.date:
    return dt.date(season.year + 1, 1, 6)


def _second_reviewer() -> User:
    """A second member of the selection panel; no demo login (the password is unusable)."""
    reviewer, created = User.objects.get_or_create(
        username="nysf-panel",
        defaults={
            "email": "nysf-panel@demo.ish.invalid",
            "role": Role.ORGANISER,
            "first_name": "Jakob",
            "last_name": "Brenner",
        },
    )
    if created:
        reviewer.set_unusable_password()
        reviewer.save(update_fields=["password"])
    return reviewer


def _apply(row, season, email, schools, office, reviewer) -> None:
    given, family, gender, (years, months), school, subjects, language, confirmed, points, \
        actions, comment = row  # fmt: skip
    # Ages are on the day of departure to Australia, in January after the season.
    born = _departure(season) - dt.timedelta(days=round(years * 365.25 + months * 30.4))
    documents = {
        ApplicationDocument.Kind.CV: f"Curriculum vitae: {given} {family}",
        ApplicationDocument.Kind.MOTIVATION_LETTER: f"Motivation letter: {given} {family}",
    }
    if Application(date_of_birth=born).age_on(timezone.localdate()) < 18:
        documents[ApplicationDocument.Kind.CONSENT_FORM] = f"Guardian consent: {given} {family}"
    try:
        application = services.apply(
            season=season,
            documents={
                kind: SimpleUploadedFile(
                    f"{family}-{kind}.pdf".lower().replace("'", ""),
                    demo_pdf(title),
                    content_type="application/pdf",
                )
                for kind, title in documents.items()
            },
            given_name=given,
            family_name=family,
            date_of_birth=born,
            gender=gender,
            email=email,
            school=schools[school],
            graduation_year=season.year + 1,
            subjects=subjects,
            motivation=MOTIVATION.format(subjects=subjects.lower().replace(",", " and", 1)),
            language=language,
            nominator_email=f"principal@{slugify(school)}.demo-schools.ish.invalid",
        )
    except (ValidationError, RuleViolation):
        return  # e.g. someone applied through the portal for this school's place first
    if confirmed:
        services.confirm_nomination(application, confirmed=True)
    for by, score in zip((office, reviewer), points, strict=True):
        if score is not None:
            services.score(application, reviewer=by, points=score)
    if actions and actions[0] == "shortlist":
        checklist.update_travel(
            application,
            actor=office,
            interview_at=dt.datetime(season.year, 6, 20, 10, 0, tzinfo=BERLIN)
            + dt.timedelta(minutes=30 * APPLICANTS.index(row)),
            interview_notes="Curious, well prepared; good spoken English."
            if points[0] and points[0] >= 8
            else "",
        )
    for number, action in enumerate(actions, start=1):
        note = comment if number == len(actions) else ""
        by = None if action == "withdraw" else office  # the pupil withdraws
        application = services.perform(application, action, actor=by, comment=note)
    if application.status in Application.TRAVELLING:
        _travel(
            application, season, office, complete=application.status == Application.Status.CONFIRMED
        )


def _travel(application: Application, season: Season, office: User, *, complete: bool) -> None:
    """The NYSF session in January after the season and the pre-departure checklist; the
    selected candidate's is only partly done."""
    departure = _departure(season)
    done = dt.date(season.year, 9, 15)
    checklist.update_travel(
        application,
        actor=office,
        nysf_session="Year 12 Program, Canberra (Session A)",
        departure_on=departure,
        return_on=dt.date(season.year + 1, 1, 22),
        passport_expires_on=dt.date(season.year + 4, 3, 1),
        visa_done_on=done,
        flights_done_on=done if complete else None,
        insurance_done_on=done if complete else None,
        consent_done_on=done if complete or not application.is_minor else None,
    )


# --- inbound -----------------------------------------------------------------------------------


def _inbound(season: Season, office: User) -> None:
    """Australian students nominated by the demo NYSF coordinator for the ISH summer."""
    coordinator = User.objects.get(username="nysf")
    nysf = City.objects.get(slug="nysf")
    fields = {field.slug: field for field in ResearchField.objects.all()}
    existing = set(
        Nomination.objects.filter(season=season, city=nysf).values_list("email", flat=True)
    )
    before_deadline = timezone.now() <= nominations.deadline_for(season, nysf)
    actor = coordinator if before_deadline else office
    for given, family, (month, day, years), gender, school, interests, actions in INBOUND:
        email = demo_email(given, family).replace("demo-pupils", "demo-students")
        if email in existing:
            continue
        nomination = nominations.create_nomination(
            actor=actor,
            season=season,
            city=nysf,
            interests=[fields[slug] for slug in interests],
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(season.starts_on.year - years, month, day),
            gender=gender,
            email=email,
            nationality="AU",
            school=school,
            graduation_year=season.year - 1,
            english_level="C2",
            german_level="A2",
            motivation=(
                "After the NYSF in Canberra I would love to work in a Heidelberg lab on "
                f"{' and '.join(interests)}."
            ),
            language="en",
            emergency_contact_name=f"Parent of {given} {family}",
        )
        kinds = [Document.Kind.CV, Document.Kind.MOTIVATION_LETTER, Document.Kind.TRANSCRIPT]
        if nomination.needs_guardian_consent:
            kinds.append(Document.Kind.CONSENT_FORM)
        for kind in kinds:
            upload_document(
                nomination,
                actor=actor,
                kind=kind,
                upload=SimpleUploadedFile(
                    f"{family}-{kind}.pdf".lower().replace("'", ""),
                    demo_pdf(f"{Document.Kind(kind).label}: {given} {family}"),
                    content_type="application/pdf",
                ),
            )
        for action in actions:
            by = actor if action == "submit" else office
            participants.perform(nomination, action, actor=by)
