"""The participant's self-service page, reached by a personal link without an account."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from ish.errors import RuleViolation
from ish.participants import services
from ish.participants.forms import SelfServiceForm


@never_cache
@csrf_protect
def self_service(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.open_link(token)
    except services.LinkInvalid:
        return link_invalid(request)
    nomination = link.nomination
    language = _language_for(request, nomination)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    form = SelfServiceForm.for_nomination(nomination, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attending = data.pop("attending")
        try:
            services.answer(link, attending=attending, **data)
        except ValidationError as error:
            problems = error.error_dict if hasattr(error, "error_dict") else {None: error}
            for field, problem in problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except RuleViolation as violation:
            form.add_error(None, violation.message)
        else:
            messages.success(request, _("Thank you! Your details are saved."))
            return redirect("participants:self_service", token=token)
    return render(
        request,
        "participants/self_service.html",
        {
            "form": form,
            "nomination": nomination,
            "link": link,
            "office_email": settings.ISH_OFFICE_EMAIL,
        },
    )


def _language_for(request: HttpRequest, nomination) -> str:
    """The student's language whatever the browser says, unless they chose another with the
    page's language switcher (which sets the language cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else nomination.language


def link_invalid(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/link_invalid.html",
        {"office_email": settings.ISH_OFFICE_EMAIL},
        status=404,
    )
