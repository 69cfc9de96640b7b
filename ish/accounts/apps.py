from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ish.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from ish import audit
        from ish.accounts.models import User

        # A password change is recorded, never the hash; signing in is not a change of the user.
        audit.track(User, hidden=["password"], exclude=["last_login"])
