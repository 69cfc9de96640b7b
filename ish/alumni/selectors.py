"""Reads of alumni: the office's (organisers only) and the surveys an alumnus can answer."""

from django.db.models import Count, QuerySet

from ish.accounts.models import User
from ish.alumni.models import Alumnus, Survey


def alumni_visible_to(user: User) -> QuerySet[Alumnus]:
    """Who agreed to stay in touch, for the office; nobody for any other role."""
    if not (user.is_authenticated and user.is_organiser):
        return Alumnus.objects.none()
    alumni = Alumnus.objects.filter(consented_at__isnull=False)
    return alumni.select_related("season", "city", "lab")


def surveys_visible_to(user: User) -> QuerySet[Survey]:
    if not (user.is_authenticated and user.is_organiser):
        return Survey.objects.none()
    return Survey.objects.all()


def surveys_with_counts(user: User) -> QuerySet[Survey]:
    """The office's surveys, each with its number of questions and of alumni who answered."""
    return surveys_visible_to(user).annotate(
        question_count=Count("questions", distinct=True),
        respondent_count=Count("questions__answers__alumnus", distinct=True),
    )


def open_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(is_open=True).prefetch_related("questions")
