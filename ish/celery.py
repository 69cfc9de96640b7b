"""The Celery application: configured from Django settings, tasks discovered in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ish.settings")

app = Celery("ish")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_status() -> str:
    """How tasks reach a worker: `eager`, `embedded` or `ok`; raises when the broker is down."""
    if app.conf.task_always_eager:
        return "eager"
    if app.conf.broker_url.startswith("filesystem://"):
        folder = app.conf.broker_transport_options["data_folder_in"]
        if not os.access(folder, os.W_OK):
            raise OSError(f"embedded broker folder {folder} is not writable")
        return "embedded"
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=3)
    return "ok"
