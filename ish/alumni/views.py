"""The office's alumni pages (the list across seasons, asking a season's participants, a mail to
a filtered group) and the alumnus's own pages by their signed link: consent, update, withdrawal,
surveys and unsubscribing, in their language, without an account."""

from django.conf import settings
from django.contrib import messages
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
from ish.accounts.link_language import link_language
from ish.alumni import links, services
from ish.alumni.filters import AlumnusFilter
from ish.alumni.forms import ConsentForm, GroupMailForm, SurveyForm
from ish.alumni.models import Alumnus, Answer
from ish.alumni.selectors import alumni_visible_to, open_surveys
from ish.audit import record_read
from ish.errors import RuleViolation
from ish.history import Actor
from ish.list_pages import render_list
from ish.pagination import page_of
from ish.seasons.models import Season

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
        messages.success(
            request,
            ngettext(
                "The mail goes to %(count)s alumnus.",
                "The mail goes to %(count)s alumni.",
                mail.recipients,
            )
            % {"count": mail.recipients},
        )
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


# --- the alumnus, through their link ------------------------------------------------------------


def _in_their_language(request: HttpRequest, alumnus: Alumnus) -> None:
    """The language they were asked in, unless they chose another with the page's switcher."""
    language = link_language(request, alumnus.language)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alumni/link_invalid.html",
        {"office_email": settings.ISH_OFFICE_EMAIL},
        status=404,
    )


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
