"""Reads of institutes and labs: reference data every signed-in user may read."""

from django.db.models import QuerySet

from ish.accounts.models import User
from ish.labs.models import Institute, Lab


def institutes_visible_to(user: User) -> QuerySet[Institute]:
    return Institute.objects.all()


def labs_visible_to(user: User) -> QuerySet[Lab]:
    return Lab.objects.select_related("institute").prefetch_related("fields")
