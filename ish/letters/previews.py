"""A document of each kind rendered for a sample student, so the office sees its wording, its
letterhead and its signatures before any student does. An area that adds a kind of document
(certificates) registers its own preview."""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from ish.letters import student_letters
from ish.letters.models import Kind, LetterSettings
from ish.letters.texts import Wording
from ish.nominations.models import Nomination
from ish.seasons.models import City, Season

# kind → render(language, letter settings, wording) → PDF bytes
Preview = Callable[[str, LetterSettings, Wording | None], bytes]
_previews: dict[str, Preview] = {}


def register(kind: str, preview: Preview) -> None:
    _previews[kind] = preview


def has_preview(kind: str) -> bool:
    return kind in _previews


def render(kind: str, language: str, letter_settings: LetterSettings, text: Wording | None):
    return _previews[kind](language, letter_settings, text)


def sample_student() -> Nomination:
    """Unsaved: a student nobody is, with a name in two scripts and this year's dates."""
    year = timezone.localdate().year
    season = Season(year=year, starts_on=dt.date(year, 7, 20), ends_on=dt.date(year, 8, 28))
    return Nomination(
        season=season,
        city=City(name="Hangzhou", country="CN"),
        given_name="Zoë 小明",
        family_name="Šimůnková",
        date_of_birth=dt.date(year - 18, 5, 1),
        nationality="CN",
        passport_number="E12345678",
        status=Nomination.Status.ACCEPTED,
    )


def _student_letter(kind: str) -> Preview:
    def preview(language: str, letter_settings: LetterSettings, text: Wording | None) -> bytes:
        return student_letters.render(kind, sample_student(), language, None, letter_settings, text)

    return preview


register(Kind.INVITATION, _student_letter(Kind.INVITATION))
register(Kind.ACCEPTANCE, _student_letter(Kind.ACCEPTANCE))
