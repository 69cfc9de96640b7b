"""Each role's dashboard through the test client: the office's quotas, deadlines and worker, the
coordinator's own city, the lab host's lab, and all of it in German."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ish.accounts.models import User
from ish.portal.services import record_heartbeat
from ish.seasons.models import City, ResearchField
from tests.factories import (
    BERLIN,
    LabFactory,
    LabHostFactory,
    OrganiserFactory,
    QuotaFactory,
    SeasonFactory,
)
from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, LOGIN, page

pytestmark = pytest.mark.django_db

# 30 days before the 2027 season's nomination deadline (31 March 2027, 23:59 Heidelberg time).
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
HANGZHOU_DEADLINE = dt.datetime(2027, 3, 15, 12, 0, tzinfo=BERLIN)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def hangzhou_quota(season):
    return QuotaFactory(
        season=season, city=City.objects.get(slug="hangzhou"), places=3, alternates=0
    )


def sign_in(user: User, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[LANGUAGE_COOKIE] = language
    return client


def test_anonymous_visitor_is_sent_from_the_dashboard_to_the_login_page(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={DASHBOARD}"


def test_organiser_sees_every_quota_of_the_current_season_with_days_to_the_deadline(
    frozen_now, client_as, quota, hangzhou_quota
):
    past_season = SeasonFactory(year=2026)
    QuotaFactory(season=past_season, city=City.objects.get(slug="cambridge"))

    dashboard = page(client_as("organiser").get(DASHBOARD))

    # fmt: off
    assert dashboard.table("quota-table") == [
        ["Hangzhou", "Partner city", "3", "0", "0 / 3", "none yet",
         "31 Mar 2027, 23:59", "30 days left"],
        ["Kumamoto", "Partner city", "2", "1", "0 / 3", "none yet",
         "31 Mar 2027, 23:59", "30 days left"],
    ]
    # fmt: on
    assert dashboard.text("season") == "ISH 2027 · 17 Jul 2027 \N{EN DASH} 13 Aug 2027"


def test_organiser_sees_the_season_totals(frozen_now, client_as, quota, hangzhou_quota):
    dashboard = page(client_as("organiser").get(DASHBOARD))

    assert dashboard.text("quota-cities") == "2"
    assert dashboard.text("total-places") == "5"
    assert dashboard.text("total-alternates") == "1"
    assert "31 Mar 2027, 23:59" in dashboard.text()


@pytest.mark.parametrize(
    ("deadline", "shown"),
    [
        (dt.datetime(2027, 3, 3, 12, 0, tzinfo=BERLIN), "2 days left"),
        (dt.datetime(2027, 3, 2, 9, 0, tzinfo=BERLIN), "ends tomorrow"),
        (dt.datetime(2027, 3, 1, 23, 0, tzinfo=BERLIN), "ends today"),
        (dt.datetime(2027, 2, 28, 23, 59, tzinfo=BERLIN), "passed"),
    ],
)
def test_days_to_the_deadline_read_naturally_as_the_deadline_nears(
    frozen_now, client_as, quota, deadline, shown
):
    quota.deadline = deadline
    quota.save()

    dashboard = page(client_as("organiser").get(DASHBOARD))

    assert dashboard.table("quota-table")[0][-1] == shown


def test_organiser_is_warned_when_no_background_worker_has_reported(frozen_now, client_as, season):
    response = client_as("organiser").get(DASHBOARD)

    status = page(response).text("worker-status")
    assert "No background worker has reported yet." in status
    assert "E-mails and exports wait until a worker and beat run." in status
    assert 'role="alert" data-testid="worker-status"' in response.content.decode()


def test_organiser_sees_the_worker_running_after_a_heartbeat(frozen_now, client_as, season):
    record_heartbeat("celery@laptop")

    status = page(client_as("organiser").get(DASHBOARD)).text("worker-status")

    assert status.startswith("Background worker running")
    assert "No background worker" not in status


def test_organiser_is_warned_when_the_last_heartbeat_is_stale(frozen_now, client_as, season):
    record_heartbeat("celery@laptop", now=NOW - dt.timedelta(minutes=10))

    status = page(client_as("organiser").get(DASHBOARD)).text("worker-status")

    assert status.startswith("The background worker was last seen 10 minutes ago.")


def test_organiser_without_a_season_is_invited_to_set_one_up(frozen_now, client_as):
    response = client_as("organiser").get(DASHBOARD)

    assert "No season has been set up yet." in page(response).text()
    assert reverse("admin:seasons_season_add") in response.content.decode()


def test_organiser_is_told_when_no_city_has_a_quota_yet(frozen_now, client_as, season):
    response = client_as("organiser").get(DASHBOARD)

    assert "No city has a quota for this season yet." in page(response).text()
    assert reverse("admin:seasons_quota_add") in response.content.decode()


def test_coordinator_sees_their_own_citys_quota_and_deadline(
    frozen_now, client_as, quota, hangzhou_quota
):
    dashboard = page(client_as("coordinator").get(DASHBOARD))

    assert dashboard.text("places") == "2"
    assert dashboard.text("alternates") == "1"
    assert "Kumamoto" in dashboard.text()
    assert dashboard.text("deadline") == (
        "31 March 2027, 23:59 (Heidelberg) · 1 April 2027, 06:59 (Kumamoto)"
    )
    assert dashboard.text("days-left") == "30 days left"


def test_coordinator_sees_nothing_of_other_cities(frozen_now, client_as, quota, hangzhou_quota):
    dashboard = page(client_as("coordinator").get(DASHBOARD))

    assert "Hangzhou" not in dashboard.text()
    assert "quota-table" not in dashboard.rows


def test_coordinator_whose_city_has_no_quota_is_told_so(frozen_now, client_as, hangzhou_quota):
    dashboard = page(client_as("coordinator").get(DASHBOARD))

    assert "Your city has no quota for 2027 yet. The ISH office will set it up." in dashboard.text()
    assert "coordinator-quota" not in dashboard.testids
    assert "Hangzhou" not in dashboard.text()


def test_a_citys_own_deadline_overrides_the_seasons_on_both_dashboards(
    frozen_now, client_as, season
):
    QuotaFactory(season=season, city__slug="kumamoto", deadline=HANGZHOU_DEADLINE)

    coordinator_view = page(client_as("coordinator").get(DASHBOARD))
    organiser_view = page(client_as("organiser").get(DASHBOARD))

    assert coordinator_view.text("deadline") == (
        "15 March 2027, 12:00 (Heidelberg) · 15 March 2027, 20:00 (Kumamoto)"
    )
    assert "31 March" not in coordinator_view.text()
    assert coordinator_view.text("days-left") == "14 days left"
    # fmt: off
    assert organiser_view.table("quota-table") == [
        ["Kumamoto", "Partner city", "2", "1", "0 / 3", "none yet",
         "15 Mar 2027, 12:00 own", "14 days left"],
    ]


def test_lab_host_sees_their_labs_capacity_institute_and_fields(frozen_now, season, quota):
    lab = LabFactory(
        name="Optical Nanoscopy",
        institute__name="Max Planck Institute for Medical Research",
        head="Prof. Dr. Hanna Roth",
        capacity=3,
        fields=list(ResearchField.objects.filter(slug__in=["physics", "chemistry"])),
    )
    LabFactory(name="Another Lab", capacity=7)
    host = LabHostFactory(lab=lab)

    dashboard = page(sign_in(host).get(DASHBOARD))

    assert dashboard.text("capacity") == "3"
    text = dashboard.text()
    assert "Optical Nanoscopy" in text
    assert "Max Planck Institute for Medical Research · Prof. Dr. Hanna Roth" in text
    assert "Chemistry" in text
    assert "Physics" in text
    assert "Biology" not in text
    assert "Another Lab" not in text
    assert "Kumamoto" not in text


def test_a_german_organiser_sees_the_whole_dashboard_in_german(frozen_now, season, quota):
    organiser = OrganiserFactory(language="de")

    dashboard = page(sign_in(organiser, language="de").get(DASHBOARD))

    assert "Übersicht" in dashboard.text()
    assert "Kontingente je Stadt" in dashboard.text()
    assert "noch 30 Tage" in dashboard.text()
    assert "Partnerstadt" in dashboard.text()
    worker_status = dashboard.text("worker-status")
    assert "worker has reported" not in worker_status
    assert "E-mails and exports wait" not in worker_status
