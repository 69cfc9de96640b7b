"""Issuing, verifying and revoking the office's documents: every document gets an IssuedLetter
row (its reference number) and a signed verification link, and the common parts every document
prints (letterhead, signatories, reference, link) come from `document_context`."""

import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from ish.accounts.models import User
from ish.audit import record_read
from ish.letters.documents import image_data_uri
from ish.letters.models import REFERENCE_CODES, IssuedLetter, LetterSettings
from ish.nominations.models import Nomination

VERIFICATION_SALT = "ish.letters.verify"


def issue(
    kind: str, nomination: Nomination, language: str, user: User | None, *, by: str = ""
) -> IssuedLetter:
    """A new reference number for a document about `nomination`, and the audit trail's entry
    that `user` (or `by`, an ish.history.Actor, without one) produced it: the document carries
    the student's personal data."""
    with transaction.atomic():
        letter = IssuedLetter.objects.create(
            kind=kind,
            nomination=nomination,
            language=language,
            reference=uuid.uuid4().hex[:24],  # unique until replaced below by the row's number
            issued_by=user,
            name_printed=printed_name(nomination),
        )
        letter.reference = reference_number(letter, nomination.season.year)
        letter.save(update_fields=["reference"])
    record_read(nomination, user, download=f"{letter.reference}.pdf", by=by)
    return letter


def reference_number(letter: IssuedLetter, year: int) -> str:
    """ISH-2027-INV-00042: the year, the kind and the row's number, readable on the phone."""
    return f"ISH-{year}-{REFERENCE_CODES[letter.kind]}-{letter.pk:05d}"


def printed_name(nomination: Nomination) -> str:
    """The name as the nomination holds it (given name(s), family name), which the coordinator
    enters as in the passport: the model has no separate passport name."""
    return f"{nomination.given_name} {nomination.family_name}".strip()


def verification_token(letter: IssuedLetter) -> str:
    return signing.dumps(letter.pk, salt=VERIFICATION_SALT)


def verification_url(letter: IssuedLetter) -> str:
    path = reverse("letters:verify", kwargs={"token": verification_token(letter)})
    return f"{settings.SITE_URL}{path}"


def verified(token: str) -> IssuedLetter | None:
    """The letter a token names, or None for a token we did not sign (or a deleted letter)."""
    try:
        pk = signing.loads(token, salt=VERIFICATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return IssuedLetter.objects.filter(pk=pk).first()


def revoke(letter: IssuedLetter) -> IssuedLetter:
    """The verification page says from now on that the letter was revoked (the audit trail
    names who did it)."""
    if letter.revoked_at is None:
        letter.revoked_at = timezone.now()
        letter.save(update_fields=["revoked_at"])
    return letter


def formatted_date(day: dt.date | None, language: str) -> str:
    """A date as the document's language writes it in running text."""
    if day is None:
        return ""
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def signatories(letter_settings: LetterSettings, *, both: bool = False) -> list[dict[str, str]]:
    """The signature blocks: the signatory's, and for certificates the second one's too."""
    blocks = [
        {
            "name": letter_settings.signatory_name,
            "title": letter_settings.signatory_title,
            "image": image_data_uri(letter_settings.signature),
        }
    ]
    if both:
        blocks.append(
            {
                "name": letter_settings.second_signatory_name,
                "title": letter_settings.second_signatory_title,
                "image": image_data_uri(letter_settings.second_signature),
            }
        )
    return [block for block in blocks if block["name"] or block["image"]]


def document_context(
    letter: IssuedLetter | None, letter_settings: LetterSettings, *, both_signatures: bool = False
) -> dict:
    """What letters/base.html prints around every document; without a letter (a preview) no
    reference and no link."""
    return {
        "letter_settings": letter_settings,
        "signatories": signatories(letter_settings, both=both_signatures),
        "reference": letter.reference if letter else "",
        "verification_url": verification_url(letter) if letter else "",
        "issued_on": timezone.localdate(letter.issued_at) if letter else timezone.localdate(),
    }
