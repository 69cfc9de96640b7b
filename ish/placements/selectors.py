"""Reads of placements, scoped by role: a lab host sees only their lab's offers and answers."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ish.accounts.models import User
from ish.labs.models import Lab
from ish.nominations.selectors import nominations_visible_to
from ish.placements.models import MatchRun, Placement
from ish.seasons.models import Season

Status = Placement.Status


def placements_visible_to(user: User) -> QuerySet[Placement]:
    placements = Placement.objects.select_related("lab__institute").prefetch_related(
        Prefetch("nomination", queryset=nominations_visible_to(user))
    )
    if user.is_organiser:
        return placements
    if user.is_coordinator:
        return placements.filter(nomination__city_id=user.city_id)
    if user.is_lab_host:
        return placements.filter(lab_id=user.lab_id, status__in=Placement.SHOWN_TO_LAB_HOSTS)
    return placements.none()


def lab_board(season: Season) -> QuerySet[Lab]:
    """Every lab with its capacity and how many of its places are offered and accepted."""
    in_season = Q(placements__nomination__season=season)
    return (
        Lab.objects.select_related("institute")
        .annotate(
            proposed=Count("placements", filter=in_season & Q(placements__status=Status.PROPOSED)),
            offered=Count("placements", filter=in_season & Q(placements__status=Status.OFFERED)),
            accepted=Count("placements", filter=in_season & Q(placements__status=Status.ACCEPTED)),
        )
        .order_by("institute__name", "name")
    )


def lab_use(lab: Lab, season: Season) -> dict:
    counts = Placement.objects.filter(lab=lab, nomination__season=season).aggregate(
        offered=Count("pk", filter=Q(status=Status.OFFERED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
    )
    return counts | {"capacity": lab.capacity}


def last_match_run(season: Season) -> MatchRun | None:
    """The season's latest matching run, with why it left each student without a lab (for the
    office's board: every organiser sees the same)."""
    return MatchRun.objects.filter(season=season).order_by("-run_at", "-pk").first()
