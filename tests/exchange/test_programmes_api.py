"""The outbound programmes' API: organisers list, add and change programmes; applications name
their programme and are filtered by it; other roles are refused as on the applications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ish.exchange.models import Application, OutboundProgramme
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/outbound-programmes/"
APPLICATIONS = "/api/v1/exchange-applications/"
ISSI = {
    "slug": "issi",
    "name": "ISSI",
    "host_country": "IL",
    "host_city": "Rehovot",
    "places": 2,
    "candidates_per_school_and_gender": None,
    "application_deadline": None,
    "departure_on": "2027-07-01",
    "return_on": "2027-07-31",
    "checklist_items": ["Israeli entry permit", "Medical form"],
}


def test_the_nysf_is_listed_with_the_contracts_fields(api_as):
    response = api_as("organiser").get(PROGRAMMES)

    assert response.status_code == 200
    (nysf,) = response.json()["results"]
    assert {key: nysf[key] for key in ISSI} == {
        "slug": "nysf",
        "name": "NYSF",
        "host_country": "AU",
        "host_city": "Canberra",
        "places": 3,
        "candidates_per_school_and_gender": 1,
        "application_deadline": None,
        "departure_on": None,
        "return_on": None,
        "checklist_items": [
            "Passport valid until",
            "Visa / ETA granted",
            "Travel insurance taken out",
            "Guardian consent received",
            "Flights booked",
        ],
    }
    assert isinstance(nysf["id"], int)


def test_the_office_adds_and_changes_a_programme(api_as):
    client = api_as("organiser")

    created = client.post(PROGRAMMES, ISSI, format="json")
    changed = client.patch(
        f"{PROGRAMMES}{created.json()['id']}/",
        {"places": 3, "checklist_items": ["Medical form"]},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert {key: created.json()[key] for key in ISSI} == ISSI
    assert changed.status_code == 200
    assert changed.json()["places"] == 3
    assert changed.json()["checklist_items"] == ["Medical form"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slug": "NYSF"}, "slug"),
        ({"name": "nysf"}, "name"),
        ({"places": 0}, "places"),
        ({"return_on": "2027-06-01"}, "return_on"),
        ({"host_country": "XX"}, "host_country"),
        ({"checklist_items": ["Twice", "Twice"]}, "checklist_items"),
    ],
)
def test_a_bad_programme_is_400_naming_the_field(api_as, fields, field):
    response = api_as("organiser").post(PROGRAMMES, ISSI | fields, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_removing_one_of_the_nysfs_checklist_columns_is_400(api_as):
    nysf = OutboundProgramme.nysf()

    response = api_as("organiser").patch(
        f"{PROGRAMMES}{nysf.pk}/", {"checklist_items": ["Flights booked"]}, format="json"
    )

    assert response.status_code == 400
    assert "cannot be removed" in str(response.json()["checklist_items"])


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_are_403_on_the_programmes(api_as, role):
    client = api_as(role)
    nysf = OutboundProgramme.nysf()

    assert client.get(PROGRAMMES).status_code == 403
    assert client.post(PROGRAMMES, ISSI, format="json").status_code == 403
    assert client.get(f"{PROGRAMMES}{nysf.pk}/").status_code == 403
    assert client.patch(f"{PROGRAMMES}{nysf.pk}/", {"places": 9}, format="json").status_code == 403
    assert OutboundProgramme.objects.get().places == 3


def test_without_credentials_the_programmes_are_401(client):
    assert client.get(PROGRAMMES).status_code == 401


def test_applications_name_their_programme_and_are_filtered_by_it(api_as, open_season):
    client = api_as("organiser")
    client.post(PROGRAMMES, ISSI, format="json")
    ApplicationFactory(season=open_season, family_name="Canberra-bound")
    ApplicationFactory(
        season=open_season,
        family_name="Rehovot-bound",
        programme=OutboundProgramme.objects.get(slug="issi"),
    )

    issi = client.get(APPLICATIONS, {"programme": "issi"}).json()["results"]
    nysf = client.get(APPLICATIONS, {"programme": "nysf"}).json()["results"]
    nowhere = client.get(APPLICATIONS, {"programme": "nowhere"})

    assert [(a["family_name"], a["programme"]) for a in issi] == [("Rehovot-bound", "issi")]
    assert [(a["family_name"], a["programme"]) for a in nysf] == [("Canberra-bound", "nysf")]
    assert nowhere.status_code == 400
    assert "programme" in nowhere.json()


def test_the_programme_of_an_application_cannot_be_changed(api_as, open_season):
    application = ApplicationFactory(season=open_season)
    client = api_as("organiser")
    client.post(PROGRAMMES, ISSI, format="json")

    client.patch(f"{APPLICATIONS}{application.pk}/", {"programme": "issi"}, format="json")

    assert Application.objects.get(pk=application.pk).programme.slug == "nysf"


def test_the_programmes_list_takes_the_same_queries_for_10_and_for_200(api_as):
    client = api_as("organiser")
    counts = {}
    for rows in (10, 200):
        OutboundProgramme.objects.exclude(slug="nysf").delete()
        OutboundProgramme.objects.bulk_create(
            OutboundProgramme(
                slug=f"p{n}", name=f"Programme {n}", host_country="IL", host_city="R", places=1
            )
            for n in range(rows)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PROGRAMMES, {"page_size": 500})
        assert response.json()["count"] == rows + 1
        counts[rows] = len(queries)

    assert counts[10] == counts[200]
    assert counts[200] <= 4


def test_the_applications_list_with_programmes_takes_the_same_queries_for_10_and_200(
    api_as, open_season
):
    client = api_as("organiser")
    client.post(PROGRAMMES, ISSI, format="json")
    issi = OutboundProgramme.objects.get(slug="issi")
    counts = {}
    for rows in (10, 200):
        Application.objects.all().delete()
        ApplicationFactory.create_batch(rows // 2, season=open_season)
        ApplicationFactory.create_batch(rows // 2, season=open_season, programme=issi)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(APPLICATIONS, {"page_size": 500})
        assert {a["programme"] for a in response.json()["results"]} == {"nysf", "issi"}
        counts[rows] = len(queries)

    assert counts[10] == counts[200]
    assert counts[200] <= 5
