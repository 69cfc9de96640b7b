"""The season's page tells the office when its personal data goes, and what each run did."""

import pytest
from django.urls import reverse

from ish.retention import services
from tests.portal.page_reader import LANGUAGE_COOKIE, page


def season_page(client, season):
    response = client.get(reverse("portal:season"), {"season": season.pk})
    assert response.status_code == 200
    return page(response)


def test_the_season_page_says_when_the_personal_data_is_due(past, client_as):
    shown = season_page(client_as("organiser"), past.season)

    assert shown.text("retention-state") == (
        "The season's personal data is due for anonymisation on 13 August 2026."
    )
    assert "retention-run" not in shown.rows


@pytest.mark.usefixtures("due")
def test_the_season_page_shows_the_run_with_its_counts_in_german(past, organiser, client_as):
    services.anonymise_season(past.season, by=organiser)
    client = client_as("organiser")
    client.cookies[LANGUAGE_COOKIE] = "de"

    shown = season_page(client, past.season)

    assert shown.text("retention-state") == (
        "Die personenbezogenen Daten der Saison sind anonymisiert."
    )
    rows = {label: counts for label, *counts in shown.table("retention-run")}
    assert rows["Nominierungen"] == ["1", "1"]
    assert rows["Nominierungen mit personenbezogenen Daten"] == ["1", "0"]
    assert rows["Dateien auf dem Datenträger"] == ["7", "0"]
    assert rows["Audit-Einträge mit personenbezogenen Werten"][1] == "0"
