"""Letters and certificates: the office's documents about a participant, rendered to PDF."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "ish.letters"
    verbose_name = _("Letters and certificates")

    def ready(self) -> None:
        from ish.audit import track
        from ish.letters import (
            attachments,
            exports,  # noqa: F401 (registers the certificates' export)
        )
        from ish.letters.models import IssuedLetter, LetterSettings, LetterText
        from ish.notifications.attachments import register

        # Who issued or revoked which letter, and who changed what the letters say.
        track(IssuedLetter)
        track(LetterSettings, exclude=["updated_at"])
        track(LetterText, exclude=["updated_at"])
        register(attachments.ACCEPTANCE_EVENT, attachments.acceptance_letter)
