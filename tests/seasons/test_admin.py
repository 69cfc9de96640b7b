"""The admin's lists of research fields and institutes filter by whether labs cover them, and by
the institute or research field of those labs; a city's time zone is edited there."""

import pytest
from django.urls import reverse

from ish.seasons.models import City, ResearchField
from tests.factories import InstituteFactory, LabFactory

pytestmark = pytest.mark.django_db


def listed(client, name: str, **params) -> list:
    response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_research_fields_filter_by_whether_a_lab_covers_them_and_by_institute(client_as):
    client = client_as("organiser")
    physics, biology = (ResearchField.objects.get(slug=s) for s in ["physics", "biology"])
    dkfz = InstituteFactory(name="DKFZ")
    LabFactory(institute=dkfz, fields=[physics])
    LabFactory(institute=dkfz, fields=[physics])  # twice: still listed once
    LabFactory(fields=[biology])

    assert listed(client, "seasons_researchfield", labs="yes") == [biology, physics]
    assert physics not in listed(client, "seasons_researchfield", labs="no")
    assert biology not in listed(client, "seasons_researchfield", labs="no")
    assert listed(client, "seasons_researchfield", labs__institute__id__exact=dkfz.pk) == [physics]


def test_institutes_filter_by_whether_they_have_labs_and_by_research_field(client_as):
    client = client_as("organiser")
    physics = ResearchField.objects.get(slug="physics")
    empty = InstituteFactory(name="Empty institute")
    optics = LabFactory(fields=[physics]).institute
    biology = LabFactory().institute

    assert listed(client, "labs_institute", labs="no") == [empty]
    with_labs = listed(client, "labs_institute", labs="yes")
    assert {optics, biology} <= set(with_labs)
    assert empty not in with_labs
    assert listed(client, "labs_institute", labs__fields__id__exact=physics.pk) == [optics]


def test_the_office_sets_a_citys_time_zone_in_the_admin_and_only_a_real_one(client_as):
    client = client_as("organiser")
    kumamoto = City.objects.get(slug="kumamoto")
    url = reverse("admin:seasons_city_change", args=[kumamoto.pk])
    form = {"slug": "kumamoto", "name": "Kumamoto", "country": "JP", "kind": "partner"}

    refused = client.post(url, form | {"time_zone": "Asia/Kumamoto"})
    saved = client.post(url, form | {"time_zone": "Asia/Seoul"})

    assert "time_zone" in refused.context["adminform"].form.errors
    assert saved.status_code == 302
    kumamoto.refresh_from_db()
    assert kumamoto.time_zone == "Asia/Seoul"
