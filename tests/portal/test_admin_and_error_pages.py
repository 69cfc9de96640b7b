"""The admin, open to organisers only (staff flag or not), and the portal's page for an unknown
address, and the server error page in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from ish.portal.views import server_error
from tests.factories import PASSWORD
from tests.portal.page_reader import page

pytestmark = pytest.mark.django_db

# --- the admin --------------------------------------------------------------------------------


def test_the_admin_is_open_to_organisers_without_the_staff_flag(client_as, organiser):
    assert not organiser.is_staff
    client = client_as("organiser")

    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:seasons_quota_changelist")).status_code == 200


def test_an_organiser_without_the_staff_flag_can_sign_in_through_the_admin_login(client, organiser):
    response = client.post(
        f"{reverse('admin:login')}?next=/admin/",
        {"username": "organiser", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "lab_host", "anonymous"])
def test_the_admin_is_closed_to_everyone_but_organisers(client_as, role):
    response = client_as(role).get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_coordinator_cannot_sign_in_through_the_admin_login(client, coordinator):
    client.post(reverse("admin:login"), {"username": "coordinator", "password": PASSWORD})

    assert client.get("/admin/").status_code == 302


def test_worker_heartbeats_cannot_be_added_by_hand_in_the_admin(client_as):
    client = client_as("organiser")

    assert client.get(reverse("admin:portal_workerheartbeat_add")).status_code == 403
    assert client.post(reverse("admin:portal_workerheartbeat_add"), {}).status_code == 403
    assert client.get(reverse("admin:portal_workerheartbeat_changelist")).status_code == 200


def test_nomination_documents_cannot_be_added_by_hand_in_the_admin(client_as):
    """A document comes with its file, through the portal's upload that checks it."""
    client = client_as("organiser")

    assert client.get(reverse("admin:nominations_document_add")).status_code == 403
    assert client.post(reverse("admin:nominations_document_add"), {}).status_code == 403
    assert client.get(reverse("admin:nominations_document_changelist")).status_code == 200


def test_the_admins_date_and_time_inputs_are_each_labelled(client_as):
    """Django draws a date-and-time field's "Date:" and "Time:" as bare text beside its inputs."""
    html = client_as("organiser").get(reverse("admin:seasons_season_add")).content.decode()

    assert '<label for="id_nomination_deadline_0">Date:</label>' in html
    assert '<label for="id_nomination_deadline_1">Time:</label>' in html


# --- error pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_an_unknown_portal_address_shows_the_not_found_page(settings, client_as, role):
    settings.DEBUG = False

    response = client_as(role).get("/no-such-page/")

    assert response.status_code == 404
    text = page(response).text()
    assert "This page does not exist, or you may not see it." in text
    assert "Back to the dashboard" in text


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Something went wrong"), ("de", "Etwas ist schiefgelaufen")]
)
def test_the_server_error_page_speaks_the_readers_language(rf, language, heading):
    with translation.override(language):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert f'<html lang="{language}" dir="ltr">' in response.content.decode()
    assert heading in page(response).text()
