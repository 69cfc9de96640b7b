"""`POST /api/v1/nominations/{id}/send-link/`: the office mails an accepted student a new
self-service link; the earlier one stops working. Organisers only; out of scope is 404."""

import re

import pytest

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants import links
from tests.factories import CityFactory, accepted_nomination, complete_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def student(organiser, coordinator, season):
    """An accepted student of the coordinator's city."""
    return accepted_nomination(organiser, season=season, city=coordinator.city)


def send_link_url(nomination: Nomination) -> str:
    return f"/api/v1/nominations/{nomination.pk}/send-link/"


def tokens(nomination: Nomination) -> list[str]:
    mails = OutboundEmail.objects.filter(event="participant_link", to=nomination.email)
    return [re.search(r"/p/(\S+)/", mail.body_text).group(1) for mail in mails.order_by("pk")]


def test_an_organiser_sends_a_new_link_and_the_old_one_stops_working(api_as, student):
    old = tokens(student)[-1]

    response = api_as("organiser").post(send_link_url(student))

    assert response.status_code == 200, response.content
    assert response.json()["email"] == student.email
    assert response.json()["sent_at"]
    old_then_new = tokens(student)
    assert len(old_then_new) == 2
    with pytest.raises(links.LinkInvalid):
        links.open_link(old)
    assert links.open_link(old_then_new[-1]).nomination == student


@pytest.mark.parametrize(("role", "status"), [("coordinator", 403), ("anonymous", 401)])
def test_others_may_not_send_links(api_as, student, role, status):
    response = api_as(role).post(send_link_url(student))

    assert response.status_code == status
    assert len(tokens(student)) == 1


def test_a_lab_host_does_not_see_the_student_at_all(api_as, student):
    assert api_as("lab_host").post(send_link_url(student)).status_code in (403, 404)
    assert len(tokens(student)) == 1


def test_a_student_of_another_city_is_not_found_for_a_coordinator(api_as, organiser, season):
    elsewhere = accepted_nomination(organiser, season=season, city=CityFactory())

    assert api_as("coordinator").post(send_link_url(elsewhere)).status_code == 404


def test_a_student_not_accepted_gets_no_link_and_the_reason(api_as, season, coordinator):
    draft = complete_nomination(season=season, city=coordinator.city)

    response = api_as("organiser").post(send_link_url(draft))

    assert response.status_code == 409
    assert "accepted" in response.json()["detail"]
    assert not OutboundEmail.objects.filter(event="participant_link").exists()
