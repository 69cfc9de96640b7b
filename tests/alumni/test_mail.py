"""The office's mail to a chosen group of alumni: through the outbox, each with an unsubscribe
link that works without signing in and is honoured by every later mail."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from ish.alumni import services
from ish.alumni.models import Alumnus, GroupMail
from ish.notifications.models import OutboundEmail
from tests.alumni.conftest import alumnus
from tests.factories import CityFactory, SeasonFactory


@pytest.fixture
def group(db):
    """Three alumni of 2026 (two of Kumamoto, one of them without a kept address) and one of
    2025."""
    season = SeasonFactory(year=2026)
    kumamoto = CityFactory(slug="kumamoto")
    return {
        "ada": alumnus(season, consent=("name", "email", "city"), city=kumamoto),
        "bo": alumnus(
            season, consent=("name", "city"), name="Bo Chen", email="bo@example.cn", city=kumamoto
        ),
        "cy": alumnus(season, consent=("name", "email"), name="Cy Young", email="cy@example.org"),
        "old": alumnus(SeasonFactory(year=2025), name="Dee Old", email="dee@example.org"),
    }


def unsubscribe_link(email: OutboundEmail) -> str:
    url = re.search(r"http://\S+/alumni/unsubscribe/\S+/", email.body_text).group(0)
    return url.removeprefix(settings.SITE_URL)


def test_the_group_mail_goes_through_the_outbox_to_the_filtered_alumni_with_an_address(
    group, client_as, django_capture_on_commit_callbacks
):
    office = client_as("organiser")
    query = f"?season={group['ada'].season.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            reverse("alumni:mail") + query,
            {"subject": "Reunion 2028", "body": "Come to Heidelberg!"},
        )

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "cy@example.org"]
    sent = mail.outbox[0]
    assert sent.subject == "ISH alumni: Reunion 2028"
    assert "Come to Heidelberg!" in sent.body
    assert "/alumni/unsubscribe/" in sent.body
    stored = OutboundEmail.objects.filter(event="alumni_mail")
    assert stored.count() == 2
    assert set(stored.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert GroupMail.objects.get().recipients == 2


def test_the_unsubscribe_link_works_without_signing_in_and_later_mails_skip_them(group, organiser):
    services.send_group_mail(Alumnus.objects.all(), subject="One", body="First", by=organiser)
    link = unsubscribe_link(OutboundEmail.objects.get(to="cy@example.org"))
    visitor = Client()

    asks = visitor.get(link)
    done = visitor.post(link)

    assert asks.status_code == done.status_code == 200
    assert "Unsubscribe" in asks.content.decode()
    assert "You are unsubscribed" in done.content.decode()
    assert Alumnus.objects.get(pk=group["cy"].pk).unsubscribed_at is not None

    later = services.send_group_mail(
        Alumnus.objects.all(), subject="Two", body="Again", by=organiser
    )

    assert later.recipients == 2
    second = OutboundEmail.objects.filter(subject="ISH alumni: Two")
    assert sorted(second.values_list("to", flat=True)) == ["ada@example.org", "dee@example.org"]


def test_a_tampered_unsubscribe_link_is_refused(group, organiser, client):
    services.send_group_mail(Alumnus.objects.all(), subject="One", body="First", by=organiser)
    link = unsubscribe_link(OutboundEmail.objects.get(to="cy@example.org"))
    token = link.split("/")[-2]
    tampered = link.replace(token, "x" + token[1:])

    assert client.post(tampered).status_code == 404
    assert Alumnus.objects.filter(unsubscribed_at__isnull=False).count() == 0


def test_the_mail_page_says_how_many_it_reaches(group, client_as):
    page = client_as("organiser").get(reverse("alumni:mail") + f"?season={group['ada'].season.pk}")

    assert page.status_code == 200
    assert "This mail goes to 2 alumni" in page.content.decode()


@pytest.mark.parametrize(("role", "status"), [("coordinator", 403), ("lab_host", 403)])
def test_only_the_office_writes_to_alumni(group, client_as, role, status):
    response = client_as(role).post(reverse("alumni:mail"), {"subject": "Hi", "body": "Spam"})

    assert response.status_code == status
    assert not OutboundEmail.objects.filter(event="alumni_mail").exists()


def test_signed_out_the_mail_page_asks_to_sign_in(group, client):
    response = client.get(reverse("alumni:mail"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
