import sqlite3

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ish.portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        connection_created.connect(use_sqlites_own_parameter_limit)


def use_sqlites_own_parameter_limit(sender, connection, **kwargs) -> None:
    """Django 5.2 assumes SQLite's old limit of 999 bound parameters per statement and cuts bulk
    writes into pieces that small: a matching run for 10,000 students became 200 INSERTs. SQLite
    allows 32,766 since 3.32 (Debian builds 250,000); Django 6.0 reads the real limit the same
    way (ticket #36143), so this can go then."""
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )
