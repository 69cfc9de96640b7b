"""Changes to user accounts, the check every organiser-only change makes, and the upkeep of
what sign-ins leave behind."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from ish.accounts.models import User


def ensure_organiser(actor: User) -> None:
    if not actor.is_organiser:
        raise PermissionDenied(_("Only the ISH office may do this."))


def _set_password(user: User, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)


@transaction.atomic
def create_user(*, username: str, password: str, **fields) -> User:
    """Create an account; the password must pass the configured validators."""
    user = User(username=username, **fields)
    _set_password(user, password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def update_user(user: User, *, password: str | None = None, **fields) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    if password:
        _set_password(user, password)
    user.full_clean()
    user.save()
    return user


def set_language(user: User, language: str) -> None:
    """Remember the language a user picked, for the portal and for the e-mails they get."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def forget_expired_sign_ins() -> dict[str, int]:
    """Deletes expired API tokens and failed sign-ins whose lockout time has passed: they hold
    who tried to sign in from which address, and serve nothing once over."""
    now = timezone.now()
    tokens, _per_model = AuthToken.objects.filter(expiry__lt=now).delete()
    attempts, _per_model = AccessAttempt.objects.filter(
        attempt_time__lt=now - settings.AXES_COOLOFF_TIME
    ).delete()
    return {"tokens": tokens, "failed_sign_ins": attempts}
