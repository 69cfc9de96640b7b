"""Reads about the participants' self-service links, for the office."""

from django.db.models import QuerySet

from ish.nominations.models import Nomination
from ish.seasons.models import Season


def unanswered(season: Season) -> QuerySet[Nomination]:
    """Accepted students who have not yet answered through their self-service link."""
    return (
        Nomination.objects.filter(season=season, status=Nomination.Status.ACCEPTED)
        .exclude(participant_link__answered_at__isnull=False)
        .select_related("city", "participant_link")
        .order_by("city__name", "family_name")
    )
