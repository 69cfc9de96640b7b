import pytest
from django.core import mail
from django.urls import reverse

from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, notify
from tests.factories import QuotaFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"student": "Aiko", "city": "Kumamoto", "season": "2027", "comment": "", "url": "u"}


@pytest.fixture
def email(quota):
    (email,) = notify(
        "nomination_accepted",
        about=quota,
        recipients=[Recipient("alice@example.org", "de", "Alice")],
        context=CONTEXT,
    )
    return email


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_may_not_open_the_email_log(client, user_of, email, role):
    client.force_login(user_of(role))

    assert client.get(reverse("notifications:email_list")).status_code == 403
    assert client.get(reverse("notifications:email_detail", args=[email.pk])).status_code == 403
    resend = client.post(reverse("notifications:email_resend", args=[email.pk]))
    assert resend.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, email):
    response = client.get(reverse("notifications:email_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_organiser_sees_the_email_log_with_filters(client, organiser, email):
    client.force_login(organiser)

    page = client.get(reverse("notifications:email_list"), {"status": "pending"}).content.decode()

    assert "alice@example.org" in page
    assert email.subject in page
    assert 'name="event"' in page
    assert 'name="to"' in page


def test_the_log_filters_out_non_matching_messages(client, organiser, email):
    client.force_login(organiser)

    page = client.get(reverse("notifications:email_list"), {"status": "sent"}).content.decode()

    assert "alice@example.org" not in page


def test_one_message_is_shown_as_the_recipient_sees_it(client, organiser, email):
    client.force_login(organiser)

    page = client.get(reverse("notifications:email_detail", args=[email.pk])).content.decode()

    assert "Hallo Alice," in page
    assert "srcdoc=" in page
    assert "Erneut senden" not in page
    assert "Resend" not in page


def test_a_failed_message_can_be_resent_from_its_page(
    client, organiser, email, django_capture_on_commit_callbacks
):
    OutboundEmail.objects.filter(pk=email.pk).update(status="failed", last_error="SMTP down")
    client.force_login(organiser)
    page = client.get(reverse("notifications:email_detail", args=[email.pk])).content.decode()
    assert "SMTP down" in page
    assert "Resend" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:email_resend", args=[email.pk]), follow=True)

    assert "will be sent again" in response.content.decode()
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_resending_a_pending_message_explains_why_not(client, organiser, email):
    client.force_login(organiser)

    response = client.post(reverse("notifications:email_resend", args=[email.pk]), follow=True)

    assert "Only failed e-mails can be resent" in response.content.decode()


def test_an_unknown_message_is_a_404(client, organiser):
    client.force_login(organiser)

    assert client.get(reverse("notifications:email_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("rows", [10, 200])
def test_the_email_log_needs_a_flat_number_of_queries(
    client, organiser, season, rows, django_assert_max_num_queries
):
    client.force_login(organiser)
    for quota in QuotaFactory.create_batch(rows, season=season):
        notify("nomination_accepted", about=quota, recipients=[Recipient("a@x.org")],
               context=CONTEXT)  # fmt: skip

    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:email_list"))

    assert response.status_code == 200
