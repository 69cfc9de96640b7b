"""The Excel workbooks: which sheets each export has, their columns, and writing them.

Every sheet reads its rows through the same selectors as the API and the pages, so a workbook
holds exactly what its requester may see; a lab host's roster narrows them further to the
students placed at their lab, in the allow-listed columns only, and only organisers get the
emergency contacts. Workbooks are written with openpyxl in write-only mode, row by row, and
every sheet costs a fixed number of queries however long it is.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ish.accounts.models import User
from ish.exchange.checklist import missing_before_departure
from ish.exchange.models import Application
from ish.exchange.selectors import applications_visible_to
from ish.housing.models import HousingAssignment
from ish.housing.selectors import assignments_visible_to, travellers_visible_to
from ish.nominations.models import Gender, Nomination, ResearchInterest
from ish.nominations.selectors import LAB_HOST_FIELDS, nominations_visible_to
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to
from ish.seasons.models import Season

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0D6EFD")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable  # row object → cell value (str, int, date, datetime or None)
    field: str = ""  # the nomination field it shows, for the lab hosts' allow-list


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: list[Column]
    rows: Callable[[User, Season], QuerySet]
    organisers_only: bool = False


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel knows no time zones: Heidelberg time, as the office reads it."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _interests(season: Season) -> dict[int, str]:
    """Every student's interests of the season in one query, strongest first."""
    names: dict[int, list[str]] = {}
    for nomination_id, name in (
        ResearchInterest.objects.filter(nomination__season=season)
        .order_by("nomination_id", "rank")
        .values_list("nomination_id", "field__name")
    ):
        names.setdefault(nomination_id, []).append(name)
    return {nomination_id: ", ".join(fields) for nomination_id, fields in names.items()}


# Rows are read with only the fields their sheet shows, and what they show of related rows
# (the student's name and city, the lab, the bed) is read onto the row itself: 10,000 students
# then cost neither conversions of values no column prints nor related objects to build.
PARTICIPANT_FIELDS = (
    "nationality", "gender", "date_of_birth", "email", "school", "graduation_year",
    "english_level", "german_level", "status",
)  # fmt: skip
EMERGENCY_FIELDS = (
    "emergency_contact_name", "allergies", "dietary_requirements", "medical_notes",
    "passport_number",
)  # fmt: skip
TRAVEL_FIELDS = ("arrival_at", "departure_at", "arrival_details")


def _of_student(path: str = "") -> dict[str, F]:
    """The student's names and city, on a row of the student (`path` "") or of a placement or
    bed (`path` "nomination__")."""
    return {
        "student_family_name": F(f"{path}family_name"),
        "student_given_name": F(f"{path}given_name"),
        "city_name": F(f"{path}city__name"),
    }


def _students(students: QuerySet[Nomination], season: Season, fields) -> QuerySet[Nomination]:
    return (
        students.prefetch_related(None)
        .select_related(None)
        .filter(season=season, status__in=Nomination.HOLDS_A_PLACE)
        .only(*fields)
        .annotate(**_of_student())
    )


def _placed_at_their_lab(user: User, students: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """A lab host's roster lists the students placed at their lab: the selector also shows them
    those only offered a place or who declined one, to answer offers, but those are not theirs."""
    if not user.is_lab_host:
        return students
    placed = Placement.objects.filter(lab_id=user.lab_id, status=Placement.Status.ACCEPTED)
    return students.filter(pk__in=placed.values("nomination_id"))


def _as_stored(phone_field: str) -> Cast:
    """A phone number as stored (E.164, as printed anyway): parsing and validating each one
    again only to print it costs more than the rest of its row."""
    return Cast(phone_field, output_field=CharField())


def _participants(user: User, season: Season) -> QuerySet[Nomination]:
    students = _placed_at_their_lab(user, nominations_visible_to(user))
    return (
        _students(students, season, PARTICIPANT_FIELDS)
        .annotate(phone_number=_as_stored("phone"))
        .order_by("city__name", "family_name", "given_name", "pk")
    )


def _emergency_contacts(user: User, season: Season) -> QuerySet[Nomination]:
    students = _placed_at_their_lab(user, nominations_visible_to(user))
    return (
        _students(students, season, EMERGENCY_FIELDS)
        .annotate(emergency_phone_number=_as_stored("emergency_contact_phone"))
        .order_by("city__name", "family_name", "given_name", "pk")
    )


def _placements(user: User, season: Season) -> QuerySet[Placement]:
    placements = placements_visible_to(user)
    if user.is_lab_host:  # their students (see _placed_at_their_lab), not open offers
        placements = placements.filter(status=Placement.Status.ACCEPTED)
    return (
        placements.prefetch_related(None)
        .select_related(None)
        .filter(nomination__season=season)
        .exclude(status=Placement.Status.CANCELLED)
        .only("status", "starts_on", "ends_on")
        .annotate(
            **_of_student("nomination__"),
            lab_name=F("lab__name"),
            institute_name=F("lab__institute__name"),
            institute_short_name=F("lab__institute__short_name"),
        )
        .order_by("lab__institute__name", "lab__name", "nomination__family_name", "pk")
    )


def _housing(user: User, season: Season) -> QuerySet[HousingAssignment]:
    return (
        assignments_visible_to(user)
        .select_related(None)
        .filter(nomination__season=season)
        .exclude(status=HousingAssignment.Status.CANCELLED)
        .only("check_in", "check_out", "status", "warnings")
        .annotate(
            **_of_student("nomination__"),
            accommodation_name=F("accommodation__name"),
            accommodation_address=F("accommodation__address"),
        )
        .order_by("accommodation__name", "check_in", "nomination__family_name", "pk")
    )


def _arrivals(user: User, season: Season) -> QuerySet[Nomination]:
    travellers = _placed_at_their_lab(user, travellers_visible_to(user))
    return _students(travellers, season, TRAVEL_FIELDS).order_by(
        # Those who have not given their travel dates yet last, on every database.
        F("arrival_at").asc(nulls_last=True),
        "family_name",
        "pk",
    )


def _applications(user: User, season: Season):
    return (
        applications_visible_to(user)
        .prefetch_related(None)
        .filter(season=season)
        .order_by("-score", "family_name", "pk")
    )


def _labels(choices) -> dict[str, str]:
    """Choice labels in the workbook's language, translated once rather than once per cell."""
    return {value: str(label) for value, label in choices}


def _name_columns() -> list[Column]:
    """The student's names and city, first on every sheet about students (see _of_student)."""
    return [
        Column(gettext_lazy("Family name"), 20, lambda row: row.student_family_name, "family_name"),
        Column(gettext_lazy("Given name"), 18, lambda row: row.student_given_name, "given_name"),
        Column(gettext_lazy("City"), 16, lambda row: row.city_name, "city"),
    ]


def sheets_for(kind: str, interests: dict[int, str]) -> list[Sheet]:
    genders = _labels(Gender.choices)
    statuses = {
        model: _labels(model.Status.choices)
        for model in (Nomination, Placement, HousingAssignment, Application)
    }
    participants = Sheet(
        gettext_lazy("Participants"),
        [
            *_name_columns(),
            Column(gettext_lazy("Nationality"), 12, lambda n: n.nationality.code, "nationality"),
            Column(gettext_lazy("Gender"), 10, lambda n: genders.get(n.gender, ""), "gender"),
            Column(gettext_lazy("Date of birth"), 13, lambda n: n.date_of_birth, "date_of_birth"),
            Column(gettext_lazy("E-mail"), 28, lambda n: n.email, "email"),
            Column(gettext_lazy("Phone"), 18, lambda n: n.phone_number, "phone"),
            Column(gettext_lazy("School"), 28, lambda n: n.school, "school"),
            Column(
                gettext_lazy("Graduation year"), 10, lambda n: n.graduation_year, "graduation_year"
            ),
            Column(gettext_lazy("English"), 8, lambda n: n.english_level, "english_level"),
            Column(gettext_lazy("German"), 8, lambda n: n.german_level, "german_level"),
            Column(
                gettext_lazy("Research interests"),
                32,
                lambda n: interests.get(n.pk, ""),
                "research_interests",
            ),
            Column(gettext_lazy("Status"), 12, lambda n: statuses[Nomination][n.status], "status"),
        ],
        _participants,
    )
    placements = Sheet(
        gettext_lazy("Placements"),
        [
            *_name_columns(),
            Column(
                gettext_lazy("Institute"),
                14,
                lambda p: p.institute_short_name or p.institute_name,
            ),
            Column(gettext_lazy("Lab"), 32, lambda p: p.lab_name),
            Column(gettext_lazy("Status"), 12, lambda p: statuses[Placement][p.status]),
            Column(gettext_lazy("First day"), 12, lambda p: p.starts_on),
            Column(gettext_lazy("Last day"), 12, lambda p: p.ends_on),
        ],
        _placements,
    )
    housing = Sheet(
        gettext_lazy("Housing"),
        [
            *_name_columns(),
            Column(gettext_lazy("Accommodation"), 28, lambda a: a.accommodation_name),
            Column(
                gettext_lazy("Address"), 34, lambda a: " ".join(a.accommodation_address.split())
            ),
            Column(gettext_lazy("Check-in"), 12, lambda a: a.check_in),
            Column(gettext_lazy("Check-out"), 12, lambda a: a.check_out),
            Column(gettext_lazy("Nights"), 8, lambda a: (a.check_out - a.check_in).days),
            Column(gettext_lazy("Status"), 12, lambda a: statuses[HousingAssignment][a.status]),
            Column(gettext_lazy("Warnings"), 40, lambda a: "; ".join(a.warnings)),
        ],
        _housing,
    )
    arrivals = Sheet(
        gettext_lazy("Arrivals"),
        [
            *_name_columns(),
            Column(gettext_lazy("Arrival"), 18, lambda n: _local(n.arrival_at)),
            Column(gettext_lazy("Departure"), 18, lambda n: _local(n.departure_at)),
            Column(gettext_lazy("Travel details"), 36, lambda n: n.arrival_details),
        ],
        _arrivals,
    )
    emergency = Sheet(
        gettext_lazy("Emergency contacts"),
        [
            *_name_columns(),
            Column(gettext_lazy("Emergency contact"), 24, lambda n: n.emergency_contact_name),
            Column(gettext_lazy("Emergency phone"), 18, lambda n: n.emergency_phone_number),
            Column(gettext_lazy("Allergies"), 24, lambda n: n.allergies),
            Column(gettext_lazy("Dietary requirements"), 24, lambda n: n.dietary_requirements),
            Column(gettext_lazy("Medical notes"), 30, lambda n: n.medical_notes),
            Column(gettext_lazy("Passport number"), 16, lambda n: n.passport_number),
        ],
        _emergency_contacts,
        organisers_only=True,
    )
    exchange = Sheet(
        gettext_lazy("NYSF applications"),
        [
            Column(gettext_lazy("Family name"), 20, lambda a: a.family_name),
            Column(gettext_lazy("Given name"), 18, lambda a: a.given_name),
            Column(gettext_lazy("School"), 28, lambda a: a.school.name),
            Column(gettext_lazy("Gender"), 10, lambda a: genders.get(a.gender, "")),
            Column(gettext_lazy("Date of birth"), 13, lambda a: a.date_of_birth),
            Column(gettext_lazy("E-mail"), 28, lambda a: a.email),
            Column(gettext_lazy("Score"), 8, lambda a: a.score),
            Column(gettext_lazy("Status"), 12, lambda a: statuses[Application][a.status]),
            Column(gettext_lazy("NYSF session"), 16, lambda a: a.nysf_session),
            Column(gettext_lazy("Departure"), 12, lambda a: a.departure_on),
            Column(gettext_lazy("Return"), 12, lambda a: a.return_on),
            Column(
                gettext_lazy("Still missing"),
                40,
                lambda a: (
                    ", ".join(missing_before_departure(a))
                    if a.status in Application.TRAVELLING
                    else ""
                ),
            ),
        ],
        _applications,
        organisers_only=True,
    )
    return {
        "roster": [participants, placements, housing, arrivals, emergency],
        "placements": [placements],
        "housing": [housing],
        "arrivals": [arrivals],
        "exchange": [exchange],
    }[kind]


def visible_columns(sheet: Sheet, user: User) -> list[Column]:
    if not user.is_lab_host:
        return sheet.columns
    return [
        column for column in sheet.columns if not column.field or column.field in LAB_HOST_FIELDS
    ]


def build(
    kind: str,
    user: User,
    season: Season,
    target,
    progress: Callable[[int], None] = lambda percent: None,
) -> int:
    """Write the workbook of `kind` for `user` to `target` (a path or file); returns the rows."""
    sheets = [
        sheet
        for sheet in sheets_for(kind, _interests(season))
        if user.is_organiser or not sheet.organisers_only
    ]
    querysets = [sheet.rows(user, season) for sheet in sheets]
    total = sum(queryset.count() for queryset in querysets) or 1
    step = max(1, total // 50)
    workbook = Workbook(write_only=True)
    workbook.properties.title = _("ISH %(year)s: %(kind)s") % {"year": season.year, "kind": kind}
    workbook.properties.creator = "ISH Manager"
    workbook.properties.created = timezone.now().replace(tzinfo=None)
    written = 0
    for sheet, queryset in zip(sheets, querysets, strict=True):
        columns = visible_columns(sheet, user)
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        for index, column in enumerate(columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = "A2"
        worksheet.append([_header(worksheet, str(column.header)) for column in columns])
        count = 0
        for row in _rows(queryset):
            worksheet.append([column.value(row) for column in columns])
            count += 1
            written += 1
            if written % step == 0:
                progress(min(99, written * 100 // total))
        last = get_column_letter(max(1, len(columns)))
        worksheet.auto_filter.ref = f"A1:{last}{count + 1}"
    workbook.save(target)
    progress(100)
    return written


def _header(worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def _rows(queryset: QuerySet) -> Iterator:
    """Stream rows without holding them all: one query, read in chunks."""
    return queryset.iterator(chunk_size=2000)
