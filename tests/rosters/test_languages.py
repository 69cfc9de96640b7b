"""An export is written in the language it was asked for in, though a worker (which has no
request) builds it: sheet names, headers, labels, cities and research fields; English stays
English."""

import pytest
from django.urls import reverse
from django.utils import translation

from ish.rosters import services
from ish.rosters.models import ExportJob
from tests.rosters.conftest import read_workbook, sheet_values

pytestmark = pytest.mark.django_db

GERMAN_SHEETS = ["Teilnehmende", "Laborplätze", "Unterbringung", "Ankünfte", "Notfallkontakte"]
ENGLISH_SHEETS = ["Participants", "Placements", "Housing", "Arrivals", "Emergency contacts"]
GERMAN_HEADERS = {
    "Teilnehmende": ["Nachname", "Vorname", "Stadt", "Staatsangehörigkeit", "Geschlecht"],
    "Laborplätze": ["Nachname", "Vorname", "Stadt", "Institut", "Labor", "Status"],
    "Unterbringung": ["Nachname", "Vorname", "Stadt", "Unterkunft", "Adresse", "Anreise"],
    "Ankünfte": ["Nachname", "Vorname", "Stadt", "Ankunft", "Abreise", "Reiseangaben"],
    "Notfallkontakte": ["Nachname", "Vorname", "Stadt", "Notfallkontakt", "Notfalltelefon"],
}


def built_in_the_workers_language(job: ExportJob):
    """Run the job as a worker does, in no request's language, and open its workbook."""
    with translation.override("en"):
        services.run_export(job.pk)
    job.refresh_from_db()
    return read_workbook(job.file.path)


def test_an_export_asked_for_on_a_german_page_remembers_german(client_as, roster, season):
    client = client_as("organiser")
    client.cookies["django_language"] = "de"

    client.post(reverse("rosters:list"), {"kind": "roster", "season": season.pk})

    assert ExportJob.objects.get().language == "de"


def test_a_german_export_has_german_sheet_names_and_headers(roster, organiser, season):
    with translation.override("de"):
        job = services.request_export(user=organiser, kind="roster", season=season)

    workbook = built_in_the_workers_language(job)

    assert workbook.sheetnames == GERMAN_SHEETS
    for title, headers in GERMAN_HEADERS.items():
        first_row = sheet_values(workbook[title])[0]
        assert list(first_row[: len(headers)]) == headers
    assert workbook.properties.title == f"ISH {season.year}: Teilnehmerliste"


def test_a_german_export_names_the_research_fields_and_labels_in_german(roster, organiser, season):
    with translation.override("de"):
        job = services.request_export(user=organiser, kind="roster", season=season)

    participants = sheet_values(built_in_the_workers_language(job)["Teilnehmende"])

    abe = next(row for row in participants if row[0] == "Abe")
    assert "Biologie" in abe  # the factory's research interest
    assert "weiblich" in abe  # the gender's label
    assert "Biology" not in abe


def test_an_english_export_stays_english(roster, organiser, season):
    with translation.override("en"):
        job = services.request_export(user=organiser, kind="roster", season=season)

    with translation.override("de"):  # whatever the worker's language happens to be
        services.run_export(job.pk)
    job.refresh_from_db()
    workbook = read_workbook(job.file.path)

    assert job.language == "en"
    assert workbook.sheetnames == ENGLISH_SHEETS
    assert list(sheet_values(workbook["Participants"])[0][:3]) == [
        "Family name",
        "Given name",
        "City",
    ]
    abe = next(row for row in sheet_values(workbook["Participants"]) if row[0] == "Abe")
    assert "Biology" in abe
