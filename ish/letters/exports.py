"""The season's certificates as one export (kind `certificates`): a ZIP with one PDF per
participant who completed the programme, named by participant, and all of them merged into one
PDF for printing; built by the export worker with its progress."""

import io
import zipfile

from django.utils import translation
from pypdf import PdfWriter

from ish.accounts.models import Role, User
from ish.letters.certificates import (
    DEFAULT_LANGUAGE,
    facts_of,
    file_name,
    languages_offered,
    render,
)
from ish.letters.models import LetterSettings
from ish.programme.completion import completed_in
from ish.seasons.models import Season
from ish.spreadsheets import export_file_kind

MERGED_NAME = "ISH {year} – all certificates for printing.pdf"


def bulk_language() -> str:
    """The job's language (the worker writes it in the language it was asked for) if the
    certificate is offered in it, else English."""
    language = translation.get_language() or DEFAULT_LANGUAGE
    return language if language in languages_offered() else DEFAULT_LANGUAGE


@export_file_kind(
    "certificates", roles={Role.ORGANISER}, extension="zip", content_type="application/zip"
)
def certificates_export(user: User, season: Season, target, progress) -> int:
    """Write the ZIP to `target`; returns how many certificates it holds."""
    language = bulk_language()
    participants = list(
        completed_in(season)
        .select_related("season", "city")
        .order_by("city__name", "family_name", "given_name", "pk")
    )
    facts = facts_of(participant.pk for participant in participants)
    letter_settings = LetterSettings.current()
    merged = PdfWriter()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, participant in enumerate(participants, start=1):
            letter, pdf = render(
                participant,
                language,
                user=user,
                facts=facts[participant.pk],
                letter_settings=letter_settings,
            )
            archive.writestr(file_name(participant, letter), pdf)
            merged.append(io.BytesIO(pdf))
            progress(min(99, done * 100 // (len(participants) + 1)))
        printing = io.BytesIO()
        merged.write(printing)
        archive.writestr(MERGED_NAME.format(year=season.year), printing.getvalue())
    progress(100)
    return len(participants)
