"""The office's alumni pages (the list across seasons, asking a season's participants, a mail to
a filtered group, the surveys: written, opened, closed, their answers and their export) and
the alumnus's own pages by their signed link: consent, update, withdrawal,
surveys and unsubscribing, in their language, without an account."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.accounts.personal_links import link_invalid, link_language
from ish.alumni import links, services
from ish.alumni.filters import AlumnusFilter
from ish.alumni.forms import (
    ConsentForm,
    GroupMailForm,
    QuestionFormSet,
    SurveyDetailsForm,
    SurveyForm,
)
from ish.alumni.models import Alumnus, Answer, GroupMail
from ish.alumni.selectors import (
    alumni_visible_to,
    open_surveys,
    surveys_visible_to,
    surveys_with_counts,
)
from ish.audit import record_read
from ish.bidi import isolated
from ish.errors import RuleViolation
from ish.history import Actor
from ish.list_pages import render_list
from ish.pagination import page_of
from ish.rosters import services as exports
from ish.rosters.models import ExportJob
from ish.seasons.models import Season
from ish.seasons.selectors import current_season

# --- the office ---------------------------------------------------------------------------------


@organiser_required
def alumni_list(request: HttpRequest) -> HttpResponse:
    alumni_filter = AlumnusFilter(request.GET, queryset=alumni_visible_to(request.user))
    alumni = alumni_filter.qs.order_by("-season__year", "name", "pk")
    page = page_of(alumni, 50, request.GET)
    return render_list(
        request,
        "alumni/list.html",
        "alumni/_results.html",
        {
            "filter": alumni_filter,
            "page": page,
            "ended_seasons": Season.objects.filter(ends_on__lt=timezone.localdate()),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
@organiser_required
def ask(request: HttpRequest) -> HttpResponse:
    """The office's button: ask this season's participants (each once)."""
    season = get_object_or_404(Season, pk=request.POST.get("season") or 0)
    try:
        asked = services.ask_season(season)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s participant of %(year)s was asked to stay in touch.",
                "%(count)s participants of %(year)s were asked to stay in touch.",
                asked,
            )
            % {"count": asked, "year": season.year},
        )
    return redirect("alumni:list")


@organiser_required
def group_mail(request: HttpRequest) -> HttpResponse:
    """A mail to the alumni the list's filters choose (the query string keeps them)."""
    alumni_filter = AlumnusFilter(request.GET, queryset=alumni_visible_to(request.user))
    recipients = services.recipients_of(alumni_filter.qs)
    form = GroupMailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mail = services.send_group_mail(alumni_filter.qs, by=request.user, **form.cleaned_data)
        _say_mail_sent(request, mail)
        return redirect(f"{reverse('alumni:list')}?{request.GET.urlencode()}")
    return render(
        request,
        "alumni/mail.html",
        {
            "form": form,
            "filter": alumni_filter,
            "count": recipients.count(),
            "query": request.GET.urlencode(),
        },
    )


# --- the office's surveys ----------------------------------------------------------------------


@organiser_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = surveys_with_counts(request.user)
    return render(request, "alumni/surveys.html", {"surveys": surveys})


@organiser_required
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new survey, or a survey's title, introduction and questions (rows: text, kind,
    choices; a row ticked for deletion or left blank is no question)."""
    survey = get_object_or_404(surveys_visible_to(request.user), pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    details = SurveyDetailsForm(data, instance=survey)
    initial = [
        {"id": q.pk, "text": q.text, "kind": q.kind, "choices": q.choices}
        for q in (survey.questions.all() if survey else [])
    ]
    questions = QuestionFormSet(data, initial=initial, prefix="questions")
    if data is not None and details.is_valid() and questions.is_valid():
        drafts = [
            services.QuestionDraft(
                row=row,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                choices=form.cleaned_data["choices"],
                pk=form.cleaned_data["id"],
            )
            for row, form in enumerate(questions.forms, start=1)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            survey = services.save_survey(
                survey,
                title=details.cleaned_data["title"],
                introduction=details.cleaned_data["introduction"],
                questions=drafts,
            )
        except ValidationError as invalid:
            _show_errors(invalid, details, questions)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("alumni:survey", pk=survey.pk)
    return render(
        request,
        "alumni/survey_form.html",
        {"survey": survey, "details": details, "questions": questions},
    )


def _show_errors(invalid: ValidationError, details, questions) -> None:
    """A question's error on its row's choices (its message names the row too); the others on
    the form."""
    for field, errors in invalid.error_dict.items():
        for error in errors:
            row = (error.params or {}).get("row")
            if field == "choices" and row:
                questions.forms[row - 1].add_error("choices", error)
            else:
                details.add_error(None, error)


@organiser_required
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(surveys_with_counts(request.user), pk=pk)
    return render(
        request,
        "alumni/survey.html",
        {
            "survey": survey,
            "results": services.survey_results(survey),
            "announce_form": GroupMailForm(
                initial={
                    "subject": survey.title,
                    "body": _(
                        "We would like to hear from you: please answer our short survey "
                        "“%(title)s” on your alumni page (the link is below)."
                    )
                    % {"title": survey.title},
                }
            ),
            "recipients": services.recipients_of(Alumnus.objects.all()).count(),
        },
    )


@require_POST
@organiser_required
def survey_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Open or close the survey (`open`: 1 or 0)."""
    survey = get_object_or_404(surveys_visible_to(request.user), pk=pk)
    if request.POST.get("open") == "1":
        try:
            services.open_survey(survey)
        except RuleViolation as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The survey is open: alumni answer it on their page."))
    else:
        services.close_survey(survey)
        messages.success(request, _("The survey is closed: it takes no more answers."))
    return redirect("alumni:survey", pk=survey.pk)


@require_POST
@organiser_required
def survey_announce(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(surveys_visible_to(request.user), pk=pk)
    form = GroupMailForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
        return redirect("alumni:survey", pk=survey.pk)
    try:
        mail = services.announce_survey(survey, by=request.user, **form.cleaned_data)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        _say_mail_sent(request, mail)
    return redirect("alumni:survey", pk=survey.pk)


@require_POST
@organiser_required
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the survey's answers as a workbook; the exports page then shows its progress."""
    survey = get_object_or_404(surveys_visible_to(request.user), pk=pk)
    season = current_season()
    if season is None:
        messages.error(request, _("An export is filed under a season: add a season first."))
        return redirect("alumni:survey", pk=survey.pk)
    exports.request_export(
        user=request.user,
        kind=ExportJob.Kind.SURVEY,
        season=season,
        parameters={"survey": survey.pk},
    )
    messages.success(
        request,
        _(
            "Export of the answers to %(survey)s started: its progress is shown below. "
            "You also get an e-mail when it is ready."
        )
        % {"survey": isolated(survey.title)},
    )
    return redirect("rosters:list")


def _say_mail_sent(request: HttpRequest, mail: GroupMail) -> None:
    messages.success(
        request,
        ngettext(
            "The mail goes to %(count)s alumnus.",
            "The mail goes to %(count)s alumni.",
            mail.recipients,
        )
        % {"count": mail.recipients},
    )


# --- the alumnus, through their link ------------------------------------------------------------


def _in_their_language(request: HttpRequest, alumnus: Alumnus) -> None:
    """The language they were asked in, unless they chose another with the page's switcher."""
    language = link_language(request, alumnus.language)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _link_invalid(request: HttpRequest) -> HttpResponse:
    explanation = _(
        "Nothing is kept about you as an ISH alumnus under this link: you may have withdrawn "
        "your consent, or the link was changed. Please write to the ISH office if you think this "
        "is a mistake."
    )
    return link_invalid(request, explanation)


@never_cache
@csrf_protect
def alumnus_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        alumnus = links.alumnus_of(token)
    except links.LinkInvalid:
        return _link_invalid(request)
    _in_their_language(request, alumnus)
    if alumnus.is_alumnus:
        record_read(alumnus, by=Actor.STUDENT)
    action = request.POST.get("action", "consent") if request.method == "POST" else ""
    available = services.available_fields(alumnus)
    consent_form = ConsentForm(alumnus, available, request.POST if action == "consent" else None)
    if action == "withdraw":
        services.withdraw(alumnus)
        return render(request, "alumni/withdrawn.html", {"office_email": settings.ISH_OFFICE_EMAIL})
    if action == "consent" and consent_form.is_valid():
        try:
            services.record_consent(
                alumnus,
                fields=consent_form.chosen(),
                later_studies=consent_form.cleaned_data["later_studies"],
            )
        except RuleViolation as refused:
            consent_form.add_error(None, refused.message)
        else:
            messages.success(request, _("Thank you! Your choice is saved."))
            return redirect("alumni:page", token=token)
    surveys = _survey_forms(request, alumnus, action)
    if action.startswith("survey-"):
        answered = next((form for form in surveys if form.prefix == action), None)
        if answered is not None and answered.is_valid():
            try:
                services.answer_survey(alumnus, answered.survey, answered.answers())
            except RuleViolation as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Thank you for your answers!"))
            return redirect("alumni:page", token=token)
    if action == "subscribe" and alumnus.is_alumnus:
        services.subscribe_again(alumnus)
        return redirect("alumni:page", token=token)
    return render(
        request,
        "alumni/page.html",
        {
            "alumnus": alumnus,
            "form": consent_form,
            "surveys": surveys,
            "office_email": settings.ISH_OFFICE_EMAIL,
        },
    )


def _survey_forms(request: HttpRequest, alumnus: Alumnus, action: str) -> list[SurveyForm]:
    if not alumnus.is_alumnus:
        return []
    given = dict(
        Answer.objects.filter(alumnus=alumnus, question__survey__is_open=True).values_list(
            "question_id", "text"
        )
    )
    return [
        SurveyForm(
            survey,
            given,
            request.POST if action == f"survey-{survey.pk}" else None,
            prefix=f"survey-{survey.pk}",
        )
        for survey in open_surveys()
    ]


@never_cache
@csrf_protect
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """No more mails to alumni: a button (a link scanner following the mail's link unsubscribes
    nobody), then a page that says so."""
    try:
        alumnus = links.alumnus_of(token, salt=links.UNSUBSCRIBE_SALT)
    except links.LinkInvalid:
        return _link_invalid(request)
    _in_their_language(request, alumnus)
    if request.method == "POST":
        services.unsubscribe(alumnus)
    return render(
        request,
        "alumni/unsubscribe.html",
        {"alumnus": alumnus, "page_url": reverse("alumni:page", args=[links.page_token(alumnus)])},
    )
