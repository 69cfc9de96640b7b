"""The API for host institutes and labs: organisers write, every role reads."""

import pytest

from ish.labs.models import Institute, Lab
from ish.seasons.models import ResearchField
from tests.factories import InstituteFactory, LabFactory

pytestmark = pytest.mark.django_db

INSTITUTES_URL = "/api/v1/institutes/"
LABS_URL = "/api/v1/labs/"
READERS = ["organiser", "coordinator", "lab_host"]


def _fields(*slugs: str) -> list[ResearchField]:
    return list(ResearchField.objects.filter(slug__in=slugs))


@pytest.fixture
def institute(db):
    return InstituteFactory(name="Max Planck Institute for Astronomy", short_name="MPIA")


def _lab_payload(institute: Institute, /, **fields) -> dict:
    return {
        "institute": institute.pk,
        "name": "Galaxy evolution",
        "head": "Dr. Sky",
        "fields": ["physics", "astronomy"],
        "capacity": 2,
        "description": "Spectra of distant galaxies.",
    } | fields


# Institutes


def test_organiser_creates_reads_updates_and_deletes_an_institute(api_as):
    client = api_as("organiser")

    created = client.post(
        INSTITUTES_URL,
        {"name": "Haus der Astronomie", "short_name": "HdA", "address": "Königstuhl 17"},
    )
    url = f"{INSTITUTES_URL}{created.json()['id']}/"
    updated = client.patch(url, {"address": "MPIA-Campus, Königstuhl 17, 69117 Heidelberg"})
    retrieved = client.get(url)
    deleted = client.delete(url)

    assert created.status_code == 201
    assert updated.status_code == 200
    assert retrieved.json() == {
        "id": created.json()["id"],
        "name": "Haus der Astronomie",
        "short_name": "HdA",
        "address": "MPIA-Campus, Königstuhl 17, 69117 Heidelberg",
    }
    assert deleted.status_code == 204
    assert not Institute.objects.filter(name="Haus der Astronomie").exists()


@pytest.mark.parametrize("role", READERS)
def test_every_role_reads_institutes(api_as, institute, role):
    response = api_as(role).get(INSTITUTES_URL)

    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert institute.name in names
    assert len(names) == response.json()["count"] == Institute.objects.count()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [({"name": "Max Planck Institute for Astronomy"}, "name"), ({"name": ""}, "name")],
    ids=["duplicate-name", "empty-name"],
)
def test_an_invalid_institute_gets_400_naming_the_field(api_as, institute, fields, error_field):
    response = api_as("organiser").post(INSTITUTES_URL, {"short_name": "X"} | fields)

    assert response.status_code == 400
    assert error_field in response.json()
    assert not Institute.objects.filter(short_name="X").exists()


def test_deleting_an_institute_that_still_has_labs_is_a_409(api_as, institute):
    LabFactory(institute=institute)

    response = api_as("organiser").delete(f"{INSTITUTES_URL}{institute.pk}/")

    assert response.status_code == 409
    assert "labs" in response.json()["detail"]
    assert Institute.objects.filter(pk=institute.pk).exists()


def test_institutes_are_searched_by_short_name(api_as, institute):
    InstituteFactory(name="German Cancer Research Center", short_name="DKFZ")

    response = api_as("coordinator").get(INSTITUTES_URL, {"search": "dkfz"})

    assert [row["short_name"] for row in response.json()["results"]] == ["DKFZ"]


# Labs


def test_organiser_creates_a_lab_with_fields_as_slugs(api_as, institute):
    response = api_as("organiser").post(LABS_URL, _lab_payload(institute))

    assert response.status_code == 201
    body = response.json()
    assert sorted(body["fields"]) == ["astronomy", "physics"]
    assert (body["institute"], body["name"], body["capacity"]) == (
        institute.pk,
        "Galaxy evolution",
        2,
    )
    lab = Lab.objects.get(pk=body["id"])
    assert set(lab.fields.values_list("slug", flat=True)) == {"astronomy", "physics"}


def test_organiser_replaces_a_labs_fields(api_as, institute):
    lab = LabFactory(institute=institute, fields=_fields("biology", "chemistry"))

    response = api_as("organiser").patch(f"{LABS_URL}{lab.pk}/", {"fields": ["neuroscience"]})

    assert response.status_code == 200
    assert response.json()["fields"] == ["neuroscience"]
    assert list(lab.fields.values_list("slug", flat=True)) == ["neuroscience"]


def test_organiser_replaces_a_whole_lab_with_put(api_as, institute):
    lab = LabFactory(institute=institute)
    payload = _lab_payload(institute, name="Stellar physics", capacity=4, fields=["physics"])

    response = api_as("organiser").put(f"{LABS_URL}{lab.pk}/", payload)

    assert response.status_code == 200
    lab.refresh_from_db()
    assert (lab.name, lab.capacity, lab.head) == ("Stellar physics", 4, "Dr. Sky")


def test_organiser_deletes_a_lab_without_hosts(api_as, institute):
    lab = LabFactory(institute=institute)

    response = api_as("organiser").delete(f"{LABS_URL}{lab.pk}/")

    assert response.status_code == 204
    assert not Lab.objects.filter(pk=lab.pk).exists()


def test_deleting_a_lab_that_has_a_host_is_a_409(api_as, lab_host):
    response = api_as("organiser").delete(f"{LABS_URL}{lab_host.lab.pk}/")

    assert response.status_code == 409
    assert "users" in response.json()["detail"]
    assert Lab.objects.filter(pk=lab_host.lab.pk).exists()


@pytest.mark.parametrize("role", READERS)
def test_every_role_reads_labs_with_their_fields(api_as, institute, role):
    lab = LabFactory(institute=institute, fields=_fields("physics", "astronomy"))

    response = api_as(role).get(f"{LABS_URL}{lab.pk}/")

    assert response.status_code == 200
    assert sorted(response.json()["fields"]) == ["astronomy", "physics"]


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_organisers_write_labs(api_as, lab_host, institute, role):
    client = api_as(role)
    own_lab = f"{LABS_URL}{lab_host.lab.pk}/"

    created = client.post(LABS_URL, _lab_payload(institute))
    patched = client.patch(own_lab, {"capacity": 9})

    assert (created.status_code, patched.status_code) == (403, 403)
    assert not Lab.objects.filter(name="Galaxy evolution").exists()
    assert Lab.objects.get(pk=lab_host.lab.pk).capacity == 2


def test_organiser_sets_and_clears_a_labs_preferred_english_level(api_as, institute):
    client = api_as("organiser")

    created = client.post(LABS_URL, _lab_payload(institute, min_english_level="B2"))
    url = f"{LABS_URL}{created.json()['id']}/"
    raised = client.patch(url, {"min_english_level": "C1"})
    cleared = client.patch(url, {"min_english_level": ""})

    assert created.status_code == 201
    assert created.json()["min_english_level"] == "B2"
    assert raised.json()["min_english_level"] == "C1"
    assert cleared.status_code == 200
    assert Lab.objects.get(pk=created.json()["id"]).min_english_level == ""


def test_a_lab_without_a_preferred_english_level_reads_as_empty(api_as, institute):
    response = api_as("coordinator").get(f"{LABS_URL}{LabFactory(institute=institute).pk}/")

    assert response.json()["min_english_level"] == ""


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"fields": ["physics", "alchemy"]}, "fields"),
        ({"fields": []}, "fields"),
        ({"fields": "physics"}, "fields"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": 51}, "capacity"),
        ({"institute": 987654}, "institute"),
        ({"name": ""}, "name"),
        ({"min_english_level": "D1"}, "min_english_level"),
        ({"min_english_level": "b2"}, "min_english_level"),
        ({"min_english_level": 3}, "min_english_level"),
    ],
    ids=[
        "unknown-field-slug",
        "no-fields",
        "fields-not-a-list",
        "capacity-zero",
        "capacity-negative",
        "capacity-too-large",
        "unknown-institute",
        "empty-name",
        "unknown-english-level",
        "english-level-in-lower-case",
        "english-level-not-a-level",
    ],
)
def test_an_invalid_lab_gets_400_naming_the_field(api_as, institute, fields, error_field):
    labs_before = Lab.objects.count()

    response = api_as("organiser").post(LABS_URL, _lab_payload(institute, **fields))

    assert response.status_code == 400
    assert error_field in response.json()
    assert Lab.objects.count() == labs_before


def test_a_lab_without_fields_gets_400_naming_fields(api_as, institute):
    payload = _lab_payload(institute)
    del payload["fields"]

    response = api_as("organiser").post(LABS_URL, payload)

    assert response.status_code == 400
    assert "fields" in response.json()


def test_removing_every_field_from_a_lab_gets_400(api_as, institute):
    lab = LabFactory(institute=institute)

    response = api_as("organiser").patch(f"{LABS_URL}{lab.pk}/", {"fields": []})

    assert response.status_code == 400
    assert "fields" in response.json()
    assert lab.fields.count() == 1


def test_capacity_zero_on_update_gets_400(api_as, institute):
    lab = LabFactory(institute=institute)

    response = api_as("organiser").patch(f"{LABS_URL}{lab.pk}/", {"capacity": 0})

    assert response.status_code == 400
    assert "capacity" in response.json()


def test_two_labs_of_one_institute_cannot_share_a_name(api_as, institute):
    LabFactory(institute=institute, name="Galaxy evolution")

    response = api_as("organiser").post(LABS_URL, _lab_payload(institute))

    assert response.status_code == 400
    assert "already has a lab with this name" in str(response.json())
    assert Lab.objects.filter(name="Galaxy evolution").count() == 1


def test_labs_of_different_institutes_may_share_a_name(api_as, institute):
    LabFactory(name="Galaxy evolution")

    response = api_as("organiser").post(LABS_URL, _lab_payload(institute))

    assert response.status_code == 201


@pytest.fixture
def labs(institute):
    dkfz = InstituteFactory(name="German Cancer Research Center", short_name="DKFZ")
    return {
        "galaxies": LabFactory(
            institute=institute, name="Galaxies", fields=_fields("physics", "astronomy")
        ),
        "planets": LabFactory(institute=institute, name="Planets", fields=_fields("astronomy")),
        "imaging": LabFactory(
            institute=dkfz, name="Imaging", head="Dr. Röntgen", fields=_fields("physics")
        ),
        "genomics": LabFactory(institute=dkfz, name="Genomics", fields=_fields("biology")),
    }


def _lab_names(response) -> list[str]:
    assert response.status_code == 200
    return sorted(row["name"] for row in response.json()["results"])


def test_labs_are_filtered_by_field_slug(api_as, labs):
    response = api_as("coordinator").get(LABS_URL, {"field": "physics"})

    assert _lab_names(response) == ["Galaxies", "Imaging"]
    assert response.json()["count"] == 2


def test_labs_are_filtered_by_institute(api_as, labs, institute):
    response = api_as("lab_host").get(LABS_URL, {"institute": institute.pk})

    assert _lab_names(response) == ["Galaxies", "Planets"]


def test_labs_are_filtered_by_institute_and_field(api_as, labs, institute):
    response = api_as("organiser").get(LABS_URL, {"institute": institute.pk, "field": "physics"})

    assert _lab_names(response) == ["Galaxies"]


def test_an_unknown_field_slug_filter_finds_no_labs(api_as, labs):
    assert _lab_names(api_as("organiser").get(LABS_URL, {"field": "alchemy"})) == []


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("planet", ["Planets"]),
        ("röntgen", ["Imaging"]),
        ("DKFZ", ["Genomics", "Imaging"]),
        ("planck", ["Galaxies", "Planets"]),
    ],
    ids=["lab-name", "head", "institute-short-name", "institute-name"],
)
def test_labs_are_searched_by_name_head_and_institute(api_as, labs, term, expected):
    assert _lab_names(api_as("coordinator").get(LABS_URL, {"search": term})) == expected


def test_labs_are_listed_by_institute_then_name(api_as, labs):
    rows = api_as("organiser").get(LABS_URL).json()["results"]

    ours = [
        row["name"] for row in rows if row["name"] in {"Galaxies", "Planets", "Imaging", "Genomics"}
    ]
    assert ours == ["Genomics", "Imaging", "Galaxies", "Planets"]
