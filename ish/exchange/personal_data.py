"""An NYSF applicant's data on request: the application, its scores, checklist, history,
e-mails and audit trail, and their documents, in one archive for the office to hand over."""

from django.db.models import QuerySet
from django.http import FileResponse

from ish import audit, personal_data
from ish.accounts.models import User
from ish.exchange import checklist
from ish.exchange.models import Application, ApplicationDocument
from ish.nominations.selectors import audit_entries_visible_to
from ish.notifications.selectors import emails_about, emails_visible_to


def collect(application: Application, reader: User) -> dict:
    """What `data.json` holds about the applicant (read through the selectors of `reader`, an
    organiser)."""
    mails = emails_about(application, reader) | emails_visible_to(reader).filter(
        to__iexact=application.email
    )
    trail = audit_entries_visible_to(reader).filter(audit.about(application))
    return {
        "subject": f"application:{application.pk}",
        "application": {
            **personal_data.record(application),
            "season_year": application.season.year,
            "school_name": application.school.name,
        },
        "scores": [
            {
                "reviewer": score.reviewer.username,
                "points": score.points,
                "comment": score.comment,
                "updated_at": score.updated_at,
            }
            for score in application.scores.select_related("reviewer")
        ],
        "checklist": {
            **{item: getattr(application, item) for item in checklist.ITEMS},
            "missing": checklist.missing_before_departure(application),
        },
        "history": personal_data.history(application.changes.order_by("created_at", "id")),
        "documents": personal_data.documents(documents_of(application)),
        "emails": personal_data.emails(mails.order_by("created_at", "id")),
        "audit": personal_data.audit_entries(audit.readable(trail, reader)),
    }


def download(application: Application, reader: User) -> FileResponse:
    """The applicant's data and documents as one ZIP; the download is kept in the audit trail."""
    data = collect(application, reader)
    return personal_data.download(application, reader, data, documents_of(application))


def documents_of(application: Application) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(application=application).order_by("kind", "pk")
