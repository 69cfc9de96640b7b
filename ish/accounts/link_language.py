"""The language of a page opened through a personal link, without signing in."""

from django.conf import settings
from django.http import HttpRequest


def link_language(request: HttpRequest, own: str) -> str:
    """The person's own language whatever the browser says, unless they chose another with the
    page's language switcher (which sets the language cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else own
