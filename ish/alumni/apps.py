from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "ish.alumni"
    verbose_name = _("Alumni")
