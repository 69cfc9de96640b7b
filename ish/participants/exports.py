"""The roster: one workbook with every sheet about the season's participants, composed here
because only the student's lifecycle sits above both housing and placements."""

from collections.abc import Callable

from django.db.models import QuerySet

from ish.accounts.models import Role, User
from ish.housing import exports as housing_exports
from ish.nominations import exports as nomination_exports
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.placements import exports as placement_exports
from ish.seasons.models import Season
from ish.spreadsheets import Sheet, export_kind

ROSTER_READERS = frozenset({Role.ORGANISER, Role.COORDINATOR, Role.LAB_HOST})
SheetOfRoster = Callable[[User, Season, QuerySet[Nomination]], Sheet]
# The roster's sheets in order, each with the roles that can ever see a row of it: a role's
# workbook leaves out a sheet it could only ever get empty (a lab host sees neither where
# students sleep nor how they travel), rather than sending it with headers and no rows.
ROSTER_SHEETS: list[tuple[frozenset[str], SheetOfRoster]] = [
    (
        ROSTER_READERS,
        lambda user, season, students: nomination_exports.participants(user, season, students),
    ),
    (ROSTER_READERS, lambda user, season, students: placement_exports.placements(user, season)),
    (
        housing_exports.HOUSING_READERS,
        lambda user, season, students: housing_exports.housing(user, season),
    ),
    (
        housing_exports.ARRIVALS_READERS,
        lambda user, season, students: housing_exports.arrivals(user, season),
    ),
    (
        frozenset({Role.ORGANISER}),
        lambda user, season, students: nomination_exports.emergency_contacts(season, students),
    ),
]


@export_kind("roster", roles=ROSTER_READERS)
def roster(user: User, season: Season) -> list[Sheet]:
    """Participants, Placements, Housing, Arrivals and Emergency contacts, each for the roles
    that may see it (ROSTER_SHEETS); a lab host's lists only the students placed at their lab."""
    students = placement_exports.placed_at_their_lab(user, nominations_visible_to(user))
    return [
        sheet(user, season, students)
        for readers, sheet in ROSTER_SHEETS
        if user.effective_role in readers
    ]
