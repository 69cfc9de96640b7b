"""The arrivals page: who arrives and leaves on which day and where they stay, the nights still
without a bed, and the students yet to answer with a button to resend their link."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.participants import links
from ish.participants import services as participants
from tests.factories import BERLIN
from tests.housing.booking import july, stay
from tests.housing.page_reading import ARRIVALS, CALENDAR, text

pytestmark = pytest.mark.django_db


def test_the_arrivals_page_lists_who_arrives_and_leaves_by_day(
    client_as, organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        arrival_at=dt.datetime(2027, 7, 16, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
        arrival_details="LH 711 to Frankfurt Airport (FRA)",
    )
    stay(organiser, aiko, place(name="Haus Neckarblick"), july(16), dt.date(2027, 8, 14))

    page = text(client_as("organiser").get(ARRIVALS))

    arrival_day = page.split("Friday, 16 July 2027")[1].split("Saturday, 14 August 2027")[0]
    assert "10:40 Aiko Tanaka · Kumamoto" in arrival_day
    assert "LH 711 to Frankfurt Airport (FRA)" in arrival_day
    assert "Stays at Haus Neckarblick" in arrival_day
    departure_day = page.split("Saturday, 14 August 2027")[1]
    assert "09:15 Aiko Tanaka · Kumamoto" in departure_day


def test_a_partly_housed_student_shows_on_the_arrivals_page_and_the_calendar(
    client_as, organiser, student, place
):
    aiko = student(
        given_name="Aiko",
        family_name="Tanaka",
        arrival_at=dt.datetime(2027, 7, 15, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
    )
    stay(organiser, aiko, place(name="Haus Neckarblick"), july(17), dt.date(2027, 8, 14))
    client = client_as("organiser")

    arrivals = text(client.get(ARRIVALS))
    calendar = client.get(CALENDAR)

    arrival_day = arrivals.split("Thursday, 15 July 2027")[1].split("Saturday, 14 August")[0]
    assert "Stays at Haus Neckarblick" in arrival_day
    assert (
        "The stay does not cover the arrival and departure: no bed for the nights of "
        "15 Jul 2027 – 16 Jul 2027." in arrival_day
    )
    page = text(calendar)
    partly = page.split("Nights without a bed between arrival and departure")[1]
    # (the city is isolated in <bdi>, which the reader sets apart by spaces)
    assert "Aiko Tanaka ( Kumamoto ): 15 Jul 2027 – 16 Jul 2027" in partly
    assert "no bed for 2 nights (15 Jul 2027 – 16 Jul 2027)" in page  # the bed's warning
    # Her row opens the assign form for her, with the nights she still needs.
    assert f"student={aiko.pk}#assign" in partly_housed_html(calendar)
    chosen = client.get(CALENDAR, {"student": aiko.pk}).content.decode()
    choices = chosen.split('name="nomination"')[1].split("</select>")[0]
    assert f'value="{aiko.pk}" data-check-in="2027-07-15" data-check-out="2027-07-17"' in choices


def partly_housed_html(response) -> str:
    return response.content.decode().split('data-testid="partly-housed"')[1].split("</div>")[0]


def test_a_fully_housed_traveller_shows_no_warning(client_as, organiser, student, place):
    aiko = student(
        arrival_at=dt.datetime(2027, 7, 15, 10, 40, tzinfo=BERLIN),
        departure_at=dt.datetime(2027, 8, 14, 9, 15, tzinfo=BERLIN),
    )
    stay(organiser, aiko, place(), july(15), dt.date(2027, 8, 14))
    client = client_as("organiser")

    assert 'data-testid="nights-without-bed"' not in client.get(ARRIVALS).content.decode()
    calendar = client.get(CALENDAR).content.decode()
    assert 'data-testid="partly-housed"' not in calendar
    assert 'data-testid="everyone-housed"' in calendar


def test_students_who_have_not_answered_are_listed_with_a_resend_button(client_as, student):
    waiting = student(given_name="Ren", family_name="Waiting")
    links.send_link(waiting)
    answered = student(given_name="Hana", family_name="Answered")
    link = links.send_link(answered)
    participants.answer(link, attending=False, allergies="none")

    response = client_as("organiser").get(ARRIVALS)
    page = text(response)

    not_answered = page.split("Not answered yet")[-1]
    assert "Ren Waiting" in not_answered
    assert "Hana Answered" not in not_answered
    assert reverse("participants:resend_link", args=[waiting.pk]) in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(client, client_as, student):
    ren = student(given_name="Ren", family_name="Waiting")
    old_url = reverse("participants:self_service", args=[links.token_for(links.send_link(ren))])
    assert client.get(old_url).status_code == 200
    mails = OutboundEmail.objects.filter(event="participant_link", to=ren.email)
    assert mails.count() == 1

    response = client_as("organiser").post(
        reverse("participants:resend_link", args=[ren.pk]), follow=True
    )

    assert "A new link is on its way to Ren Waiting" in text(response)
    assert mails.count() == 2
    assert client.get(old_url).status_code == 404
    new_url = re.search(r"/p/[^/\s]+/", mails.order_by("-pk").first().body_text).group()
    assert new_url != old_url
    assert client.get(new_url).status_code == 200


def test_resending_to_a_student_who_is_no_longer_accepted_explains_why(client_as, student):
    withdrawn = student(Nomination.Status.WITHDRAWN)

    response = client_as("organiser").post(
        reverse("participants:resend_link", args=[withdrawn.pk]), follow=True
    )

    assert "Only accepted students get a self-service link." in text(response)
    assert not OutboundEmail.objects.filter(event="participant_link").exists()
