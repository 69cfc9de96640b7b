"""The second factor's pages: set up an authenticator app (its key as a QR code and as text),
confirm it with a code, and see the recovery codes once."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ish.accounts import second_factor
from ish.accounts.decorators import second_factor_exempt
from ish.accounts.forms import CodeForm, ReplacementCodeForm


def _code_form(user, data=None) -> CodeForm:
    """The confirmation's form; replacing a second factor also asks for a code of the current."""
    form_class = ReplacementCodeForm if second_factor.has_second_factor(user) else CodeForm
    return form_class(data)


def _page(request: HttpRequest, form: CodeForm | None = None, status: int = 200) -> HttpResponse:
    """Whether the second factor is on; while a set-up is pending, its key and the code form."""
    user = request.user
    pending = second_factor.pending_set_up(user)
    context = {
        "active": second_factor.has_second_factor(user),
        "required": second_factor.second_factor_missing(user),
        "pending": pending,
    }
    if pending is not None:
        context |= {
            # segno's own markup of the URL it encodes, which holds nothing a visitor typed.
            "qr_code": mark_safe(second_factor.qr_code_svg(pending)),
            "secret": second_factor.secret_of(pending),
            "otpauth_url": pending.config_url,
            "form": form or _code_form(user),
        }
    return render(request, "accounts/second_factor.html", context, status=status)


@second_factor_exempt
@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return _page(request)


@second_factor_exempt
@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    second_factor.start_set_up(request.user)
    return redirect("second_factor")


@second_factor_exempt
@require_POST
@never_cache
@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    form = _code_form(request.user, request.POST)
    if form.is_valid():
        try:
            codes = second_factor.confirm_set_up(
                request,
                request.user,
                form.cleaned_data["otp"],
                form.cleaned_data.get("current_otp", ""),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field, messages)
        else:
            # Rendered, not redirected to: the codes are shown this once and stored nowhere else.
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    if second_factor.pending_set_up(request.user) is None:
        return redirect("second_factor")
    return _page(request, form, status=400)
