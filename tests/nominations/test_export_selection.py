"""The nominations list's "Export the selection": a workbook of the selected students the reader
may see, each read in the audit trail; another city's student is left out, lab hosts may not."""

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from ish.seasons.models import City
from tests.factories import NominationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline", "quota")]

EXPORT = reverse("nominations:export_selection")


@pytest.fixture
def three(season):
    """Abe and Berg of Kumamoto, Cruz of Montpellier."""
    montpellier = City.objects.get(slug="montpellier")
    return [
        NominationFactory(season=season, given_name="Aiko", family_name="Abe", email="a@x.jp"),
        NominationFactory(season=season, given_name="Bo", family_name="Berg", email="b@x.jp"),
        NominationFactory(season=season, city=montpellier, given_name="Cem", family_name="Cruz"),
    ]


def rows_of(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [row[:3] + row[5:7] for row in sheet.iter_rows(values_only=True)]


def test_the_office_exports_the_selected_students_only(client_for, three):
    abe, _berg, cruz = three

    response = client_for("organiser").post(EXPORT, {"selected": [cruz.pk, abe.pk]})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nominations-')
    assert rows_of(response) == [
        ("Family name", "Given name", "City", "Status", "E-mail"),
        ("Abe", "Aiko", "Kumamoto", "draft", "a@x.jp"),
        ("Cruz", "Cem", "Montpellier", "draft", cruz.email),
    ]
    downloads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert sorted(entry.object_pk for entry in downloads) == sorted([str(abe.pk), str(cruz.pk)])


def test_a_coordinator_gets_their_own_students_and_another_citys_is_left_out(client_for, three):
    abe, berg, cruz = three

    response = client_for("coordinator").post(EXPORT, {"selected": [abe.pk, cruz.pk, berg.pk]})

    assert [row[0] for row in rows_of(response)[1:]] == ["Abe", "Berg"]
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(cruz.pk)
    ).exists()


def test_a_lab_host_may_not_export_students(client_for, three):
    assert client_for("lab_host").post(EXPORT, {"selected": [three[0].pk]}).status_code == 403


def test_nothing_selected_goes_back_to_the_list(client_for, three):
    response = client_for("organiser").post(EXPORT, {"next": "/nominations/?status=draft"})

    assert response.status_code == 302
    assert response["Location"] == "/nominations/?status=draft"


def test_the_list_offers_the_export_of_the_selection(client_for, three):
    html = client_for("organiser").get(reverse("nominations:list")).content.decode()

    assert f'formaction="{EXPORT}"' in html
