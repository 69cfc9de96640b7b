"""The placements export: who works in which lab, and which students are a lab host's."""

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.nominations.exports import name_columns, student_names
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, choice_labels, export_kind


def placed_at_their_lab(user: User, students: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """A lab host's exports list the students placed at their lab: the selector also shows them
    those only offered a place or who declined one, to answer offers, but those are not theirs."""
    if not user.is_lab_host:
        return students
    placed = Placement.objects.filter(lab_id=user.lab_id, status=Placement.Status.ACCEPTED)
    return students.filter(pk__in=placed.values("nomination_id"))


def placements(user: User, season: Season) -> Sheet:
    rows = placements_visible_to(user)
    if user.is_lab_host:  # their students (see placed_at_their_lab), not open offers
        rows = rows.filter(status=Placement.Status.ACCEPTED)
    rows = (
        rows.prefetch_related(None)
        .select_related(None)
        .filter(nomination__season=season)
        .exclude(status=Placement.Status.CANCELLED)
        .only("status", "starts_on", "ends_on")
        .annotate(
            **student_names("nomination__"),
            lab_name=F("lab__name"),
            institute_name=F("lab__institute__name"),
            institute_short_name=F("lab__institute__short_name"),
        )
        .order_by("lab__institute__name", "lab__name", "nomination__family_name", "pk")
    )
    statuses = choice_labels(Placement.Status.choices)
    return Sheet(
        gettext_lazy("Placements"),
        [
            *name_columns(),
            Column(
                gettext_lazy("Institute"),
                14,
                lambda p: p.institute_short_name or p.institute_name,
            ),
            Column(gettext_lazy("Lab"), 32, lambda p: p.lab_name),
            Column(gettext_lazy("Status"), 12, lambda p: statuses[p.status]),
            Column(gettext_lazy("First day"), 12, lambda p: p.starts_on),
            Column(gettext_lazy("Last day"), 12, lambda p: p.ends_on),
        ],
        rows,
    )


@export_kind("placements", roles=[Role.ORGANISER, Role.COORDINATOR, Role.LAB_HOST])
def placements_export(user: User, season: Season) -> list[Sheet]:
    return [placements(user, season)]
