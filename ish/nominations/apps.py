from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "ish.nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from ish import audit
        from ish.nominations.models import Document, Nomination
        from ish.nominations.selectors import SENSITIVE_FIELDS

        audit.track(Nomination, sensitive=SENSITIVE_FIELDS, exclude=["updated_at"])
        audit.track(Document)
