"""Fixtures of the export tests: private media in a temporary folder, and a season with students
of two cities, placed in two labs, housed and travelling, whose names say where they belong."""

import datetime as dt
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook

from ish.housing.models import HousingAssignment
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.seasons.models import City
from tests.factories import (
    BERLIN,
    AccommodationFactory,
    HousingAssignmentFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
)

Status = Nomination.Status

# What only organisers may read, on the student placed at the lab host's lab: none of these may
# appear anywhere in a lab host's workbook.
SECRETS = {
    "passport_number": "PASS-C0FFEE-42",
    "medical_notes": "MEDNOTE asthma inhaler 42",
    "allergies": "ALLERGY hazelnut 42",
    "dietary_requirements": "DIET kosher 42",
    "emergency_contact_name": "EMERGENCY Hanako Abe",
    "emergency_contact_phone": "+81 90 5555 0142",
    "email": "abe.secret42@example.jp",
    "phone": "+81 96 777 0142",
    "date_of_birth": dt.date(2008, 2, 29),
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Export files land in a folder of their own, removed after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class Roster:
    """The season's students by family name, and where each one is."""

    students: dict[str, Nomination]
    lab_host_lab: object
    other_lab: object


def arriving(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2027, 7, day, hour, 0, tzinfo=BERLIN)


@pytest.fixture
def roster(season, lab_host) -> Roster:
    """Kumamoto: Abe (confirmed, placed at the lab host's lab, with every secret), Mori (no
    lab, no bed, no travel dates yet) and Sato (another lab); Montpellier: Dupont (only offered
    the lab host's lab: not placed there yet, so not in the lab host's roster) and Bernard (only
    proposed there, so the lab host does not see him at all). Kumamoto's Ueda was declined and
    Noda withdrawn: they are in no roster."""
    montpellier = City.objects.get(slug="montpellier")
    kumamoto = City.objects.get(slug="kumamoto")
    people = [
        ("Abe", kumamoto, Status.CONFIRMED, {**SECRETS, "arrival_at": arriving(16, 9)}),
        ("Mori", kumamoto, Status.ACCEPTED, {}),
        ("Sato", kumamoto, Status.ACCEPTED, {"arrival_at": arriving(15, 18)}),
        ("Dupont", montpellier, Status.ACCEPTED, {"arrival_at": arriving(16, 7)}),
        ("Bernard", montpellier, Status.CONFIRMED, {"arrival_at": arriving(17, 12)}),
        ("Ueda", kumamoto, Status.DECLINED, {}),
        ("Noda", kumamoto, Status.WITHDRAWN, {}),
    ]
    students = {}
    for family_name, city, status, fields in people:
        if fields.get("arrival_at"):
            fields["departure_at"] = dt.datetime(2027, 8, 14, 10, 0, tzinfo=BERLIN)
            fields["arrival_details"] = f"Flight of {family_name}"
        students[family_name] = NominationFactory(
            season=season,
            city=city,
            family_name=family_name,
            given_name=f"Given-{family_name}",
            status=status,
            **fields,
        )
    ours, other = lab_host.lab, LabFactory(name="Other lab")
    PlacementFactory(nomination=students["Abe"], lab=ours, status=Placement.Status.ACCEPTED)
    PlacementFactory(nomination=students["Dupont"], lab=ours, status=Placement.Status.OFFERED)
    PlacementFactory(nomination=students["Bernard"], lab=ours, status=Placement.Status.PROPOSED)
    PlacementFactory(nomination=students["Sato"], lab=other, status=Placement.Status.ACCEPTED)
    PlacementFactory(nomination=students["Mori"], lab=other, status=Placement.Status.CANCELLED)
    family, residence = (
        AccommodationFactory(name="Family Weber"),
        AccommodationFactory(name="Residence Bergheim", kind="residence", beds=10),
    )
    HousingAssignmentFactory(nomination=students["Abe"], accommodation=family)
    HousingAssignmentFactory(nomination=students["Sato"], accommodation=residence)
    HousingAssignmentFactory(nomination=students["Dupont"], accommodation=family)
    HousingAssignmentFactory(
        nomination=students["Bernard"],
        accommodation=residence,
        status=HousingAssignment.Status.CONFIRMED,
    )
    HousingAssignmentFactory(
        nomination=students["Mori"],
        accommodation=family,
        status=HousingAssignment.Status.CANCELLED,
    )
    return Roster(students, ours, other)


@pytest.fixture
def add_students(season, lab_host):
    """Adds accepted students of Kumamoto and Montpellier, each placed at the lab host's lab,
    housed and travelling."""
    cities = list(City.objects.filter(slug__in=["kumamoto", "montpellier"]))

    def add(count: int) -> None:
        place = AccommodationFactory(beds=count)
        for index in range(count):
            student = NominationFactory(
                season=season,
                status=Status.ACCEPTED,
                city=cities[index % 2],
                arrival_at=arriving(16, 8),
            )
            PlacementFactory(nomination=student, lab=lab_host.lab, status="accepted")
            HousingAssignmentFactory(nomination=student, accommodation=place)

    return add


def read_workbook(source):
    """A built workbook opened as a reader would (a path or a file)."""
    return load_workbook(source)


def sheet_values(worksheet) -> list[tuple]:
    return list(worksheet.iter_rows(values_only=True))


def every_cell_text(workbook) -> str:
    """Every cell of every sheet as text, one line per row, to search for what must not be."""
    return "\n".join(
        " | ".join("" if value is None else str(value) for value in row)
        for worksheet in workbook.worksheets
        for row in worksheet.iter_rows(values_only=True)
    )
