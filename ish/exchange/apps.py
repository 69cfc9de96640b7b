from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "ish.exchange"
    verbose_name = _("NYSF exchange")
