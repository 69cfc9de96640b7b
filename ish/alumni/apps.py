"""Alumni who chose to stay in touch, and what the office sends them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "ish.alumni"
    verbose_name = _("Alumni")

    def ready(self) -> None:
        from ish.alumni import exports  # noqa: F401  (registers the export kind)
        from ish.alumni.models import Alumnus, GroupMail, Survey
        from ish.audit import track

        # Only that a kept detail changed, never its value: a withdrawal leaves nothing behind.
        track(
            Alumnus,
            hidden=["name", "city", "lab", "email", "later_studies", "consent_wording"],
        )
        track(Survey)
        track(GroupMail, exclude=["sent_at"])
