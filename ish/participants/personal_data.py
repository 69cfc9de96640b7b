"""A nominated student's data on request: everything stored about them across the areas (the
nomination, its history, placements, beds, self-service link, e-mails, audit trail) and their
documents, current and replaced, in one archive for the office to hand over."""

from django.db.models import QuerySet
from django.http import FileResponse

from ish import audit, personal_data
from ish.accounts.models import User
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import audit_entries_visible_to
from ish.notifications.selectors import emails_about, emails_visible_to
from ish.participants.models import ParticipantLink


def collect(nomination: Nomination, reader: User) -> dict:
    """What `data.json` holds about the student of `nomination` (read through the selectors of
    `reader`, an organiser)."""
    placements = nomination.placements.select_related("lab__institute").prefetch_related("changes")
    beds = nomination.housing.select_related("accommodation").prefetch_related("changes")
    link = ParticipantLink.objects.filter(nomination=nomination).first()
    mails = emails_about(nomination, reader)
    if nomination.email:
        mails |= emails_visible_to(reader).filter(to__iexact=nomination.email)
    trail = audit_entries_visible_to(reader).filter(audit.about(nomination))
    return {
        "subject": f"nomination:{nomination.pk}",
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
        "documents": personal_data.documents(documents_of(nomination)),
        "emails": personal_data.emails(mails.order_by("created_at", "id")),
        "audit": personal_data.audit_entries(audit.readable(trail, reader)),
    }


def download(nomination: Nomination, reader: User) -> FileResponse:
    """The student's data and documents as one ZIP; the download is kept in the audit trail."""
    data = collect(nomination, reader)
    return personal_data.download(nomination, reader, data, documents_of(nomination))


def documents_of(nomination: Nomination) -> QuerySet[Document]:
    """Every document of the student, also those a newer upload replaced (the selectors'
    nominations carry only the current ones)."""
    return Document.objects.filter(nomination=nomination).order_by("kind", "uploaded_at", "pk")
