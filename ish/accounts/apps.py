from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ish.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from ish import audit
        from ish.accounts.middleware import start_session_clock  # needs the user model
        from ish.accounts.models import User

        # A password change is recorded, never the hash; signing in is not a change of the user.
        audit.track(User, hidden=["password"], exclude=["last_login"])

        # Every sign-in, whichever page or test client makes it, starts its session's clock.
        user_logged_in.connect(start_session_clock, dispatch_uid="ish-session-clock")
