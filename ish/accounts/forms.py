"""Forms of the account pages that differ from Django's own."""

from django import forms
from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ish.accounts.second_factor import check_sign_in


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Writes the reset e-mail in the account's language, not in the language of the page."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class CodeForm(forms.Form):
    """The confirmation of a new authenticator app with a code it shows."""

    otp = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6 digits your authenticator app shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class ReplacementCodeForm(CodeForm):
    """The confirmation of an app that replaces the second factor: also a code of the current
    one."""

    current_otp = forms.CharField(
        label=_("Code from your current authenticator app"),
        max_length=32,
        help_text=_("Or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class SignInCodeForm(CodeForm):
    """The second step of signing in, where a recovery code does as well."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp"].help_text = _(
            "The 6 digits your authenticator app shows, or one of your recovery codes."
        )


class AdminAuthenticationForm(admin_forms.AdminAuthenticationForm):
    """The admin's sign-in, which lets organisers in rather than accounts with `is_staff`, and
    asks for the second factor of those who have one."""

    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def confirm_login_allowed(self, user) -> None:
        auth_forms.AuthenticationForm.confirm_login_allowed(self, user)  # not the is_staff check
        if not user.is_organiser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        check_sign_in(self.request, user, self.cleaned_data.get("otp", ""))
