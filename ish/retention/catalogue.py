"""The one place that says, for every stored field of every area, what the retention run does to
it: anonymised by a rule, kept because it is not personal (with the reason), or out of scope with
its whole model. tests/retention/test_field_coverage.py fails for a field listed nowhere."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from ish.accounts.models import User
from ish.alumni.models import Alumnus, Answer, GroupMail, Question, Survey
from ish.exchange.models import (
    Application,
    ApplicationChange,
    ApplicationDocument,
    OutboundProgramme,
    School,
    Score,
)
from ish.housing.models import Accommodation, HousingAssignment, HousingChange
from ish.labs.models import Institute, Lab
from ish.letters.models import IssuedLetter, LetterSettings, LetterText
from ish.nominations.models import Document, Nomination, NominationChange, ResearchInterest
from ish.notifications.models import OutboundEmail
from ish.participants.models import ParticipantLink
from ish.placements.models import MatchRun, Placement, PlacementChange
from ish.programme.models import Attendance, CalendarFeed, Event, Presentation
from ish.rosters.models import ExportJob
from ish.seasons.models import City, Quota, ResearchField, Season


@dataclass(frozen=True)
class Rule:
    """What becomes of a field's value: `value(row, old)` gives the new one."""

    description: str
    value: Callable[[models.Model, object], object]


def _empty(row: models.Model, old: object) -> object:
    if isinstance(old, list):
        return []
    if isinstance(old, dict):
        return {}
    if isinstance(old, dt.date | dt.datetime) or old is None:
        return None
    return ""


def _initial(row: models.Model, old: object) -> str:
    text = str(old or "").strip()
    return f"{text[0].upper()}." if text else ""


def _year_only(row: models.Model, old: dt.date | None) -> dt.date | None:
    return old.replace(month=1, day=1) if old else None


def _day_only(row: models.Model, old: dt.datetime | None) -> dt.datetime | None:
    """Noon of the same day in Heidelberg: the arrivals chart counts students per day."""
    if old is None:
        return None
    day = timezone.localtime(old).date()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _placeholder_address(row: models.Model, old: object) -> str:
    # The address is required and unique per season; `.invalid` can never be delivered to.
    return f"anonymised-{row.pk}@{row._meta.model_name}.invalid"


def _no_longer_a_key(row: models.Model, old: object) -> str:
    # The key is a hash of the recipient's address (ish.notifications); the row's id is unique.
    return f"anonymised:{row.pk}"


ERASED = Rule("erased", _empty)
INITIAL = Rule("initial only", _initial)
YEAR_ONLY = Rule("1 January of its year", _year_only)
DAY_ONLY = Rule("the day only (noon)", _day_only)
PLACEHOLDER_ADDRESS = Rule("a placeholder address", _placeholder_address)
NOT_A_KEY = Rule("replaced by the row's id", _no_longer_a_key)

# Field → rule, for each model the run anonymises (its rows stay: the dashboards count them).
ANONYMISED: dict[type[models.Model], dict[str, Rule]] = {
    Nomination: {
        "given_name": INITIAL,
        "family_name": INITIAL,
        "date_of_birth": YEAR_ONLY,
        "email": ERASED,
        "phone": ERASED,
        "school": ERASED,
        "motivation": ERASED,
        "passport_number": ERASED,
        "dietary_requirements": ERASED,
        "medical_notes": ERASED,
        "allergies": ERASED,
        "emergency_contact_name": ERASED,
        "emergency_contact_phone": ERASED,
        "arrival_at": DAY_ONLY,
        "departure_at": ERASED,
        "arrival_details": ERASED,
    },
    Application: {
        "given_name": INITIAL,
        "family_name": INITIAL,
        "date_of_birth": YEAR_ONLY,
        "email": PLACEHOLDER_ADDRESS,
        "phone": ERASED,
        "subjects": ERASED,
        "motivation": ERASED,
        "nominator_email": ERASED,
        "interview_at": ERASED,
        "interview_notes": ERASED,
        "departure_on": ERASED,
        "return_on": ERASED,
        "passport_expires_on": ERASED,
        "visa_done_on": ERASED,
        "insurance_done_on": ERASED,
        "consent_done_on": ERASED,
        "flights_done_on": ERASED,
        "checklist_done": ERASED,
    },
    NominationChange: {"comment": ERASED},
    PlacementChange: {"comment": ERASED},
    HousingChange: {"comment": ERASED},
    ApplicationChange: {"comment": ERASED},
    Placement: {"comment": ERASED, "explanation": ERASED},
    # Its warnings quote the student's allergies and medical notes.
    HousingAssignment: {"warnings": ERASED},
    # Why a student was excused from an event: often about their health or family.
    Attendance: {"reason": ERASED},
    # The verification page then confirms the letter under the initials only.
    IssuedLetter: {"name_printed": INITIAL},
    Score: {"comment": ERASED},
    OutboundEmail: {
        "to": ERASED,
        "recipient_name": ERASED,
        "subject": ERASED,
        "body_text": ERASED,
        "body_html": ERASED,
        "last_error": ERASED,
        "idempotency_key": NOT_A_KEY,
    },
}

# Rows the run deletes, with their files: nothing of them is counted anywhere.
DELETED: dict[type[models.Model], str] = {
    Document: "a student's documents, current and replaced, and their files",
    ApplicationDocument: "an applicant's documents and their files",
    ExportJob: "the season's exports and their files",
}

# Fields an alumnus agreed to keep (ish.alumni), each by the consent choice that keeps it. The run
# detaches the alumni from the season's nominations; a field whose choice the alumnus did not make
# is emptied (it never held a value: the consent stores nothing else), and who never agreed or
# withdrew is deleted with their survey answers.
Field = Alumnus.Field
BY_CONSENT: dict[type[models.Model], dict[str, str]] = {
    Alumnus: {
        "name": Field.NAME,
        "city": Field.CITY,
        "lab": Field.LAB,
        "email": Field.EMAIL,
        "later_studies": Field.LATER_STUDIES,
    },
}

# Fields of the models above that stay as they are, and why they are not personal.
_STATUS = "a status or event code, counted by the dashboards"
_WHEN = "when something happened in the workflow, not about the person"
_STAFF = "a staff member's name: staff accounts are not the season's personal data"
KEPT: dict[type[models.Model], dict[str, str]] = {
    Nomination: {
        "status": _STATUS,
        "gender": "counted in aggregates; not identifying alone",
        "nationality": "counted in aggregates; not identifying alone",
        "english_level": "a level of a scale, for aggregates",
        "german_level": "a level of a scale, for aggregates",
        "language": "which language e-mails were in",
        "completed_programme": "whether the programme was completed, counted per season",
        "submitted_at": _WHEN,
        "decided_at": _WHEN,
        "created_at": _WHEN,
        "updated_at": _WHEN,
        "anonymised_at": "when the retention run anonymised the row",
    },
    Application: {
        "status": _STATUS,
        "gender": "counted in aggregates (and per school's places); not identifying alone",
        "language": "which language e-mails were in",
        "nominator_confirmed_at": _WHEN,
        "nysf_session": "the NYSF's session, the same for every traveller of it",
        "programme": "which programme abroad: counted per programme",
        "created_at": _WHEN,
        "updated_at": _WHEN,
        "anonymised_at": "when the retention run anonymised the row",
    },
    **{
        history: {
            "action": _STATUS,
            "from_status": _STATUS,
            "to_status": _STATUS,
            "actor_label": _STAFF,
            "actor_kind": "who acted, as a code (the student, the system, …)",
            "reason": "a reason code the system gives",
            "created_at": _WHEN,
        }
        for history in (NominationChange, PlacementChange, HousingChange, ApplicationChange)
    },
    Placement: {
        "status": _STATUS,
        "starts_on": "the lab's days, counted as the lab's use",
        "ends_on": "the lab's days, counted as the lab's use",
        "offered_at": _WHEN,
        "answered_at": _WHEN,
        "reminded_at": _WHEN,
        "escalated_at": _WHEN,
        "created_at": _WHEN,
    },
    HousingAssignment: {
        "status": _STATUS,
        "check_in": "the bed's nights, counted in the beds chart",
        "check_out": "the bed's nights, counted in the beds chart",
        "created_at": _WHEN,
        "confirmed_at": _WHEN,
    },
    IssuedLetter: {
        "kind": "which document it was",
        "language": "which language the document was in",
        "reference": "the number printed on the document, which says nothing about the person",
        "issued_at": _WHEN,
        "revoked_at": _WHEN,
    },
    Attendance: {
        "status": "present, excused or absent: counted per event",
        "marked_at": _WHEN,
    },
    Score: {"updated_at": _WHEN},
    OutboundEmail: {
        "event": "which catalogue event the e-mail was",
        "language": "which language the e-mail was in",
        "status": _STATUS,
        "created_at": _WHEN,
        "next_attempt_at": _WHEN,
        "sent_at": _WHEN,
    },
    # Revoked by the run itself (ish.participants.links.revoke), which sets revoked_at.
    ParticipantLink: {
        "sent_at": _WHEN,
        "opened_at": _WHEN,
        "answered_at": _WHEN,
        "revoked_at": "set by the run: the link stops working",
    },
    MatchRun: {
        "run_at": _WHEN,
        "run_by_label": _STAFF,
        "unmatched": "nomination ids and reason codes only",
    },
    ResearchInterest: {},
    # The consent's own record stays as long as the alumnus (BY_CONSENT): what, when, which words.
    Alumnus: {
        "language": "which language the alumnus's page and mails are in",
        "asked_at": _WHEN,
        "consent": "which details the alumnus agreed to keep",
        "consented_at": "when the alumnus agreed: the consent's record",
        "consent_wording": "the words the alumnus agreed to: the consent's record",
        "consent_language": "the language of those words",
        "consent_version": "the version of those words",
        "withdrawn_at": _WHEN,
        "unsubscribed_at": "the alumnus's wish for no more mails, honoured by every later one",
    },
    Answer: {
        "text": "a survey answer an alumnus gave while agreeing to stay in touch; deleted with "
        "their consent",
        "answered_at": _WHEN,
    },
}

# Models that hold no personal data of a season's students or applicants, by label (the portal's
# models are named, not imported: the portal is the layer above).
OUT_OF_SCOPE: dict[str, str] = {
    Season._meta.label: "the season's frame",
    City._meta.label: "reference data",
    ResearchField._meta.label: "reference data",
    Quota._meta.label: "a city's places",
    Institute._meta.label: "an institution",
    Lab._meta.label: "a lab; its head is named as a work contact while the lab takes part",
    School._meta.label: "an institution",
    OutboundProgramme._meta.label: "a programme abroad: its places, rules and checklist",
    Accommodation._meta.label: (
        "host families and residences host over many seasons; the office keeps or deletes their "
        "contact data with the accommodation"
    ),
    User._meta.label: "staff accounts are not the season's personal data",
    Event._meta.label: "the season's programme: what happened when and where, and for whom",
    Presentation._meta.label: (
        "the final presentations' schedule: rooms, times, research titles and supervisors (staff)"
    ),
    CalendarFeed._meta.label: "a staff account's secret calendar address",
    LetterSettings._meta.label: "the office's letterhead, addresses and signatories (staff)",
    LetterText._meta.label: "the office's wording of its letters",
    "portal.WorkerHeartbeat": "process health",
    "portal.BeatHeartbeat": "process health",
    "retention.RetentionRun": "counts, and the name of the staff member who ran it",
    Survey._meta.label: "the office's questions to alumni",
    Question._meta.label: "the office's questions to alumni",
    GroupMail._meta.label: "the office's own text to alumni (each copy is in the outbox)",
}


def anonymised_values(row: models.Model) -> dict[str, object]:
    """The values the row's anonymised fields take (the row is not changed)."""
    return {
        name: rule.value(row, getattr(row, name)) for name, rule in ANONYMISED[type(row)].items()
    }


def kept_fields(model: type[models.Model]) -> frozenset[str]:
    """The fields of `model` whose values are not personal (and its id): the audit trail keeps
    their old and new values; every other field's values are struck from the entries about a
    person."""
    return frozenset({"id", *KEPT.get(model, {})})
