from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "ish.exchange"
    verbose_name = _("NYSF exchange")

    def ready(self) -> None:
        from ish import audit
        from ish.exchange import exports  # noqa: F401  (registers the NYSF exchange export)
        from ish.exchange.models import Application, ApplicationDocument

        audit.track(Application, exclude=["updated_at"])
        audit.track(ApplicationDocument)
