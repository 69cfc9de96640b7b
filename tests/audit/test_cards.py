"""The audit trail's card on the pages of a nomination, an NYSF application and a placement:
organisers see everything about the record; a coordinator the trail of their own city's
nomination without other people's reads and with sensitive values masked; lab hosts nothing."""

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.placements.models import Placement
from tests.factories import (
    ApplicationDocumentFactory,
    DocumentFactory,
    NominationFactory,
    PlacementFactory,
)
from tests.portal.page_reader import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(season, lab_host, api_as, client_as):
    """Kumamoto's accepted student, offered to the lab host's lab: the office corrects her
    medical notes and downloads her CV; the lab host downloads it too."""
    nomination = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    cv = DocumentFactory(nomination=nomination, filename="aiko-cv.pdf")
    placement = PlacementFactory(
        nomination=nomination, lab=lab_host.lab, status=Placement.Status.OFFERED
    )
    api_as("organiser").patch(
        reverse("nomination-detail", args=[nomination.pk]), {"medical_notes": "Asthma."}
    )
    client_as("organiser").get(
        reverse("nominations:document_download", args=[nomination.pk, cv.pk])
    )
    client_as("lab_host").get(reverse("placements:document_download", args=[placement.pk, cv.pk]))
    return nomination


def card(client, url: str) -> str | None:
    """The audit card's text on the page, or None when the page has none."""
    reader = page(client.get(url))
    return reader.text("audit-trail") if "audit-trail" in reader.testids else None


def test_the_organiser_sees_the_students_whole_trail_on_the_review_page(
    client_as, student, organiser, lab_host
):
    text = card(client_as("organiser"), reverse("nominations:detail", args=[student.pk]))

    assert "Nomination #" in text
    assert "Medical notes: — → Asthma." in text
    assert "Document #" in text
    assert "downloaded: aiko-cv.pdf" in text
    assert f"by {organiser.get_full_name()} · 127.0.0.1" in text
    assert f"by {lab_host.get_full_name()} · 127.0.0.1" in text  # the lab host's download


def test_the_coordinator_sees_their_students_trail_masked_and_without_other_peoples_reads(
    client_as, student, coordinator
):
    client_as("coordinator").get(reverse("nominations:detail", args=[student.pk]))

    text = card(client_as("coordinator"), reverse("nominations:detail", args=[student.pk]))

    assert "Medical notes: — → ***" in text
    assert "Asthma" not in text
    assert "downloaded" not in text  # the office's and the lab host's downloads
    assert text.count("viewed") == 1  # their own earlier visit
    assert coordinator.get_full_name() in text


def test_the_card_speaks_the_readers_language(client_as, student):
    client = client_as("organiser")
    client.cookies["django_language"] = "de"

    text = card(client, reverse("nominations:detail", args=[student.pk]))

    assert "Medizinische Hinweise: — → Asthma." in text
    assert "Dokument #" in text
    assert "heruntergeladen: aiko-cv.pdf" in text
    assert "Nominierung #" in text
    assert "geändert" in text


def test_the_placement_page_shows_the_placements_trail_to_organisers_only(client_as, student):
    placement = student.placements.get()
    url = reverse("placements:detail", args=[placement.pk])

    assert "Placement #" in card(client_as("organiser"), url)
    assert card(client_as("lab_host"), url) is None
    assert card(client_as("coordinator"), url) is None


def test_the_application_page_shows_the_applicants_trail(client_as, organiser):
    document = ApplicationDocumentFactory(filename="lea-cv.pdf")
    client = client_as("organiser")
    client.get(reverse("exchange:document_download", args=[document.application_id, document.pk]))

    text = card(client, reverse("exchange:detail", args=[document.application_id]))

    assert "Outbound application #" in text
    assert "created" in text
    assert "downloaded: lea-cv.pdf" in text


def test_a_long_trail_shows_its_latest_entries_and_says_how_many_there_are(client_as, student):
    client = client_as("organiser")
    for _ in range(25):
        client.get(reverse("nominations:detail", args=[student.pk]))

    reader = page(client.get(reverse("nominations:detail", args=[student.pk])))

    assert reader.text("audit-trail").count("viewed") == 20
    assert "The 20 latest of" in reader.text()


def test_only_organisers_are_offered_the_personal_data_download(client_as, student):
    url = reverse("nominations:detail", args=[student.pk])

    assert "personal-data" in page(client_as("organiser").get(url)).testids
    assert "personal-data" not in page(client_as("coordinator").get(url)).testids
