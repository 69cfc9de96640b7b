from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "ish.programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from ish.programme import exports  # noqa: F401  (registers the event's bus and room list)
