"""The export sheets about the students themselves (participants, emergency contacts) and what
every sheet about students shares: their names and city first, read onto the row.

Rows are read with only the fields their sheet shows, and what they show of related rows (the
student's name and city) is read onto the row itself: 10,000 students then cost neither
conversions of values no column prints nor related objects to build.
"""

import functools

from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy

from ish.accounts.models import User
from ish.nominations.models import Gender, Nomination, ResearchInterest
from ish.nominations.selectors import LAB_HOST_FIELDS
from ish.seasons.models import Season
from ish.seasons.names import city_name, field_name
from ish.spreadsheets import Column, Sheet, choice_labels

PARTICIPANT_FIELDS = (
    "nationality", "gender", "date_of_birth", "email", "school", "graduation_year",
    "english_level", "german_level", "status",
)  # fmt: skip
EMERGENCY_FIELDS = (
    "emergency_contact_name", "allergies", "dietary_requirements", "medical_notes",
    "passport_number",
)  # fmt: skip
BY_CITY_AND_NAME = ("city__name", "family_name", "given_name", "pk")


def student_names(path: str = "") -> dict[str, F]:
    """The student's names and city, as annotations on a row of the student (`path` "") or of
    a row pointing to one (`path` "nomination__"), for `name_columns`."""
    return {
        "student_family_name": F(f"{path}family_name"),
        "student_given_name": F(f"{path}given_name"),
        "city_name": F(f"{path}city__name"),
    }


def name_columns() -> list[Column]:
    """The student's names and city, first on every sheet about students (see student_names);
    the city named in the workbook's language, translated once per city."""
    city = functools.cache(city_name)
    return [
        Column(gettext_lazy("Family name"), 20, lambda row: row.student_family_name),
        Column(gettext_lazy("Given name"), 18, lambda row: row.student_given_name),
        Column(gettext_lazy("City"), 16, lambda row: city(row.city_name)),
    ]


def in_programme(students: QuerySet[Nomination], season: Season, fields) -> QuerySet[Nomination]:
    """The season's students who hold a place, read with only `fields` and their names."""
    return (
        students.prefetch_related(None)
        .select_related(None)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .only(*fields)
        .annotate(**student_names())
    )


def _as_stored(phone_field: str) -> Cast:
    """A phone number as stored (E.164, as printed anyway): parsing and validating each one
    again only to print it costs more than the rest of its row."""
    return Cast(phone_field, output_field=CharField())


def _interests(season: Season) -> dict[int, str]:
    """Every student's interests of the season in one query, strongest first, named in the
    workbook's language."""
    field = functools.cache(field_name)
    names: dict[int, list[str]] = {}
    for nomination_id, name in (
        ResearchInterest.objects.filter(nomination__season=season)
        .order_by("nomination_id", "rank")
        .values_list("nomination_id", "field__name")
    ):
        names.setdefault(nomination_id, []).append(field(name))
    return {nomination_id: ", ".join(fields) for nomination_id, fields in names.items()}


def participants(user: User, season: Season, students: QuerySet[Nomination]) -> Sheet:
    """One row per student of `students` holding a place; a lab host gets only the columns of
    the profile they may see (LAB_HOST_FIELDS)."""
    interests, genders = _interests(season), choice_labels(Gender.choices)
    statuses = choice_labels(Nomination.Status.choices)
    columns = [
        ("nationality", Column(gettext_lazy("Nationality"), 12, lambda n: n.nationality.code)),
        ("gender", Column(gettext_lazy("Gender"), 10, lambda n: genders.get(n.gender, ""))),
        ("date_of_birth", Column(gettext_lazy("Date of birth"), 13, lambda n: n.date_of_birth)),
        ("email", Column(gettext_lazy("E-mail"), 28, lambda n: n.email)),
        ("phone", Column(gettext_lazy("Phone"), 18, lambda n: n.phone_number)),
        ("school", Column(gettext_lazy("School"), 28, lambda n: n.school)),
        (
            "graduation_year",
            Column(gettext_lazy("Graduation year"), 10, lambda n: n.graduation_year),
        ),
        ("english_level", Column(gettext_lazy("English"), 8, lambda n: n.english_level)),
        ("german_level", Column(gettext_lazy("German"), 8, lambda n: n.german_level)),
        (
            "research_interests",
            Column(gettext_lazy("Research interests"), 32, lambda n: interests.get(n.pk, "")),
        ),
        ("status", Column(gettext_lazy("Status"), 12, lambda n: statuses[n.status])),
    ]
    rows = (
        in_programme(students, season, PARTICIPANT_FIELDS)
        .annotate(phone_number=_as_stored("phone"))
        .order_by(*BY_CITY_AND_NAME)
    )
    return Sheet(
        gettext_lazy("Participants"),
        [
            *name_columns(),
            *(
                column
                for field, column in columns
                if not user.is_lab_host or field in LAB_HOST_FIELDS
            ),
        ],
        rows,
    )


def emergency_contacts(season: Season, students: QuerySet[Nomination]) -> Sheet:
    """Whom to call and what to know in an emergency: for organisers' eyes only."""
    rows = (
        in_programme(students, season, EMERGENCY_FIELDS)
        .annotate(emergency_phone_number=_as_stored("emergency_contact_phone"))
        .order_by(*BY_CITY_AND_NAME)
    )
    return Sheet(
        gettext_lazy("Emergency contacts"),
        [
            *name_columns(),
            Column(gettext_lazy("Emergency contact"), 24, lambda n: n.emergency_contact_name),
            Column(gettext_lazy("Emergency phone"), 18, lambda n: n.emergency_phone_number),
            Column(gettext_lazy("Allergies"), 24, lambda n: n.allergies),
            Column(gettext_lazy("Dietary requirements"), 24, lambda n: n.dietary_requirements),
            Column(gettext_lazy("Medical notes"), 30, lambda n: n.medical_notes),
            Column(gettext_lazy("Passport number"), 16, lambda n: n.passport_number),
        ],
        rows,
    )
