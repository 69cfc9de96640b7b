"""The letter of acceptance as an attachment of the acceptance e-mail to the student, when the
office chose so (LetterSettings.attach_acceptance_letter): made when the e-mail is delivered."""

import logging

from django.db import transaction

from ish.history import Actor
from ish.letters import services, student_letters
from ish.letters.documents import DocumentsUnavailable
from ish.letters.models import IssuedLetter, Kind, LetterSettings
from ish.letters.texts import languages_offered
from ish.nominations.models import Nomination
from ish.notifications.attachments import Attachment
from ish.notifications.models import OutboundEmail

logger = logging.getLogger(__name__)

ACCEPTANCE_EVENT = "nomination_accepted"


def acceptance_letter(email: OutboundEmail) -> list[Attachment]:
    """The letter for the student's own copy of the acceptance (not the coordinators'), in the
    e-mail's language where the office wrote the letter in it, else English. A retried delivery
    attaches the same letter again rather than issuing another."""
    nomination = email.about
    if (
        not isinstance(nomination, Nomination)
        or nomination.status not in Nomination.HOLDS_A_PLACE
        or email.to.strip().lower() != nomination.email.strip().lower()
    ):
        return []
    letter_settings = LetterSettings.current()
    if not letter_settings.attach_acceptance_letter:
        return []
    language = email.language if email.language in languages_offered(Kind.ACCEPTANCE) else "en"
    try:
        with transaction.atomic():
            letter = _issued_by_the_outbox(nomination, language)
            pdf = student_letters.render(
                Kind.ACCEPTANCE, nomination, language, letter, letter_settings
            )
    except DocumentsUnavailable as unavailable:
        # The acceptance itself matters more than its attachment: it goes out without.
        logger.warning("E-mail %s goes without its letter of acceptance: %s", email.pk, unavailable)
        return []
    return [Attachment(f"{letter.reference}.pdf", pdf, "application/pdf")]


def _issued_by_the_outbox(nomination: Nomination, language: str) -> IssuedLetter:
    earlier = nomination.issued_letters.filter(
        kind=Kind.ACCEPTANCE, language=language, issued_by=None, revoked_at=None
    ).first()
    if earlier is not None:
        return earlier
    return services.issue(Kind.ACCEPTANCE, nomination, language, None, by=Actor.SYSTEM)
