"""API tokens (django-rest-knox: only a hash is stored, and each expires API_TOKEN_HOURS after it
was issued): issued at sign-in with the password and, once set up, the second factor; listed
and revoked by their owner and the office. A new password or a deactivation ends every token of
the account (`User.save`)."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from ish.accounts.models import User
from ish.accounts.second_factor import check_sign_in
from ish.accounts.selectors import tokens_visible_to

WRONG_CREDENTIALS = _("The username or the password is not correct.")


def sign_in_for_token(request: HttpRequest, *, username: str, password: str, otp: str = "") -> str:
    """A new token for the account, if the password and (once set up) the second factor are
    right. Each failure counts towards the lockout; once it is reached, django-axes' middleware
    answers with the lockout instead (ish.accounts.lockout.locked_out), whether an account of
    that name exists or not."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise ValidationError(WRONG_CREDENTIALS)
    try:
        check_sign_in(request, user, otp)
    except ValidationError as refused:
        raise ValidationError({"otp": refused.messages}) from None
    # As a portal sign-in does: last_login is kept, and the failures counted so far are forgotten.
    user_logged_in.send(sender=type(user), request=request, user=user)
    _instance, token = AuthToken.objects.create(user=user)
    return token


def revoke_token(actor: User, owner: User, key: str) -> bool:
    """Ends the owner's token whose first characters are `key` (as listed); False if the actor
    sees no such token."""
    deleted, _per_model = tokens_visible_to(actor, owner).filter(token_key=key).delete()
    return bool(deleted)
