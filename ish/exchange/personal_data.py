"""An NYSF applicant's data on request: the application, its scores, checklist, history,
e-mails and audit trail, and their documents, in one archive for the office to hand over."""

from django.http import FileResponse

from ish import personal_data
from ish.accounts.models import User
from ish.exchange import checklist
from ish.exchange.models import Application, ApplicationDocument
from ish.nominations.selectors import audit_entries_about
from ish.notifications.selectors import emails_about_person


def download(application: Application, reader: User) -> FileResponse:
    """The applicant's data and documents as one ZIP for `reader`, an organiser; the download
    is kept in the audit trail."""
    return personal_data.download(
        application,
        reader,
        _stored_about(application),
        stored=ApplicationDocument.objects.filter(application=application).order_by("kind"),
        mails=emails_about_person(application, application.email, reader).order_by("created_at"),
        trail=audit_entries_about(reader, application),
    )


def _stored_about(application: Application) -> dict:
    return {
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
    }
