from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "ish.nominations"
    verbose_name = _("Nominations")
