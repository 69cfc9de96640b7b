"""The alumni workbook (export kind `alumni`, organisers only): every alumnus of every season
with what they agreed to keep, and one sheet per survey with its answers; and one survey's
answers alone (export kind `survey`, asked for from the survey's page)."""

import re

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ish.accounts.models import Role, User
from ish.alumni.models import Alumnus, Answer, Survey
from ish.alumni.selectors import alumni_visible_to, surveys_visible_to
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, export_kind, local_time

# Characters Excel refuses in a sheet's name.
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def alumni_sheet(alumni: QuerySet[Alumnus]) -> Sheet:
    labels = dict(Alumnus.Field.choices)
    return Sheet(
        _("Alumni"),
        [
            Column(gettext_lazy("Name"), 26, lambda a: a.name or None),
            Column(gettext_lazy("City"), 18, lambda a: a.city.display_name if a.city else None),
            Column(gettext_lazy("Season"), 9, lambda a: a.season.year),
            Column(gettext_lazy("Lab"), 30, lambda a: a.lab.name if a.lab else None),
            Column(gettext_lazy("E-mail"), 30, lambda a: a.email or None),
            Column(gettext_lazy("Later studies"), 40, lambda a: a.later_studies or None),
            Column(gettext_lazy("Agreed"), 17, lambda a: local_time(a.consented_at)),
            Column(
                gettext_lazy("Agreed to keep"),
                30,
                lambda a: ", ".join(str(labels[name]) for name in a.consent if name in labels),
            ),
            Column(gettext_lazy("Consent version"), 10, lambda a: a.consent_version),
            Column(gettext_lazy("Unsubscribed"), 17, lambda a: local_time(a.unsubscribed_at)),
        ],
        alumni.order_by("-season__year", "name", "pk"),
    )


def survey_sheet(survey: Survey, alumni: QuerySet[Alumnus]) -> Sheet:
    """One row per alumnus who answered, one column per question."""
    questions = list(survey.questions.all())
    answers = {
        f"q{question.pk}": Subquery(
            Answer.objects.filter(question=question, alumnus=OuterRef("pk")).values("text")[:1]
        )
        for question in questions
    }
    columns = [
        Column(gettext_lazy("Name"), 26, lambda a: a.name or None),
        Column(gettext_lazy("Season"), 9, lambda a: a.season.year),
        *(
            Column(question.text, 30, lambda a, key=f"q{question.pk}": getattr(a, key))
            for question in questions
        ),
    ]
    rows = (
        alumni.filter(answers__question__survey=survey)
        .distinct()
        .annotate(**answers)
        .order_by("-season__year", "name", "pk")
    )
    title = NOT_IN_SHEET_NAMES.sub(" ", f"{survey.pk} {survey.title}")
    return Sheet(title, columns, rows)


@export_kind("alumni", roles=[Role.ORGANISER])
def alumni_workbook(user: User, season: Season) -> list[Sheet]:
    """Alumni of every season (the list is across seasons; the job's season only files it)."""
    alumni = alumni_visible_to(user)
    return [alumni_sheet(alumni)] + [
        survey_sheet(survey, alumni) for survey in surveys_visible_to(user).order_by("pk")
    ]


def _survey_in_scope(user: User, season: Season, value) -> int:
    """The survey's id, if the user may see it: another's and a missing one look the same."""
    try:
        return surveys_visible_to(user).get(pk=int(value)).pk
    except (TypeError, ValueError, Survey.DoesNotExist):
        raise ValidationError(_("No such survey.")) from None


@export_kind("survey", roles=[Role.ORGANISER], parameters={"survey": _survey_in_scope})
def survey_workbook(user: User, season: Season, *, survey: int) -> list[Sheet]:
    """One survey's answers (the job's season only files it, as the alumni's)."""
    return [survey_sheet(surveys_visible_to(user).get(pk=survey), alumni_visible_to(user))]
