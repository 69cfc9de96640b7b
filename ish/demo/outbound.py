"""Demo outbound programme beside the NYSF: the Weizmann Institute's ISSI in Rehovot, two places,
with two applicants (one of them applied to the NYSF too) of whom one is selected. Through the
services, idempotent: the programme is created once, an applicant already there is left as is."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from ish.accounts.models import User
from ish.demo.exchange import demo_email
from ish.demo.nominations import demo_pdf
from ish.errors import RuleViolation
from ish.exchange import programmes, services
from ish.exchange.models import Application, ApplicationDocument, OutboundProgramme, School
from ish.seasons.models import Season

ISSI = "issi"
# given name, family name, gender, school, language, the actions that bring them to their status
APPLICANTS = [
    ("Lea", "Hoffmann", "female", "Bunsen-Gymnasium", "de", ["shortlist"]),
    ("Ben", "Kaya", "male", "Helmholtz-Gymnasium", "en", ["shortlist", "select"]),
]


def load_demo_outbound(season: Season) -> None:
    office = User.objects.get(username="office")
    issi = OutboundProgramme.objects.filter(slug=ISSI).first() or programmes.save_programme(
        actor=office,
        slug=ISSI,
        name="ISSI",
        host_country="IL",
        host_city="Rehovot",
        places=2,
        candidates_per_school_and_gender=1,
        departure_on=dt.date(season.year, 7, 1),
        return_on=dt.date(season.year, 7, 31),
        reminder_days=[30, 7],
        required_documents=[ApplicationDocument.Kind.CV],
        checklist_items=["Passport valid until", "Israeli entry permit (ETA-IL)", "Flights"],
    )
    existing = set(
        Application.objects.filter(season=season, programme=issi).values_list("email", flat=True)
    )
    for given, family, gender, school, language, actions in APPLICANTS:
        email = demo_email(given, family)
        if email not in existing:
            _apply(issi, season, office, email, given, family, gender, school, language, actions)


def _apply(issi, season, office, email, given, family, gender, school, language, actions) -> None:
    try:
        application = services.apply(
            season=season,
            programme=issi,
            documents={
                ApplicationDocument.Kind.CV: SimpleUploadedFile(
                    f"{family}-cv.pdf".lower(),
                    demo_pdf(f"Curriculum vitae: {given} {family}"),
                    content_type="application/pdf",
                )
            },
            given_name=given,
            family_name=family,
            date_of_birth=dt.date(season.year - 18, 3, 14),
            gender=gender,
            email=email,
            school=School.objects.get(name=school),
            graduation_year=season.year + 1,
            subjects="Biology, Chemistry, Physics",
            motivation="I would like to work in a lab at the Weizmann Institute this summer.",
            language=language,
            nominator_email=f"principal@{slugify(school)}.demo-schools.ish.invalid",
        )
    except (ValidationError, RuleViolation):
        return  # e.g. the call is closed, or the school's place is taken
    services.confirm_nomination(application, confirmed=True)
    for action in actions:
        application = services.perform(application, action, actor=office)
