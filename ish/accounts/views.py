"""Signing in (the password, then the second factor's code where one is set up), the throttled
password reset and the language switcher; the rest of the account pages are Django's own."""

import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ish.accounts import services
from ish.accounts.decorators import second_factor_exempt
from ish.accounts.forms import PasswordResetForm, SignInCodeForm
from ish.accounts.models import User
from ish.accounts.second_factor import (
    CODE_WRONG,
    check_code,
    has_second_factor,
    second_factor_missing,
)
from ish.accounts.throttling import allow
from ish.addresses import client_address

# The session of someone whose password was right and whose code is still to come.
PENDING_SIGN_IN = "sign_in_pending"
PENDING_SECONDS = 300
TOO_MANY_RESETS = _(
    "Too many password resets were asked for from your network or for this address. Please try "
    "again in an hour."
)


def _signed_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Where a completed sign-in leads: the page asked for, or first the second factor's set-up
    for an organiser who must have one."""
    if second_factor_missing(user):
        next_url = reverse("second_factor")
    response = HttpResponseRedirect(next_url)
    # Greet people in the language they chose last time.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        user = form.get_user()
        if has_second_factor(user):
            # Not signed in yet: the session only remembers whose code it waits for.
            self.request.session[PENDING_SIGN_IN] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "at": int(time.time()),
            }
            return redirect("login_code")
        auth_login(self.request, user)
        return _signed_in(self.request, user, self.get_success_url())


def _pending_user(pending: dict | None) -> User | None:
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@second_factor_exempt
@sensitive_post_parameters("otp")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of the authenticator app, or a recovery code."""
    pending = request.session.get(PENDING_SIGN_IN)
    user = _pending_user(pending)
    if user is None:
        request.session.pop(PENDING_SIGN_IN, None)
        return redirect("login")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if check_code(request, user, form.cleaned_data["otp"]):
            del request.session[PENDING_SIGN_IN]
            auth_login(request, user, backend=pending["backend"])
            return _signed_in(request, user, pending["next"])
        # A lockout reached here is answered by django-axes' middleware instead of this page.
        form.add_error("otp", CODE_WRONG)
    return render(request, "accounts/login_code.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, at most PASSWORD_RESETS_PER_ADDRESS mails asked for from one address and
    PASSWORD_RESETS_PER_ACCOUNT for one e-mail address in an hour. The limit counts what was
    typed, so being refused tells nothing about whether an account has that address."""

    form_class = PasswordResetForm

    def form_valid(self, form) -> HttpResponse:
        address = client_address(self.request)
        email = form.cleaned_data["email"].casefold()
        if not (
            allow("password-reset", address, per_hour=settings.PASSWORD_RESETS_PER_ADDRESS)
            and allow("password-reset-for", email, per_hour=settings.PASSWORD_RESETS_PER_ACCOUNT)
        ):
            form.add_error(None, TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice on the signed-in user's account."""
    response = set_language(request)
    language = request.POST.get("language")
    if language in dict(settings.LANGUAGES) and request.user.is_authenticated:
        services.set_language(request.user, language)
    return response
