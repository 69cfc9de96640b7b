"""What every signed-in portal request passes: the session's idle and absolute time limits, and
the second factor organisers must have before any page answers them."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ish.accounts.second_factor import second_factor_missing

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last request's time is written at most this often: not a session write per request.
LAST_SEEN_PRECISION = 60


def start_session_clock(sender, request: HttpRequest, user, **kwargs) -> None:
    """Connected to `user_logged_in`: a session that has just signed someone in (not a token
    sign-in, which holds no session) counts its time from now."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == user._meta.pk.value_to_string(user):
        session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Signs a session out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
    after it signed in whatever happened since; the request then goes on signed out (a page
    asks to sign in again, the API answers 401 or 403)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            if (
                now - last_seen_at > settings.SESSION_IDLE_MINUTES * 60
                or now - signed_in_at > settings.SESSION_MAX_HOURS * 3600
            ):
                logout(request)
            elif LAST_SEEN_AT not in session or now - last_seen_at >= LAST_SEEN_PRECISION:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """An organiser who must still set up a second factor gets 403 naming it from every page but
    those marked `second_factor_exempt`, the admin's included. API views are left to the API's
    authentication (api/authentication.py), which also sees token requests."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "cls", None) is not None:  # a REST framework view
            return None
        if getattr(view_func, "second_factor_exempt", False):
            return None
        if not second_factor_missing(request.user):
            return None
        return render(request, "accounts/second_factor_required.html", status=403)
