"""The placements API needs the same number of queries for a few students as for many: the match
endpoint and the list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField
from tests.factories import (
    CoordinatorFactory,
    LabFactory,
    OrganiserFactory,
    SeasonFactory,
    attach_documents,
)
from tests.placements.shared import url

pytestmark = pytest.mark.django_db

Status = Placement.Status


def bulk_students(season, count: int, start: int) -> None:
    """Accepted Kumamoto students interested in biology, then chemistry, written in bulk."""
    kumamoto = City.objects.get(slug="kumamoto")
    students = Nomination.objects.bulk_create(
        Nomination(
            season=season, city=kumamoto, status=Nomination.Status.ACCEPTED, rank=n,
            given_name="Student", family_name=f"No. {n}", email=f"bulk{n}@example.jp",
            english_level="B2",
        )
        for n in range(start, start + count)
    )  # fmt: skip
    biology = ResearchField.objects.get(slug="biology")
    chemistry = ResearchField.objects.get(slug="chemistry")
    ResearchInterest.objects.bulk_create(
        ResearchInterest(nomination=student, field=field, rank=rank)
        for student in students
        for rank, field in [(1, biology), (2, chemistry)]
    )


def queries_of_a_match(api, season) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.post(url("match"), {"season": season.pk}, format="json")
    assert response.status_code == 200
    return len(queries)


def test_the_match_endpoints_queries_do_not_grow_with_the_number_of_students(organiser):
    small, large = SeasonFactory(year=2030), SeasonFactory(year=2031)
    bulk_students(small, 20, start=0)
    bulk_students(large, 200, start=1000)
    for _ in range(30):
        LabFactory(capacity=5, fields=[ResearchField.objects.get(slug="biology")])
    api = APIClient()
    api.force_authenticate(organiser)

    first = queries_of_a_match(api, small), queries_of_a_match(api, large)
    rerun = queries_of_a_match(api, small), queries_of_a_match(api, large)

    assert Placement.objects.filter(nomination__season=large).count() == 150
    assert first[0] == first[1]
    assert rerun[0] == rerun[1]  # replacing the earlier proposals too


def bulk_placements(season, lab, count: int) -> None:
    bulk_students(season, count, start=Nomination.objects.count() + 10_000)
    students = Nomination.objects.filter(season=season).exclude(placements__isnull=False)
    Placement.objects.bulk_create(
        Placement(nomination=student, lab=lab, status=Status.OFFERED,
                  starts_on=dt.date(2027, 7, 17), ends_on=dt.date(2027, 8, 13))
        for student in students
    )  # fmt: skip
    for student in students:
        attach_documents(student, kinds=[Document.Kind.CV])


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_lists_queries_are_the_same_for_10_and_200_placements(season, lab_host, role):
    users = {
        "organiser": OrganiserFactory(username="office"),
        "coordinator": CoordinatorFactory(username="kumamoto"),
        "lab_host": lab_host,
    }
    lab_host.lab.capacity = 50
    lab_host.lab.save()
    api = APIClient()
    api.force_authenticate(users[role])
    counts = []
    for wanted in (10, 200):
        bulk_placements(season, lab_host.lab, wanted - Placement.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url("list"), {"page_size": 500})
        assert response.status_code == 200
        assert response.json()["count"] == wanted
        counts.append(len(queries))

    assert counts[0] == counts[1]
