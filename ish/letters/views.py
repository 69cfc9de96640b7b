"""The letters' pages: anyone holding a letter checks it on the verification page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ish.letters import services


@never_cache
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: says only that the letter exists, when it was issued, to whom, and whether it was
    revoked. A token we did not sign answers 404, as any unknown page."""
    letter = services.verified(token)
    if letter is None:
        return render(request, "letters/verify_invalid.html", status=404)
    return render(request, "letters/verify.html", {"letter": letter})
