"""An outbound programme beside the NYSF in a real browser: the office adds ISSI (the Weizmann
Institute in Rehovot, two places), a pupil applies to it through its public form, and the office
selects her."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from ish.exchange import services
from ish.exchange.models import Application, OutboundProgramme
from tests.e2e.applying import fill_application
from tests.factories import PASSWORD, PDF_BYTES, OrganiserFactory, SchoolFactory, SeasonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # the live server reads committed rows only
]
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def office(live_server, reference_data, settings, tmp_path):
    """A season whose call is open, a school, and the office."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the hourly submission count
    season = SeasonFactory()
    season.exchange_deadline = timezone.now() + dt.timedelta(days=30)
    season.save(update_fields=["exchange_deadline"])
    SchoolFactory(name="Bunsen-Gymnasium")
    office = OrganiserFactory(username="office", first_name="Ida", last_name="Office")
    for path in ("/accounts/login/", "/nysf/apply/"):  # compile URLs and templates in-process
        Client().get(path)
    yield office
    cache.clear()


def test_the_office_adds_issi_a_pupil_applies_and_is_selected(open_page, office, tmp_path):
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF_BYTES)

    # The office adds the programme.
    page = open_page(viewport=DESKTOP)
    page.goto("/nysf/programmes/")
    page.get_by_label("Username").fill("office")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Outbound programmes", level=1)).to_be_visible()
    page.get_by_role("link", name="Add a programme").click()
    page.get_by_label("Name", exact=True).fill("ISSI")
    page.get_by_label("Short name in addresses").fill("issi")
    page.get_by_label("Host city").fill("Rehovot")
    page.get_by_label("Host country").select_option("IL")
    page.get_by_label("Places per season").fill("2")
    page.get_by_label("Motivation letter (English)").uncheck()
    page.get_by_label("Checklist before departure").fill("Israeli entry permit\nMedical form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("ISSI is saved")
    expect(page.locator("tr[data-programme='issi']")).to_contain_text("Rehovot, Israel")
    issi = OutboundProgramme.objects.get(slug="issi")
    assert (issi.places, issi.required_documents) == (2, ["cv"])

    # A pupil applies through the programme's public form.
    pupil = open_page(viewport=DESKTOP)
    pupil.goto("/nysf/apply/issi/")
    expect(pupil.get_by_role("heading", level=1)).to_contain_text("ISSI")
    expect(pupil.get_by_text("Rehovot, Israel")).to_be_visible()
    fill_application(
        pupil,
        given_name="Noa",
        family_name="Levi",
        email="noa.levi@example.de",
        language="en",
        subjects="Biology, Physics",
        motivation="I would love to work in a lab at the Weizmann Institute.",
        documents={"cv": cv},
    )
    pupil.get_by_role("button", name="Send my application").click()
    expect(pupil.get_by_role("heading", name="Thank you for applying!")).to_be_visible()
    expect(pupil.get_by_test_id("applied-to").locator("xpath=following-sibling::ul")).to_have_text(
        "ISSI"
    )
    application = Application.objects.get(email="noa.levi@example.de")
    assert application.programme == issi
    services.confirm_nomination(application, confirmed=True)  # the principal's link (NYSF e2e)

    # The office finds her among ISSI's applications and selects her.
    page.goto("/nysf/applications/?programme=issi")
    row = page.get_by_test_id("application-table").locator(
        f"tr[data-application='{application.pk}']"
    )
    row.get_by_role("link", name="Noa Levi").click()
    page.get_by_role("button", name="Shortlist", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("shortlisted")
    page.get_by_role("button", name="Select", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("selected")

    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED
    assert services.places_left(application.season, issi) == 1
