"""The roster: one workbook with every sheet about the season's participants, composed here
because only the student's lifecycle sits above both housing and placements."""

from ish.accounts.models import Role, User
from ish.housing import exports as housing_exports
from ish.nominations import exports as nomination_exports
from ish.nominations.selectors import nominations_visible_to
from ish.placements import exports as placement_exports
from ish.seasons.models import Season
from ish.spreadsheets import Sheet, export_kind


@export_kind("roster", roles=[Role.ORGANISER, Role.COORDINATOR, Role.LAB_HOST])
def roster(user: User, season: Season) -> list[Sheet]:
    """Participants, Placements, Housing, Arrivals and, for organisers only, the emergency
    contacts, as the API fixes it; a lab host's lists only the students placed at their lab."""
    students = placement_exports.placed_at_their_lab(user, nominations_visible_to(user))
    sheets = [
        nomination_exports.participants(user, season, students),
        placement_exports.placements(user, season),
        housing_exports.housing(user, season),
        housing_exports.arrivals(user, season),
    ]
    if user.is_organiser:
        sheets.append(nomination_exports.emergency_contacts(season, students))
    return sheets
