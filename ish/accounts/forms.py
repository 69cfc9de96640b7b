"""Forms of the account pages that differ from Django's own."""

from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import translation


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Writes the reset e-mail in the account's language, not in the language of the page."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class AdminAuthenticationForm(admin_forms.AdminAuthenticationForm):
    """The admin's sign-in, which lets organisers in rather than accounts with `is_staff`."""

    def confirm_login_allowed(self, user) -> None:
        auth_forms.AuthenticationForm.confirm_login_allowed(self, user)  # not the is_staff check
        if not user.is_organiser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
