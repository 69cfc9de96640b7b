from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "ish.housing"
    verbose_name = _("Housing")

    def ready(self) -> None:
        from ish.housing import exports  # noqa: F401  (registers the housing and arrivals exports)
