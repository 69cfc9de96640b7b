"""Reads of seasons, cities, fields and quotas, scoped by the reader's role."""

from django.db.models import QuerySet
from django.utils import timezone

from ish.accounts.models import User
from ish.seasons.models import City, Quota, ResearchField, Season


def cities_visible_to(user: User) -> QuerySet[City]:
    """Reference data: every signed-in user may read every city."""
    return City.objects.all()


def fields_visible_to(user: User) -> QuerySet[ResearchField]:
    return ResearchField.objects.all()


def seasons_visible_to(user: User) -> QuerySet[Season]:
    return Season.objects.all()


def quotas_visible_to(user: User) -> QuerySet[Quota]:
    """Organisers see every quota, a coordinator only their city's, lab hosts none."""
    quotas = Quota.objects.select_related("season", "city")
    if user.is_organiser:
        return quotas
    if user.is_coordinator:
        return quotas.filter(city_id=user.city_id)
    return quotas.none()


def current_season() -> Season | None:
    """The season being prepared or running: the first not yet over, else the latest."""
    upcoming = Season.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")
    return upcoming.first() or Season.objects.order_by("-year").first()
