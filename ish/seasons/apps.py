from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeasonsConfig(AppConfig):
    name = "ish.seasons"
    verbose_name = _("Seasons and partner cities")

    def ready(self) -> None:
        from ish import audit
        from ish.seasons.models import Quota, Season

        audit.track(Season)
        audit.track(Quota)
