"""Pages opened through a personal link, without signing in (a participant's, an alumnus's, a
principal's): their language, and the page a link that leads nowhere shows."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def link_language(request: HttpRequest, own: str) -> str:
    """The person's own language whatever the browser says, unless they chose another with the
    page's language switcher (which sets the language cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else own


def link_invalid(request: HttpRequest, explanation: str) -> HttpResponse:
    """404 with the `explanation` of why the link leads nowhere and the office's address."""
    return render(
        request,
        "link_invalid.html",
        {"explanation": explanation, "office_email": settings.ISH_OFFICE_EMAIL},
        status=404,
    )
