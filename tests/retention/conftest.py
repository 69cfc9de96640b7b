"""A past season full of personal data, written where the product writes it (records, history
notes, documents current and replaced, placements, beds, NYSF applications with scores, e-mails,
exports, audit entries), and a later season that no run may touch."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.utils import timezone

from ish.exchange.models import Application, ApplicationChange
from ish.housing.models import HousingChange
from ish.nominations.models import Document, Nomination, NominationChange
from ish.notifications.services import Recipient, notify
from ish.placements.models import PlacementChange
from ish.rosters.models import ExportJob
from tests.factories import (
    BERLIN,
    ApplicationFactory,
    DocumentFactory,
    HousingAssignmentFactory,
    LabFactory,
    PlacementFactory,
    ScoreFactory,
    SeasonFactory,
    accepted_nomination,
)

# While the 2025 season's nominations are made, and when its data is due (12 months after its
# last day, 13 August 2025).
SPRING_2025 = dt.datetime(2025, 3, 1, 10, 0, tzinfo=BERLIN)
DUE_2025 = dt.datetime(2026, 8, 14, 4, 0, tzinfo=BERLIN)

# Every personal value written into the 2025 season: none may be found anywhere after the run.
SECRETS = {
    "given_name": "Hinata",
    "family_name": "Kurosawa",
    "email": "hinata.kurosawa@example.jp",
    "phone": "+81 96 777 0142",
    "school": "Seiryo Academy Kumamoto",
    "motivation": "MOTIVATION proteins 42",
    "passport_number": "PASS-C0FFEE-42",
    "medical_notes": "MEDNOTE asthma inhaler 42",
    "allergies": "ALLERGY hazelnut 42",
    "dietary_requirements": "DIET kosher 42",
    "emergency_contact_name": "EMERGENCY Hanako Kurosawa",
    "emergency_contact_phone": "+81 90 5555 0142",
    "arrival_details": "FLIGHT LH 716 Frankfurt",
}
APPLICANT = {
    "given_name": "Leonie",
    "family_name": "Bergmann",
    "email": "leonie.bergmann@example.de",
    "phone": "+49 6221 999 0142",
    "subjects": "SUBJECTS Biology Chemistry 42",
    "motivation": "APPMOTIVATION Australia 42",
    "nominator_email": "principal.bergmann@school.example.de",
    "interview_notes": "INTERVIEW nervous 42",
}
NOTES = ["NOTE mother called 42", "PLACEMENT allergic 42", "HOUSING vegetarian 42", "SCORE 42"]
STUDENT_ADDRESS = "203.0.113.42"


def everything_secret() -> list[str]:
    values = [*SECRETS.values(), *APPLICANT.values(), *NOTES]
    # Phone numbers are stored as +81967770142: their last digits stand for them.
    return [value for value in values if not value.startswith("+")] + [
        "7770142",
        "55550142",
        "9990142",
    ]


@dataclass
class PastSeason:
    season: object
    nomination: Nomination
    application: Application
    lab: object
    files: list[str] = field(default_factory=list)


@pytest.fixture
def clock(db):
    with time_machine.travel(SPRING_2025, tick=False) as traveller:
        yield traveller


@pytest.fixture
def past(clock, organiser) -> PastSeason:
    """The 2025 season: a student accepted, with everything the product stores about her, and a
    rejected NYSF applicant; made in spring 2025."""
    season = SeasonFactory(year=2025)
    nomination = accepted_nomination(
        organiser,
        season=season,
        date_of_birth=dt.date(2007, 5, 1),
        arrival_at=dt.datetime(2025, 7, 16, 14, 30, tzinfo=BERLIN),
        departure_at=dt.datetime(2025, 8, 14, 9, 0, tzinfo=BERLIN),
        **SECRETS,
    )
    DocumentFactory(nomination=nomination, kind=Document.Kind.CV, replaced_at=timezone.now())
    NominationChange.record(
        nomination, "note", nomination.status, actor=organiser, comment=NOTES[0]
    )
    lab = LabFactory()
    placement = PlacementFactory(
        nomination=nomination, lab=lab, status="accepted", comment=NOTES[1], explanation=NOTES[1]
    )
    PlacementChange.record(placement, "accept", "offered", actor=organiser, comment=NOTES[1])
    stay = HousingAssignmentFactory(
        nomination=nomination, warnings=[f"Pets and allergies: {SECRETS['allergies']}"]
    )
    HousingChange.record(stay, "change", "proposed", actor=organiser, comment=NOTES[2])
    notify(
        "housing_assigned_host",
        about=stay,
        recipients=[Recipient("host@example.de", "de", "Host")],
        context={
            "student": nomination.full_name, "city": "Kumamoto", "season": 2025,
            "check_in": stay.check_in, "check_out": stay.check_out,
            "dietary_requirements": SECRETS["dietary_requirements"], "languages": "de",
        },
    )  # fmt: skip
    application = ApplicationFactory(
        season=season, status="rejected", documents=["cv", "motivation_letter"], **APPLICANT
    )
    ScoreFactory(application=application, reviewer=organiser, comment=NOTES[3])
    ApplicationChange.record(
        application, "reject", "shortlisted", actor=organiser, comment=NOTES[3]
    )
    notify(
        "exchange_application_decided",
        about=application,
        recipients=[Recipient(application.email, "en", application.full_name)],
        context={"season": 2025, "decision": "rejected", "comment": NOTES[3]},
    )
    export = ExportJob.objects.create(
        kind="roster", season=season, requested_by=organiser, status="done"
    )
    export.file.save("roster.xlsx", ContentFile(b"PK roster of Hinata Kurosawa"))
    # The student opened her self-service page from her own address.
    LogEntry.objects.log_create(
        nomination,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        remote_addr=STUDENT_ADDRESS,
        additional_data={"access": "read", "by": "student"},
    )
    files = [
        *Document.objects.filter(nomination=nomination).values_list("file", flat=True),
        *application.documents.values_list("file", flat=True),
        export.file.name,
    ]
    return PastSeason(season, nomination, application, lab, files)


@pytest.fixture
def later(past, organiser) -> Nomination:
    """A nomination of the 2027 season, whose data is kept long after 2025's is due."""
    return accepted_nomination(
        organiser, season=SeasonFactory(year=2027), given_name="Kaito", family_name="Later"
    )


@pytest.fixture
def due(past, clock):
    """The day after 2025's data is due."""
    clock.move_to(DUE_2025)
