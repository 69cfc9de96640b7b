import datetime as dt

import pytest
from django.utils import translation

from ish.nominations import services
from ish.nominations.reminders import open_items, send_deadline_reminders
from ish.notifications.models import OutboundEmail
from tests.factories import CoordinatorFactory, NominationFactory, complete_nomination

pytestmark = pytest.mark.django_db

DEADLINE_DAY = dt.date(2027, 3, 31)  # the factories' season deadline, 23:59 Heidelberg time


def days_before(days: int) -> dt.date:
    return DEADLINE_DAY - dt.timedelta(days=days)


@pytest.mark.parametrize("days", [14, 3, 1])
def test_coordinators_are_reminded_14_3_and_1_days_before_their_deadline(quota, coordinator, days):
    NominationFactory(season=quota.season, given_name="Aiko", family_name="Draft")

    assert send_deadline_reminders(days_before(days)) == 1

    email = OutboundEmail.objects.get()
    assert email.event == "deadline_reminder"
    assert email.to == coordinator.email
    assert f"in {days} day" in email.body_text
    assert "Aiko Draft: missing" in email.body_text


@pytest.mark.parametrize("days", [15, 13, 2, 0])
def test_no_reminder_on_other_days(quota, coordinator, days):
    NominationFactory(season=quota.season)

    assert send_deadline_reminders(days_before(days)) == 0


def test_each_reminder_is_sent_once(quota, coordinator):
    NominationFactory(season=quota.season)

    send_deadline_reminders(days_before(3))
    send_deadline_reminders(days_before(3))

    assert OutboundEmail.objects.count() == 1


def test_a_city_with_nothing_open_is_not_reminded(quota, coordinator, organiser):
    quota.places, quota.alternates = 1, 0
    quota.save()
    nomination = complete_nomination(season=quota.season)
    services.perform(nomination, "submit", actor=organiser)
    OutboundEmail.objects.all().delete()

    assert send_deadline_reminders(days_before(14)) == 0


def test_unused_places_are_open_items(quota):
    quota.places, quota.alternates = 2, 1

    assert open_items(quota) == ["3 places not yet used"]


def test_a_complete_draft_is_named_as_not_yet_submitted(quota):
    complete_nomination(season=quota.season, given_name="Ken", family_name="Ready")

    assert "Ken Ready: complete, not yet submitted" in open_items(quota)


def test_the_citys_own_deadline_decides_the_day(quota, coordinator):
    quota.deadline = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
    quota.save()
    NominationFactory(season=quota.season)

    assert send_deadline_reminders(days_before(3)) == 0
    assert send_deadline_reminders(dt.date(2027, 3, 7)) == 1


def test_a_german_coordinator_gets_the_reminder_in_german(quota):
    CoordinatorFactory(username="greta", language="de")
    NominationFactory(season=quota.season)

    send_deadline_reminders(days_before(1))

    email = OutboundEmail.objects.get()
    assert email.language == "de"
    assert email.body_text.startswith("Hallo")
    assert translation.get_language() == "en"
