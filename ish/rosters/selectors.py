"""Reads of export jobs: a user sees their own, organisers every one."""

from django.db.models import QuerySet

from ish.accounts.models import User
from ish.rosters.models import ExportJob


def exports_visible_to(user: User) -> QuerySet[ExportJob]:
    jobs = ExportJob.objects.select_related("season", "requested_by")
    if user.is_organiser:
        return jobs
    return jobs.filter(requested_by=user)
