"""The participant's self-service page, reached by a personal link without an account."""

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
        return render(request, "participants/link_invalid.html", status=404)
    nomination = link.nomination
    translation.activate(nomination.language)  # the student's language, whatever the browser says
    request.LANGUAGE_CODE = nomination.language
    form = SelfServiceForm.for_nomination(nomination, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attending = data.pop("attending")
        try:
            services.answer(link, attending=attending, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        except RuleViolation as violation:
            form.add_error(None, violation.message)
        else:
            messages.success(request, _("Thank you! Your details are saved."))
            return redirect("participants:self_service", token=token)
    return render(
        request,
        "participants/self_service.html",
        {"form": form, "nomination": nomination, "link": link},
    )
