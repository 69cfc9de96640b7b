from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "ish.placements"
    verbose_name = _("Lab placements")

    def ready(self) -> None:
        from ish import audit
        from ish.placements import exports  # noqa: F401  (registers the placements export)
        from ish.placements.models import Placement

        audit.track(Placement)
