from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "ish.participants"
    verbose_name = _("Participant self-service")

    def ready(self) -> None:
        from ish.participants import exports  # noqa: F401  (registers the roster export)
