"""The letters about one accepted student: the letter of invitation (for the visa) and the letter
of acceptance, each issued with a reference number and rendered to PDF."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.letters import services
from ish.letters.documents import render_pdf
from ish.letters.models import IssuedLetter, Kind, LetterSettings
from ish.letters.texts import Wording, languages_offered, wording
from ish.nominations.models import Nomination

TEMPLATES = {
    Kind.INVITATION: "letters/invitation.html",
    Kind.ACCEPTANCE: "letters/acceptance.html",
}


@dataclass(frozen=True)
class Document:
    letter: IssuedLetter | None  # None for a preview
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.letter.reference if self.letter else 'preview'}.pdf"


def ensure_accepted(nomination: Nomination) -> None:
    """Letters exist for students who hold a place (accepted or confirmed), and no one else."""
    if nomination.status not in Nomination.HOLDS_A_PLACE:
        raise RuleViolation(
            _("Letters are issued only for accepted students; this nomination is %(status)s.")
            % {"status": nomination.get_status_display()}
        )


def default_language(kind: str, nomination: Nomination) -> str:
    """The acceptance in the student's language where the office wrote it, else English; the
    invitation (read by a consulate) in English."""
    if kind == Kind.ACCEPTANCE and nomination.language in languages_offered(kind):
        return nomination.language
    return "en"


def checked_language(kind: str, language: str | None, nomination: Nomination) -> str:
    """The language asked for, if the document exists in it (ValidationError naming `language`
    otherwise); the default without one."""
    if not language:
        return default_language(kind, nomination)
    offered = languages_offered(kind)
    if language not in offered:
        raise ValidationError(
            {
                "language": _("This letter exists in %(offered)s; not in “%(language)s”.")
                % {"offered": ", ".join(offered), "language": language}
            }
        )
    return language


def generate(kind: str, nomination: Nomination, language: str | None, user: User) -> Document:
    """Issue the letter `kind` about `nomination` and render it (RuleViolation when the student
    is not accepted; the audit trail records who produced it)."""
    ensure_accepted(nomination)
    language = checked_language(kind, language, nomination)
    letter_settings = LetterSettings.current()
    # One transaction: a document that could not be rendered was never issued, nor read.
    with transaction.atomic():
        letter = services.issue(kind, nomination, language, user)
        return Document(letter, render(kind, nomination, language, letter, letter_settings))


def render(
    kind: str,
    nomination: Nomination,
    language: str,
    letter: IssuedLetter | None,
    letter_settings: LetterSettings,
    text: Wording | None = None,
) -> bytes:
    """The PDF of `kind` about `nomination` (also a preview's, with a sample student)."""
    text = (text or wording(kind, language)).filled(placeholders(nomination, language))
    with translation.override(language):
        nationality = nomination.nationality.name if nomination.nationality else ""
    context = {
        **services.document_context(letter, letter_settings),
        "wording": text,
        "nomination": nomination,
        "name": letter.name_printed if letter else services.printed_name(nomination),
        "nationality": nationality,
        "date_of_birth": services.formatted_date(nomination.date_of_birth, language),
        "starts_on": services.formatted_date(nomination.season.starts_on, language),
        "ends_on": services.formatted_date(nomination.season.ends_on, language),
    }
    return render_pdf(TEMPLATES[kind], context, language=language)


def placeholders(nomination: Nomination, language: str) -> dict[str, str]:
    season = nomination.season
    return {
        "name": services.printed_name(nomination),
        "season": str(season.year),
        "city": nomination.city.name,
        "starts_on": services.formatted_date(season.starts_on, language),
        "ends_on": services.formatted_date(season.ends_on, language),
    }
