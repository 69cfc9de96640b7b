"""ISH Manager: the International Summer Science School Heidelberg's season in one place."""

from ish.celery import app as celery_app

__all__ = ["celery_app"]
