"""The letters' pages: the public verification page; the office's texts page (settings,
wording per kind and language, previews); a student's letters as PDF from the review page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.accounts.models import Language
from ish.errors import RuleViolation
from ish.letters import previews, services, student_letters
from ish.letters.documents import DocumentsUnavailable, pdf_response
from ish.letters.forms import LetterSettingsForm, LetterTextForm
from ish.letters.models import IssuedLetter, Kind, LetterSettings, LetterText
from ish.letters.selectors import nominations_with_letters_for
from ish.letters.texts import DEFAULTS, wording


@never_cache
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: says only that the letter exists, when it was issued, to whom, and whether it was
    revoked. A token we did not sign answers 404, as any unknown page."""
    letter = services.verified(token)
    if letter is None:
        return render(request, "letters/verify_invalid.html", status=404)
    return render(request, "letters/verify.html", {"letter": letter})


def _unavailable(request: HttpRequest, unavailable: DocumentsUnavailable) -> HttpResponse:
    return render(request, "letters/unavailable.html", {"message": str(unavailable)}, status=503)


@login_required
def student_letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A student's letter of invitation or acceptance as a download (organisers, the student's
    coordinator; 404 for anyone else). A refusal goes back to the review page, saying why."""
    if kind not in student_letters.TEMPLATES:
        raise Http404
    nomination = get_object_or_404(nominations_with_letters_for(request.user), pk=pk)
    try:
        document = student_letters.generate(
            kind, nomination, request.GET.get("language"), request.user
        )
    except DocumentsUnavailable as unavailable:
        return _unavailable(request, unavailable)
    except (RuleViolation, ValidationError) as refused:
        text = refused.message if isinstance(refused, RuleViolation) else " ".join(refused.messages)
        messages.error(request, text)
        return redirect("nominations:detail", pk=nomination.pk)
    return pdf_response(document.pdf, document.filename)


@require_POST
@organiser_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(IssuedLetter.objects.select_related("nomination"), pk=pk)
    services.revoke(letter)
    messages.success(request, _("The letter %(reference)s is revoked.") % {"reference": letter})
    return redirect("nominations:detail", pk=letter.nomination_id)


@organiser_required
def texts(request: HttpRequest) -> HttpResponse:
    """The office's settings for every document, and the wording per kind and language."""
    letter_settings = LetterSettings.current()
    form = LetterSettingsForm(request.POST or None, request.FILES or None, instance=letter_settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The letters' settings are saved."))
        return redirect("letters:texts")
    edited = set(LetterText.objects.values_list("kind", "language"))
    rows = [
        {
            "kind": kind,
            "cells": [
                {
                    "language": language,
                    "state": "edited"
                    if (kind, language) in edited
                    else ("default" if (kind, language) in DEFAULTS else "missing"),
                }
                for language in Language.values
            ],
        }
        for kind in Kind
    ]
    return render(
        request,
        "letters/texts.html",
        {"form": form, "rows": rows, "languages": Language.choices},
    )


def _kind_and_language(kind: str, language: str) -> tuple[Kind, str]:
    if kind not in Kind.values or language not in Language.values:
        raise Http404
    return Kind(kind), language


@organiser_required
def text_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    kind, language = _kind_and_language(kind, language)
    row = LetterText.objects.filter(kind=kind, language=language).first()
    current = wording(kind, language)
    initial = (
        {}
        if row or current is None
        else {
            "title": current.title,
            "opening": current.opening,
            "body": current.body,
            "closing": current.closing,
        }
    )
    form = LetterTextForm(
        request.POST or None,
        instance=row or LetterText(kind=kind, language=language),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The wording is saved."))
        return redirect("letters:text_edit", kind=kind, language=language)
    return render(
        request,
        "letters/text_edit.html",
        {
            "form": form,
            "kind": kind,
            "language": language,
            "language_name": Language(language).label,
            "edited": row is not None,
            "has_preview": previews.has_preview(kind) and current is not None,
        },
    )


@require_POST
@organiser_required
def text_reset(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Back to the default wording (or none, for a language without one)."""
    kind, language = _kind_and_language(kind, language)
    LetterText.objects.filter(kind=kind, language=language).delete()
    messages.success(request, _("The office's wording is removed."))
    return redirect("letters:text_edit", kind=kind, language=language)


@organiser_required
def text_preview(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """The document as the saved wording and settings print it, for a sample student."""
    kind, language = _kind_and_language(kind, language)
    text = wording(kind, language)
    if text is None or not previews.has_preview(kind):
        raise Http404
    try:
        pdf = previews.render(kind, language, LetterSettings.current(), text)
    except DocumentsUnavailable as unavailable:
        return _unavailable(request, unavailable)
    return pdf_response(pdf, f"preview-{kind}-{language}.pdf", inline=True)
