"""Inbound NYSF students: the NYSF (a city of kind "exchange") nominates Australians to ISH through
the same nomination workflow as a partner city, end to end through the API, within its quota."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.seasons.models import City
from tests.factories import PDF_BYTES, CoordinatorFactory, QuotaFactory
from tests.nominations.conftest import BEFORE_DEADLINE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

LIST = "/api/v1/nominations/"
DOCUMENTS = ["cv", "motivation_letter", "transcript"]


@pytest.fixture
def before_the_deadline():
    """Nominations for 2027 are open until 31 March 2027: 1 February 2027 in Heidelberg."""

    with time_machine.travel(BEFORE_DEADLINE, tick=True):
        yield


@pytest.fixture
def nysf(season):
    """The NYSF with the demo's quota: three places, no alternates."""
    city = City.objects.get(slug="nysf")
    QuotaFactory(season=season, city=city, places=3, alternates=0)
    return city


@pytest.fixture
def nysf_coordinator(nysf):
    return CoordinatorFactory(username="nysf", city=nysf, email="olivia@nysf.example.au")


@pytest.fixture
def as_nysf(api_as, nysf_coordinator):
    client = api_as("anonymous")
    client.force_authenticate(nysf_coordinator)
    return client


def payload(season, **fields) -> dict:
    return {
        "season": season.pk,
        "given_name": "Chloe",
        "family_name": "Wilson",
        "date_of_birth": "2009-03-14",
        "gender": "female",
        "email": "chloe.wilson@example.au",
        "phone": "+61 2 6125 0000",
        "nationality": "AU",
        "school": "Canberra College",
        "graduation_year": 2026,
        "english_level": "C2",
        "german_level": "A2",
        "research_interests": ["physics", "astronomy"],
        "motivation": "After the NYSF I would love to work in a Heidelberg lab.",
        "language": "en",
        **fields,
    }


def nominate_completely(client, season, **fields) -> int:
    """Create a draft and upload its documents as the coordinator's browser would."""
    created = client.post(LIST, payload(season, **fields), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    for kind in DOCUMENTS:
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES, content_type="application/pdf")
        uploaded = client.post(
            f"{LIST}{pk}/documents/", {"kind": kind, "file": upload}, format="multipart"
        )
        assert uploaded.status_code == 201, uploaded.json()
    return pk


def test_the_nysf_is_an_exchange_city():
    nysf = City.objects.get(slug="nysf")

    assert (nysf.kind, nysf.country.code) == ("exchange", "AU")


def test_the_nysf_coordinator_nominates_an_australian_whom_the_office_accepts(
    as_nysf, api_as, season, nysf
):
    pk = nominate_completely(as_nysf, season)

    created = as_nysf.get(f"{LIST}{pk}/").json()
    submitted = as_nysf.post(f"{LIST}{pk}/submit/", {"comment": "Our best."}, format="json")
    accepted = api_as("organiser").post(
        f"{LIST}{pk}/accept/", {"comment": "Welcome!"}, format="json"
    )
    seen = as_nysf.get(LIST, {"season": season.pk}).json()["results"]

    assert created["city"] == "nysf"
    assert created["status"] == "draft"
    assert submitted.status_code == 200, submitted.json()
    assert accepted.status_code == 200, accepted.json()
    assert [(row["id"], row["status"]) for row in seen] == [(pk, "accepted")]
    nomination = Nomination.objects.get(pk=pk)
    assert nomination.city == nysf
    mailed = set(OutboundEmail.objects.filter(object_id=pk).values_list("to", "event"))
    assert ("olivia@nysf.example.au", "nomination_accepted") in mailed
    assert ("chloe.wilson@example.au", "nomination_accepted") in mailed


def test_the_nysf_quota_holds_like_any_citys(as_nysf, season):
    pks = [
        nominate_completely(as_nysf, season, email=f"student{n}@example.au", family_name=f"W{n}")
        for n in range(4)
    ]

    answers = [as_nysf.post(f"{LIST}{pk}/submit/", format="json").status_code for pk in pks]

    assert answers == [200, 200, 200, 409]
    assert Nomination.objects.filter(status="submitted").count() == 3


def test_the_nysf_coordinator_sees_only_the_nysf_and_may_not_nominate_for_another_city(
    as_nysf, api_as, season, nysf
):
    kumamoto = api_as("coordinator")
    QuotaFactory(season=season, city=City.objects.get(slug="kumamoto"))
    theirs = kumamoto.post(
        LIST, payload(season, email="aiko@example.jp", nationality="JP"), format="json"
    ).json()["id"]
    ours = nominate_completely(as_nysf, season)

    elsewhere = as_nysf.post(
        LIST, payload(season, city="kumamoto", email="x@example.au"), format="json"
    )

    assert {row["id"] for row in as_nysf.get(LIST).json()["results"]} == {ours}
    assert as_nysf.get(f"{LIST}{theirs}/").status_code == 404
    assert {row["id"] for row in kumamoto.get(LIST).json()["results"]} == {theirs}
    assert elsewhere.status_code in {400, 403}
    assert not Nomination.objects.filter(email="x@example.au").exists()


def test_the_nysf_coordinator_sees_their_students_in_the_portal(
    client, nysf_coordinator, season, as_nysf
):
    pk = nominate_completely(as_nysf, season)
    client.force_login(nysf_coordinator)

    page = client.get(reverse("nominations:list"), {"season": season.pk}).content.decode()
    detail = client.get(reverse("nominations:detail", args=[pk]))

    assert "Chloe Wilson" in page
    assert detail.status_code == 200
