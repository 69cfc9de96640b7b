from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ish.notifications"
    verbose_name = _("E-mail outbox")
