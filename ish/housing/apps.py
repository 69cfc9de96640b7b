from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "ish.housing"
    verbose_name = _("Housing")

    def ready(self) -> None:
        from ish import audit
        from ish.housing import exports  # noqa: F401  (registers the housing and arrivals exports)
        from ish.housing.models import Accommodation, HousingAssignment

        audit.track(Accommodation)
        # The warnings and the version are derived and bumped by the service, not changed by anyone.
        audit.track(HousingAssignment, exclude=["warnings", "version"])
