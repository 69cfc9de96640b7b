"""The outbound programmes' export: the season's applications to every programme, by programme
and then best score first, with what each selected candidate still lacks before departure."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.exchange.checklist import missing_before_departure
from ish.exchange.models import Application
from ish.exchange.selectors import applications_visible_to
from ish.nominations.models import Gender
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, choice_labels, export_kind


def _still_missing(application: Application) -> str:
    if application.status not in Application.TRAVELLING:
        return ""
    return ", ".join(missing_before_departure(application))


def applications(user: User, season: Season) -> Sheet:
    rows: QuerySet[Application] = (
        applications_visible_to(user)
        .prefetch_related(None)
        .filter(season=season)
        .order_by("programme__name", "-score", "family_name", "pk")
    )
    genders, statuses = choice_labels(Gender.choices), choice_labels(Application.Status.choices)
    return Sheet(
        gettext_lazy("Outbound applications"),
        [
            Column(gettext_lazy("Programme"), 16, lambda a: a.programme.name),
            Column(gettext_lazy("Family name"), 20, lambda a: a.family_name),
            Column(gettext_lazy("Given name"), 18, lambda a: a.given_name),
            Column(gettext_lazy("School"), 28, lambda a: a.school.name),
            Column(gettext_lazy("Gender"), 10, lambda a: genders.get(a.gender, "")),
            Column(gettext_lazy("Date of birth"), 13, lambda a: a.date_of_birth),
            Column(gettext_lazy("E-mail"), 28, lambda a: a.email),
            Column(gettext_lazy("Score"), 8, lambda a: a.score),
            Column(gettext_lazy("Status"), 12, lambda a: statuses[a.status]),
            # The NYSF's own column: empty for the other programmes.
            Column(gettext_lazy("NYSF session"), 16, lambda a: a.nysf_session),
            Column(gettext_lazy("Departure"), 12, lambda a: a.departure_on),
            Column(gettext_lazy("Return"), 12, lambda a: a.return_on),
            Column(gettext_lazy("Still missing"), 40, _still_missing),
        ],
        rows,
    )


@export_kind("exchange", roles=[Role.ORGANISER])
def exchange_export(user: User, season: Season) -> list[Sheet]:
    return [applications(user, season)]
