"""The lists read as values (api/rows.py) answer exactly what the serializers answer: every field
of every row, for every role, the pages and filters alike. The expectation is the serializers'
output (they stay the API's contract for writes, single objects and the schema)."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from api.housing import HousingAssignmentRowSerializer
from api.nomination_serializers import NominationSerializer, NominationSummarySerializer
from api.placements import PlacementRowSerializer
from ish.housing.selectors import assignments_with_students
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to
from ish.seasons.models import City, ResearchField
from tests.factories import (
    DocumentFactory,
    HousingAssignmentFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
Status = Nomination.Status


@pytest.fixture
def rich(lab_host):
    """Two seasons, three cities whose names sort otherwise than their ids, every status, phone
    numbers (valid, and one stored as typed), date-times given in several offsets (summer and
    winter time), null fields, documents current and replaced, placements and beds."""
    older, newer = SeasonFactory(year=2026), SeasonFactory(year=2027)
    kumamoto = City.objects.get(slug="kumamoto")
    cambridge = City.objects.get(slug="cambridge")
    bautzen = City.objects.get(slug="bautzen")
    fields = list(ResearchField.objects.order_by("slug"))
    people = []
    for n, (season, city, status) in enumerate(
        [
            (newer, kumamoto, Status.DRAFT),
            (newer, kumamoto, Status.SUBMITTED),
            (newer, kumamoto, Status.ACCEPTED),
            (newer, cambridge, Status.ACCEPTED),
            (newer, bautzen, Status.WAITLISTED),
            (newer, bautzen, Status.CONFIRMED),
            (older, kumamoto, Status.DECLINED),
            (older, cambridge, Status.WITHDRAWN),
            (older, bautzen, Status.ACCEPTED),
            (newer, cambridge, Status.DRAFT),
        ]
    ):
        people.append(
            NominationFactory(
                season=season,
                city=city,
                status=status,
                rank=None if n % 4 == 3 else 10 - n,
                given_name=f"Ada {n}",
                family_name=f"Zed {n}",
                interests=[fields[(n + k) % len(fields)] for k in range(1 + n % 3)],
                phone="+49 6221 54 1234" if n % 2 else "",
                emergency_contact_phone="+81 96 123 4567" if n % 3 else "",
                emergency_contact_name=f"Kin {n}",
                passport_number=f"P{n}",
                medical_notes="Asthma" if n % 2 else "",
                nationality="" if n == 4 else "JP",
                date_of_birth=None if n == 0 else dt.date(2010 if n == 1 else 2007, 5, 1),
                graduation_year=None if n == 0 else 2027,
                school="" if n == 9 else "Some school",
                arrival_at=[
                    None,
                    dt.datetime(2027, 7, 16, 9, 30, tzinfo=TOKYO),
                    dt.datetime(2027, 1, 16, 9, 30, 15, 123456, tzinfo=NEW_YORK),
                    dt.datetime(2027, 7, 15, 22, 0, tzinfo=UTC),
                ][n % 4],
                departure_at=dt.datetime(2027, 8, 14, 12, 0, tzinfo=UTC) if n % 2 else None,
                submitted_at=None if status == Status.DRAFT else timezone.now(),
                decided_at=dt.datetime(2027, 3, 1, 12, 0, tzinfo=TOKYO) if n > 4 else None,
            )
        )
    # A phone number stored as typed, as an invalid number is (the model field stores it raw).
    Nomination.objects.filter(pk=people[3].pk).update(phone="12345")
    for n, person in enumerate(people):
        for kind in ["cv", "motivation_letter", "transcript", "consent_form"][: n % 5]:
            DocumentFactory(nomination=person, kind=kind, filename=f"{kind}-{n}.pdf")
    replaced = DocumentFactory(nomination=people[2], kind="other", filename="old.pdf")
    Document.objects.filter(pk=replaced.pk).update(replaced_at=timezone.now())
    DocumentFactory(nomination=people[2], kind="other", filename="letter.pdf")
    DocumentFactory(nomination=people[2], kind="other", filename="photo.pdf")

    other_lab = LabFactory(name="Another lab")
    for n, (person, lab, status) in enumerate(
        [
            (people[2], lab_host.lab, Placement.Status.OFFERED),
            (people[3], lab_host.lab, Placement.Status.ACCEPTED),
            (people[5], lab_host.lab, Placement.Status.PROPOSED),
            (people[8], other_lab, Placement.Status.OFFERED),
            (people[6], lab_host.lab, Placement.Status.DECLINED),
        ]
    ):
        PlacementFactory(
            nomination=person,
            lab=lab,
            status=status,
            comment=f"comment {n}",
            offered_at=dt.datetime(2027, 5, 1, 8, 0, tzinfo=NEW_YORK),
            answered_at=None if n % 2 else dt.datetime(2027, 12, 1, 8, 0, tzinfo=TOKYO),
        )
    for n, person in enumerate([people[2], people[3], people[5], people[8]]):
        HousingAssignmentFactory(
            nomination=person,
            status="confirmed" if n % 2 else "proposed",
            warnings=["The host keeps a cat."] if n % 2 else [],
            confirmed_at=dt.datetime(2027, 6, 1, 10, 0, tzinfo=TOKYO) if n % 2 else None,
        )
    return people


def _as_json(data) -> object:
    return json.loads(JSONRenderer().render(data))


def _request_of(user, path: str) -> Request:
    request = Request(APIRequestFactory().get(path))
    request.user = user
    return request


NOMINATION_ORDER = ["season", "city__name", "rank", "family_name"]


def _expected_nominations(user, *, page_size: int = 50, page: int = 1, **filters) -> list:
    request = _request_of(user, "/api/v1/nominations/")
    rows = nominations_visible_to(user).filter(**filters).order_by(*NOMINATION_ORDER)
    shown = rows[(page - 1) * page_size : page * page_size]
    return _as_json(
        NominationSummarySerializer(shown, many=True, context={"request": request}).data
    )


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_nominations_list_writes_every_field_as_the_serializer_does(
    api_as, user_of, rich, role
):
    body = api_as(role).get("/api/v1/nominations/").json()

    expected = _expected_nominations(user_of(role))
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected
    for row, want in zip(body["results"], expected, strict=True):
        assert list(row) == list(want)  # the keys in the serializer's order


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_a_page_of_the_nominations_list_is_the_serializers_page(api_as, user_of, rich, role):
    body = api_as(role).get("/api/v1/nominations/", {"page": 2, "page_size": 1}).json()

    assert body["results"] == _expected_nominations(user_of(role), page_size=1, page=2)
    assert body["next"] is not None
    assert body["previous"] is not None


def test_a_filtered_nominations_list_is_what_the_serializer_writes_of_the_same_rows(
    api_as, organiser, rich
):
    season = rich[2].season
    body = (
        api_as("organiser")
        .get(f"/api/v1/nominations/?season={season.pk}&status=accepted&status=draft")
        .json()
    )

    expected = _expected_nominations(
        organiser, season=season, status__in=[Status.ACCEPTED, Status.DRAFT]
    )
    assert body["results"] == expected
    assert sorted(row["status"] for row in body["results"]) == [
        "accepted", "accepted", "draft", "draft"
    ]  # fmt: skip


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_one_nomination_is_written_as_the_serializer_writes_it(api_as, user_of, rich, role):
    user = user_of(role)
    request = _request_of(user, "/api/v1/nominations/")
    visible = list(nominations_visible_to(user))
    assert visible

    for nomination in visible:
        body = api_as(role).get(f"/api/v1/nominations/{nomination.pk}/").json()

        expected = _as_json(NominationSerializer(nomination, context={"request": request}).data)
        assert body == expected
        assert list(body) == list(expected)


@pytest.mark.parametrize("role", ["organiser", "coordinator", "lab_host"])
def test_the_placements_list_writes_every_field_as_the_serializer_does(api_as, user_of, rich, role):
    user = user_of(role)
    body = api_as(role).get("/api/v1/placements/").json()

    rows = placements_visible_to(user).order_by("lab__name", "nomination__family_name")
    request = _request_of(user, "/api/v1/placements/")
    expected = _as_json(PlacementRowSerializer(rows, many=True, context={"request": request}).data)
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected
    for row, want in zip(body["results"], expected, strict=True):
        assert list(row) == list(want)
        assert list(row["student"]) == list(want["student"])


@pytest.mark.parametrize("role", ["organiser", "coordinator"])
def test_the_housing_list_writes_every_field_as_the_serializer_does(api_as, user_of, rich, role):
    user = user_of(role)
    body = api_as(role).get("/api/v1/housing-assignments/").json()

    rows = assignments_with_students(user).order_by("check_in", "accommodation__name")
    request = _request_of(user, "/api/v1/housing-assignments/")
    expected = _as_json(
        HousingAssignmentRowSerializer(rows, many=True, context={"request": request}).data
    )
    assert body["count"] == len(expected) > 0
    assert body["results"] == expected
    for row, want in zip(body["results"], expected, strict=True):
        assert list(row) == list(want)
        assert list(row["student"]) == list(want["student"])


def test_values_are_written_as_the_api_always_wrote_them(api_as, rich):
    """Literal values, independent of any serializer: the time zone and offsets, the phone
    numbers as stored, the download address, what is missing, in their order."""
    person = rich[2]
    row = next(
        row
        for row in api_as("organiser").get("/api/v1/nominations/").json()["results"]
        if row["id"] == person.pk
    )

    assert row["arrival_at"] == "2027-01-16T15:30:15.123456+01:00"  # winter time in Berlin
    assert row["city"] == "kumamoto"
    assert row["season"] == person.season_id
    assert row["phone"] == ""
    # By kind, the newest first within one.
    assert [d["filename"] for d in row["documents"]] == [
        "cv-2.pdf", "motivation_letter-2.pdf", "photo.pdf", "letter.pdf"
    ]  # fmt: skip
    cv = row["documents"][0]
    assert cv["download_url"] == (
        f"http://testserver/api/v1/nominations/{person.pk}/documents/{cv['id']}/download/"
    )
    assert cv["replaced_at"] is None
    assert row["missing"] == ["transcript"]
    assert row["actions"] == ["confirm", "withdraw"]

    invalid = api_as("organiser").get(f"/api/v1/nominations/{rich[3].pk}/").json()
    assert invalid["phone"] == "12345"
    assert invalid["arrival_at"] == "2027-07-16T00:00:00+02:00"  # summer time
    assert invalid["rank"] is None
    valid = api_as("organiser").get(f"/api/v1/nominations/{rich[1].pk}/").json()
    assert valid["phone"] == "+496221541234"
    assert valid["emergency_contact_phone"] == "+81961234567"
    # A minor (16 on the first day) with only a CV.
    assert valid["missing"] == ["motivation letter", "transcript", "guardian consent form"]


def test_a_nomination_of_an_older_season_comes_after_the_newer_seasons(api_as, rich):
    """The default order: newest season first, then the city's name, the rank and the name
    (the seasons' and cities' ids sort otherwise)."""
    rows = api_as("organiser").get("/api/v1/nominations/").json()["results"]

    seasons = [row["season"] for row in rows]
    assert seasons == sorted(seasons, key=lambda pk: pk != rich[0].season_id)
    newer_cities = [row["city"] for row in rows if row["season"] == rich[0].season_id]
    assert newer_cities == sorted(newer_cities, key=lambda slug: City.objects.get(slug=slug).name)


def test_the_lists_take_the_same_queries_as_the_serializers_did(
    api_as, rich, django_assert_max_num_queries
):
    # The count, the page and, per list, the students or their interests and documents.
    for url, queries in [
        ("/api/v1/nominations/", 4),
        ("/api/v1/placements/", 5),
        ("/api/v1/housing-assignments/", 4),
    ]:
        with django_assert_max_num_queries(queries):
            assert api_as("organiser").get(url).status_code == 200
