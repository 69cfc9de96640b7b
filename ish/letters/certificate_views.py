"""The office's certificates page (per season: who completed the programme, who not and why, the
verdict set by hand, generating them all through the export mechanism) and a single
certificate's download (the office; the student's own coordinator)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.models import Language, User
from ish.errors import RuleViolation
from ish.letters import certificates
from ish.letters.certificates import Facts
from ish.letters.documents import DocumentsUnavailable
from ish.letters.exports import bulk_language
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.programme.completion import Completion, completions_of, rule_text, set_completion
from ish.programme.selectors import participants_of
from ish.rosters import services as exports
from ish.rosters.models import ExportJob
from ish.rosters.selectors import exports_visible_to
from ish.seasons.pages import chosen_season, season_url

VERDICTS = {"yes": True, "no": False, "derived": None}


def _ensure_office(user: User) -> None:
    """The page is the office's: to anyone else it does not exist."""
    if not user.is_organiser:
        raise Http404


@dataclass(frozen=True)
class Row:
    nomination: Nomination
    completion: Completion
    facts: Facts
    languages: list[str]


def rows_of(season) -> list[Row]:
    """The season's participants with their completion, lab and project, and the languages of
    their certificate; in a fixed number of queries however many they are."""
    people = list(
        participants_of(season)
        .select_related("city")
        .only(
            "given_name",
            "family_name",
            "language",
            "status",
            "completed_programme",
            "city__name",
            "season_id",
        )
        .order_by("city__name", "family_name", "given_name", "pk")
    )
    completions = completions_of(season)
    facts = certificates.facts_of(person.pk for person in people)
    offered = certificates.languages_offered()
    return [
        Row(
            person,
            completions[person.pk],
            facts[person.pk],
            [*certificates.BASE, *([person.language] if _own(person, offered) else [])],
        )
        for person in people
    ]


def _own(person: Nomination, offered: list[str]) -> bool:
    return person.language in offered and person.language not in certificates.BASE


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    _ensure_office(request.user)
    season, seasons = chosen_season(request)
    context: dict = {"season": season, "seasons": seasons}
    if season is not None:
        rows = rows_of(season)
        completed = sum(row.completion.completed for row in rows)
        jobs = exports_visible_to(request.user).filter(
            kind=ExportJob.Kind.CERTIFICATES, season=season, requested_by=request.user
        )[:5]
        offered = certificates.languages_offered()
        context |= {
            "rows": rows,
            "completed": completed,
            "not_completed": len(rows) - completed,
            "rule": rule_text(),
            "jobs": jobs,
            "languages": [(code, Language(code).label) for code in offered],
            "bulk_language": bulk_language(),
        }
    return render(request, "letters/certificates.html", context)


@require_POST
@login_required
def completion_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """The office's verdict on one participant: completed, not completed, or derived."""
    _ensure_office(request.user)
    nomination = get_object_or_404(nominations_visible_to(request.user), pk=pk)
    verdict = request.POST.get("completed", "")
    if verdict not in VERDICTS:
        messages.error(request, _("Choose completed, not completed or from attendance."))
    else:
        try:
            set_completion(nomination, VERDICTS[verdict], actor=request.user)
        except RuleViolation as refused:
            messages.error(request, refused.message)
    return redirect(season_url("certificates:list", nomination.season, f"row-{nomination.pk}"))


@require_POST
@login_required
def generate_all(request: HttpRequest) -> HttpResponse:
    """Start the export of every certificate of the season (kind `certificates`)."""
    _ensure_office(request.user)
    season, _seasons = chosen_season(request)
    if season is None:
        raise Http404
    language = request.POST.get("language", "")
    if language not in certificates.languages_offered():
        language = certificates.DEFAULT_LANGUAGE
    exports.request_export(
        user=request.user, kind=ExportJob.Kind.CERTIFICATES, season=season, language=language
    )
    messages.success(
        request,
        _("The certificates are being generated: their progress is shown below. You also get an "
          "e-mail when they are ready."),
    )  # fmt: skip
    return redirect(season_url("certificates:list", season, "generated"))


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One participant's certificate (`?language=`), for the office and the student's own
    coordinator; refused with the rule, on the page it was asked from, while they have not
    completed the programme."""
    nomination = get_object_or_404(
        certificates.certificates_visible_to(request.user).select_related("season", "city"), pk=pk
    )
    try:
        letter, pdf = certificates.certificate_for(
            nomination, request.GET.get("language"), user=request.user
        )
    except RuleViolation as refused:
        messages.error(request, refused.message)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    except DocumentsUnavailable as unavailable:
        messages.error(request, str(unavailable))
    else:
        return certificates.pdf_response(pdf, certificates.file_name(nomination, letter))
    back = (
        season_url("certificates:list", nomination.season, f"row-{nomination.pk}")
        if request.GET.get("from") == "certificates" and request.user.is_organiser
        else reverse("nominations:detail", args=[nomination.pk])
    )
    return redirect(back)
