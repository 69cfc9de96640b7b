"""The second factor: an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s; django-otp)
with one-time recovery codes. Its owner sets it up, every sign-in asks for a code once it is
confirmed, and organisers need one before they see personal data
(REQUIRE_ORGANISER_SECOND_FACTOR)."""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ish.accounts import lockout
from ish.accounts.models import User

RECOVERY_CODES = 10
SECOND_FACTOR_REQUIRED = _(
    "Organisers must set up a second factor (an authenticator app) before they see personal data."
)
CURRENT_CODE_REQUIRED = _(
    "To replace your second factor, enter a code from your current authenticator app, or a "
    "recovery code."
)
CODE_REQUIRED = _("Enter the code from your authenticator app, or a recovery code.")
CODE_WRONG = _(
    "This code is not valid. Enter the current code from your authenticator app, or an unused "
    "recovery code."
)
NOTHING_TO_CONFIRM = _("Start setting up the second factor first.")


def has_second_factor(user: User) -> bool:
    """Whether the user has confirmed an authenticator app (every sign-in then asks for it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_missing(user) -> bool:
    """Whether this user must set up a second factor before anything with personal data answers
    them: organisers, while REQUIRE_ORGANISER_SECOND_FACTOR is on. The pages
    (`SecondFactorMiddleware`) and the API (api/authentication.py) both ask here."""
    return (
        settings.REQUIRE_ORGANISER_SECOND_FACTOR
        and user.is_authenticated
        and user.is_organiser
        and not has_second_factor(user)
    )


@transaction.atomic
def start_set_up(user: User) -> TOTPDevice:
    """A new authenticator key, unconfirmed until the user enters a code made with it. It
    replaces an earlier unconfirmed one; a confirmed one keeps working until then."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_set_up(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (base32)."""
    return b32encode(device.bin_key).decode()


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth URL as a QR code, inline SVG markup (no script, no image request)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


@transaction.atomic
def confirm_set_up(
    request: HttpRequest, user: User, code: str, current_code: str = ""
) -> list[str]:
    """Confirms the pending key with a code it made; the earlier authenticator and recovery codes
    end. Replacing a second factor also takes a code of the current one (or a recovery code):
    a stolen session or token alone must not swap in someone else's app. Returns the new
    recovery codes, the only time they are shown."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError({"otp": [NOTHING_TO_CONFIRM]})
    if has_second_factor(user):
        if not current_code:
            raise ValidationError({"current_otp": [CURRENT_CODE_REQUIRED]})
        if not check_code(request, user, current_code):
            raise ValidationError({"current_otp": [CODE_WRONG]})
    if not device.verify_token(_normalised(code)):
        raise ValidationError({"otp": [CODE_WRONG]})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def check_code(request: HttpRequest, user: User, code: str) -> bool:
    """At sign-in: whether `code` is the current code of the user's authenticator app or one of
    their unused recovery codes (used up by this). A wrong code counts as a failed sign-in; while
    the account or the address is locked out, no code is tried."""
    if not lockout.is_allowed(request, user.get_username()):
        return False
    code = _normalised(code)
    # Six digits are the app's; anything else is tried as a recovery code. Each kind slows down
    # after its own failures (django-otp's throttling), so one kind's typo does not delay the other.
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        # Rows locked: two requests cannot both use one recovery code.
        for device in kind.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return True
    lockout.record_failure(request, user.get_username())
    return False


def check_sign_in(request: HttpRequest, user: User, code: str) -> None:
    """At a one-step sign-in (the API's token, the admin): nothing for an account without a
    second factor; otherwise `code` must be right (check_code), or a ValidationError says it
    is missing ("otp_required") or wrong ("otp_wrong")."""
    if not has_second_factor(user):
        return
    if not code:
        raise ValidationError(CODE_REQUIRED, code="otp_required")
    if not check_code(request, user, code):
        raise ValidationError(CODE_WRONG, code="otp_wrong")


def _normalised(code: str) -> str:
    """Apps show `123 456`; recovery codes are lower case."""
    return "".join(code.split()).lower()
