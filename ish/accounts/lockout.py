"""Repeated failed sign-ins lock an account and an address out for a while (django-axes counts
them, see AXES_* in the settings); the one answer a locked-out client gets, which says nothing
about whether the account exists."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKED_OUT_STATUS = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-in attempts. Please wait %(minutes)d minute and try again.",
        "Too many failed sign-in attempts. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def is_allowed(request: HttpRequest, username: str) -> bool:
    """Whether this account may try to sign in from this address now; a refusal marks the
    request, so the lockout answer replaces whatever the view answers."""
    if AxesProxyHandler.is_allowed(request, {"username": username}):
        return True
    request.axes_locked_out = True
    return False


def record_failure(request: HttpRequest, username: str) -> None:
    """A wrong second factor counts like a wrong password: the same limit, the same lockout."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the answer to every locked-out sign-in, in JSON on /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=LOCKED_OUT_STATUS)
    return render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message()},
        status=LOCKED_OUT_STATUS,
    )
