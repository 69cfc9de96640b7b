"""Certificates: one per participant who completed the programme (ish.programme.completion),
naming their city, lab, supervisor and project (from the final presentations; the placement's
lab and its head otherwise), with the programme's dates and two signature blocks, in English,
German or any language the office wrote the certificate's text in.

A certificate keeps its reference number: generating it again (a corrected name or project, a
lost copy, the bulk job run twice) reuses the participant's certificate in that language, so
every copy printed carries the same number and the verification link of each stays valid.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ish import audit
from ish.accounts.models import Language, User
from ish.errors import RuleViolation
from ish.letters import services, texts
from ish.letters.documents import render_pdf
from ish.letters.models import IssuedLetter, Kind, LetterSettings
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.placements.models import Placement
from ish.programme.completion import completion_of, rule_text
from ish.programme.models import Presentation

TEMPLATE = "letters/certificate.html"
DEFAULT_LANGUAGE = "en"
BASE = texts.BASE_LANGUAGES  # every certificate is offered in these


@dataclass(frozen=True)
class Facts:
    """What a certificate says of the participant's work."""

    lab: str = ""
    supervisor: str = ""
    project: str = ""


def certificates_visible_to(user: User) -> QuerySet[Nomination]:
    """Whose certificates `user` may produce: the office everyone's, a coordinator their
    city's participants'; nobody else's (a lab host's students' certificates are the office's)."""
    if user.is_organiser or user.is_coordinator:
        return nominations_visible_to(user)
    return Nomination.objects.none()


def languages_offered() -> list[str]:
    return texts.languages_offered(Kind.CERTIFICATE)


def languages_for(nomination: Nomination) -> list[str]:
    """English, German, and the participant's own language once the office has written the
    certificate in it."""
    offered = languages_offered()
    own = [nomination.language] if nomination.language in offered else []
    return list(dict.fromkeys([*BASE, *own]))


def checked_language(nomination: Nomination, language: str | None) -> str:
    """The language asked for, or English; ValidationError on `language` for one that is not
    among the portal's languages or in which this participant's certificate is not offered."""
    if not language:
        return DEFAULT_LANGUAGE
    if language not in Language.values:
        raise ValidationError(
            {"language": _("Unknown language: choose one of %(languages)s.")
                         % {"languages": ", ".join(Language.values)}}
        )  # fmt: skip
    offered = languages_for(nomination)
    if language not in offered:
        raise ValidationError(
            {"language": _("This certificate is offered in %(languages)s.")
                         % {"languages": ", ".join(offered)}}
        )  # fmt: skip
    return language


def facts_of(nomination_ids: Iterable[int]) -> dict[int, Facts]:
    """Each participant's lab, supervisor and project, in two queries: the title and supervisor
    of their (latest) final presentation, the lab of their accepted placement and its head where
    the presentation names no supervisor."""
    ids = list(nomination_ids)
    labs: dict[int, tuple[str, str]] = {}
    placed = Placement.objects.filter(nomination_id__in=ids, status=Placement.Status.ACCEPTED)
    for nomination_id, lab, institute, head in placed.values_list(
        "nomination_id", "lab__name", "lab__institute__name", "lab__head"
    ):
        labs[nomination_id] = (f"{lab}, {institute}" if institute else lab, head)
    presented: dict[int, tuple[str, str]] = defaultdict(lambda: ("", ""))
    slots = Presentation.nominations.through.objects.filter(nomination_id__in=ids).order_by(
        "presentation__starts_at", "presentation_id"
    )
    for nomination_id, title, supervisor in slots.values_list(
        "nomination_id", "presentation__title", "presentation__supervisor"
    ):
        presented[nomination_id] = (title, supervisor)  # the latest slot wins
    facts = {}
    for pk in ids:
        lab, head = labs.get(pk, ("", ""))
        title, supervisor = presented[pk]
        facts[pk] = Facts(lab=lab, supervisor=supervisor or head, project=title)
    return facts


def certificate_letter(nomination: Nomination, language: str, user: User | None) -> IssuedLetter:
    """The participant's certificate in `language`: the one issued before (its name as printed
    brought up to date), else a new one. Either way the audit trail records who produced it."""
    letter = (
        IssuedLetter.objects.filter(
            kind=Kind.CERTIFICATE, nomination=nomination, language=language, revoked_at=None
        )
        .order_by("issued_at", "pk")
        .first()
    )
    if letter is None:
        return services.issue(Kind.CERTIFICATE, nomination, language, user)
    name = services.printed_name(nomination)
    if letter.name_printed != name:
        letter.name_printed = name
        letter.save(update_fields=["name_printed"])
    audit.record_read(nomination, user, download=f"{letter.reference}.pdf")
    return letter


def context_of(
    nomination: Nomination,
    language: str,
    facts: Facts,
    letter: IssuedLetter | None,
    letter_settings: LetterSettings,
) -> dict:
    """What letters/certificate.html prints. The text's paragraphs are split around `{name}`, so
    the name stands on its own line, large."""
    season = nomination.season
    wording = (
        texts.wording(Kind.CERTIFICATE, language)
        or texts.DEFAULTS[(Kind.CERTIFICATE, DEFAULT_LANGUAGE)]
    )
    filled = wording.filled(
        {
            "season": season.year,
            "starts_on": services.formatted_date(season.starts_on, language),
            "ends_on": services.formatted_date(season.ends_on, language),
            "city": nomination.city.name,
            "lab": facts.lab,
            "supervisor": facts.supervisor,
            "project": facts.project,
        }
    )
    name = services.printed_name(nomination)
    paragraphs = []
    for paragraph in filled.paragraphs():
        before, marker, after = paragraph.partition("{name}")
        paragraphs.append({"before": before.strip(), "named": bool(marker), "after": after.strip()})
    if not any(part["named"] for part in paragraphs):
        paragraphs.insert(0, {"before": "", "named": True, "after": ""})
    return {
        **services.document_context(letter, letter_settings, both_signatures=True),
        "document_class": "certificate",  # its own page layout (documents.css)
        "wording": filled,
        "paragraphs": paragraphs,
        "name": name,
    }


def render(
    nomination: Nomination,
    language: str,
    *,
    user: User | None,
    facts: Facts | None = None,
    letter_settings: LetterSettings | None = None,
) -> tuple[IssuedLetter, bytes]:
    """The certificate as PDF, with its reference number; whether the participant completed
    the programme is the caller's to check (`certificate_for`, or the bulk job's list)."""
    facts = facts if facts is not None else facts_of([nomination.pk])[nomination.pk]
    letter = certificate_letter(nomination, language, user)
    context = context_of(
        nomination, language, facts, letter, letter_settings or LetterSettings.current()
    )
    return letter, render_pdf(TEMPLATE, context, language=language)


def certificate_for(
    nomination: Nomination, language: str | None, *, user: User
) -> tuple[IssuedLetter, bytes]:
    """One participant's certificate, produced on its own (their page, the API): refused with
    the rule while they have not completed the programme."""
    language = checked_language(nomination, language)
    completion = completion_of(nomination)
    if not completion.completed:
        raise RuleViolation(
            _("No certificate: %(name)s has not completed the programme. %(why)s %(rule)s")
            % {"name": services.printed_name(nomination), "why": completion.reason,
               "rule": rule_text()}
        )  # fmt: skip
    return render(nomination, language, user=user)


def file_name(nomination: Nomination, letter: IssuedLetter) -> str:
    """A certificate's file name: the participant's name as printed, and the reference."""
    name = services.printed_name(nomination)
    safe = "".join(c if c.isprintable() and c not in '/\\:*?"<>|' else "_" for c in name)
    return f"{safe} {letter.reference}.pdf"


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    """A PDF produced for the request, as a download (never inline: see ish.uploads)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
