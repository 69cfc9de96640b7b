"""The housing exports: who sleeps where, and who arrives and leaves when."""

from django.db.models import F
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.housing.models import HousingAssignment
from ish.housing.rules import warning_texts
from ish.housing.selectors import assignments_visible_to, travellers_visible_to
from ish.nominations.exports import in_programme, name_columns, student_names
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, choice_labels, export_kind, local_time

TRAVEL_FIELDS = ("arrival_at", "departure_at", "arrival_details")
# The roles that can ever see a row of these sheets (assignments_visible_to and
# travellers_visible_to show lab hosts none): who may ask for them, and whose roster has them.
HOUSING_READERS = frozenset({Role.ORGANISER, Role.COORDINATOR})
ARRIVALS_READERS = frozenset({Role.ORGANISER, Role.COORDINATOR})


def housing(user: User, season: Season) -> Sheet:
    rows = (
        assignments_visible_to(user)
        .select_related(None)
        .filter(nomination__season=season)
        .exclude(status=HousingAssignment.Status.CANCELLED)
        .only("check_in", "check_out", "status", "warnings")
        .annotate(
            **student_names("nomination__"),
            accommodation_name=F("accommodation__name"),
            accommodation_address=F("accommodation__address"),
        )
        .order_by("accommodation__name", "check_in", "nomination__family_name", "pk")
    )
    statuses = choice_labels(HousingAssignment.Status.choices)
    return Sheet(
        gettext_lazy("Housing"),
        [
            *name_columns(),
            Column(gettext_lazy("Accommodation"), 28, lambda a: a.accommodation_name),
            Column(
                gettext_lazy("Address"), 34, lambda a: " ".join(a.accommodation_address.split())
            ),
            Column(gettext_lazy("Check-in"), 12, lambda a: a.check_in),
            Column(gettext_lazy("Check-out"), 12, lambda a: a.check_out),
            Column(gettext_lazy("Nights"), 8, lambda a: (a.check_out - a.check_in).days),
            Column(gettext_lazy("Status"), 12, lambda a: statuses[a.status]),
            Column(gettext_lazy("Warnings"), 40, lambda a: "; ".join(warning_texts(a.warnings))),
        ],
        rows,
    )


def arrivals(user: User, season: Season) -> Sheet:
    """Travel dates of the students in programme; lab hosts see no one's (travellers_visible_to)."""
    rows = in_programme(travellers_visible_to(user), season, TRAVEL_FIELDS).order_by(
        # Those who have not given their travel dates yet last, on every database.
        F("arrival_at").asc(nulls_last=True),
        "family_name",
        "pk",
    )
    return Sheet(
        gettext_lazy("Arrivals"),
        [
            *name_columns(),
            Column(gettext_lazy("Arrival"), 18, lambda n: local_time(n.arrival_at)),
            Column(gettext_lazy("Departure"), 18, lambda n: local_time(n.departure_at)),
            Column(gettext_lazy("Travel details"), 36, lambda n: n.arrival_details),
        ],
        rows,
    )


@export_kind("housing", roles=HOUSING_READERS)
def housing_export(user: User, season: Season) -> list[Sheet]:
    return [housing(user, season)]


@export_kind("arrivals", roles=ARRIVALS_READERS)
def arrivals_export(user: User, season: Season) -> list[Sheet]:
    return [arrivals(user, season)]
