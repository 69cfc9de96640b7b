"""Reads of the NYSF exchange: only organisers see applications and manage schools."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ish.accounts.models import User
from ish.exchange.models import Application, ApplicationDocument, School, Score
from ish.seasons.models import Season


def applications_visible_to(user: User) -> QuerySet[Application]:
    if not user.is_organiser:
        return Application.objects.none()
    return Application.objects.select_related("season", "school").prefetch_related(
        "documents", Prefetch("scores", queryset=Score.objects.select_related("reviewer"))
    )


def documents_visible_to(user: User) -> QuerySet[ApplicationDocument]:
    return ApplicationDocument.objects.filter(
        application__in=applications_visible_to(user).values("pk")
    )


def schools_visible_to(user: User) -> QuerySet[School]:
    """The schools the office manages; other roles have no business with them."""
    if not user.is_organiser:
        return School.objects.none()
    return School.objects.all()


def schools_open_for_applications() -> QuerySet[School]:
    return School.objects.filter(is_active=True)


def season_open_for_applications() -> Season | None:
    """The season whose NYSF applications are open now (the earliest deadline first)."""
    return (
        Season.objects.filter(exchange_deadline__gt=timezone.now())
        .order_by("exchange_deadline")
        .first()
    )
