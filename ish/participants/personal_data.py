"""A nominated student's data on request: everything stored about them across the areas (the
nomination, its history, placements, beds, self-service link, e-mails, audit trail) and their
documents, current and replaced, in one archive for the office to hand over."""

from django.http import FileResponse

from ish import personal_data
from ish.accounts.models import User
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import audit_entries_about
from ish.notifications.selectors import emails_about_person
from ish.participants.models import ParticipantLink


def download(nomination: Nomination, reader: User) -> FileResponse:
    """The student's data and documents as one ZIP for `reader`, an organiser; the download is
    kept in the audit trail."""
    return personal_data.download(
        nomination,
        reader,
        _stored_about(nomination),
        # Every version: the selectors' nominations carry only the current documents.
        stored=Document.objects.filter(nomination=nomination).order_by("kind", "uploaded_at"),
        mails=emails_about_person(nomination, nomination.email, reader).order_by("created_at"),
        trail=audit_entries_about(reader, nomination),
    )


def _stored_about(nomination: Nomination) -> dict:
    placements = nomination.placements.select_related("lab__institute").prefetch_related("changes")
    beds = nomination.housing.select_related("accommodation").prefetch_related("changes")
    link = ParticipantLink.objects.filter(nomination=nomination).first()
    return {
        "nomination": {
            **personal_data.record(nomination),
            "season_year": nomination.season.year,
            "city_name": nomination.city.name,
            "research_interests": [
                interest.field.slug
                for interest in nomination.interests.select_related("field").order_by("rank")
            ],
        },
        "history": personal_data.history(nomination.changes.order_by("created_at", "id")),
        "placements": [
            {
                **personal_data.record(placement),
                "lab_name": placement.lab.name,
                "institute_name": placement.lab.institute.name,
                "history": personal_data.history(placement.changes.all()),
            }
            for placement in placements
        ],
        "housing": [
            {
                **personal_data.record(bed),
                "accommodation_name": bed.accommodation.name,
                "history": personal_data.history(bed.changes.all()),
            }
            for bed in beds
        ],
        "self_service_link": {
            name: getattr(link, name) for name in ("sent_at", "opened_at", "answered_at")
        }
        if link
        else None,
    }
