"""The portal's pages through Django's test client: dashboards, sign-in, language, admin, errors."""

import datetime as dt
import io
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ish.accounts.models import User
from ish.demo.exchange import APPLICANTS, INBOUND
from ish.demo.season import DEMO_LOGINS
from ish.exchange.models import Application, School
from ish.labs.models import Institute, Lab
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.portal.services import record_heartbeat
from ish.seasons.models import City, Quota, ResearchField, Season
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    LabFactory,
    LabHostFactory,
    OrganiserFactory,
    QuotaFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# 30 days before the 2027 season's nomination deadline (31 March 2027, 23:59 Heidelberg time).
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
HANGZHOU_DEADLINE = dt.datetime(2027, 3, 15, 12, 0, tzinfo=BERLIN)
DASHBOARD = reverse("portal:dashboard")
LOGIN = reverse("login")
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


class _Page(HTMLParser):
    """A page as a reader sees it: all text, the text of each `data-testid`, each table's rows."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.parts: list[str] = []
        self.testids: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self._open: list[str | None] = []  # testid (or None) of each open element
        self._skip = 0
        self._table: str | None = None
        self._in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        testid = dict(attrs).get("data-testid")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "table":
            self._table = testid
            self.rows.setdefault(testid, [])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows[self._table].append([])
        elif tag in ("td", "th") and self._in_body:
            self.rows[self._table][-1].append("")
        if tag not in self.VOID:
            self._open.append(testid)
            if testid:
                self.testids.setdefault(testid, [])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "tbody":
            self._in_body = False
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        for testid in filter(None, self._open):
            self.testids[testid].append(data)
        if self._in_body and self.rows.get(self._table) and self.rows[self._table][-1]:
            self.rows[self._table][-1][-1] += data

    def text(self, testid: str | None = None) -> str:
        parts = self.parts if testid is None else self.testids[testid]
        return " ".join(" ".join(parts).split())

    def table(self, testid: str) -> list[list[str]]:
        return [[" ".join(cell.split()) for cell in row] for row in self.rows[testid]]


def page(response) -> _Page:
    return _Page(response.content.decode())


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


# Dashboards -------------------------------------------------------------------------------------


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
    assert dashboard.text("season") == "ISH 2027 · 17 Jul \N{EN DASH} 13 Aug 2027"


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
    assert "Wednesday, 31 March 2027, 23:59" in dashboard.text("coordinator-quota")
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

    assert "Monday, 15 March 2027, 12:00" in coordinator_view.text("coordinator-quota")
    assert "31 March" not in coordinator_view.text()
    assert coordinator_view.text("days-left") == "14 days left"
    # fmt: off
    assert organiser_view.table("quota-table") == [
        ["Kumamoto", "Partner city", "2", "1", "0 / 3", "none yet",
         "15 Mar 2027, 12:00 own", "14 days left"],
    ]
    # fmt: on


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


# Signing in and out -----------------------------------------------------------------------------


def test_login_with_good_credentials_leads_to_the_dashboard(client, organiser, season):
    response = client.post(LOGIN, {"username": "organiser", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_login_honours_the_next_page(client, organiser):
    response = client.post(
        f"{LOGIN}?next=/admin/", {"username": "organiser", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.url == "/admin/"


def test_login_with_a_wrong_password_is_refused_with_a_message(client, organiser):
    response = client.post(LOGIN, {"username": "organiser", "password": "wrong-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password." in page(response).text()
    assert client.get(DASHBOARD).status_code == 302


def test_an_inactive_account_cannot_sign_in(client):
    OrganiserFactory(username="former", is_active=False)

    response = client.post(LOGIN, {"username": "former", "password": PASSWORD})

    assert response.status_code == 200
    assert client.get(DASHBOARD).status_code == 302


def test_a_signed_in_user_opening_the_login_page_goes_to_the_dashboard(client_as):
    response = client_as("organiser").get(LOGIN)

    assert response.status_code == 302
    assert response.url == DASHBOARD


@pytest.mark.parametrize("language", ["en", "de"])
def test_login_sets_the_language_cookie_to_the_users_language(client, language):
    OrganiserFactory(username="ida", language=language)

    response = client.post(LOGIN, {"username": "ida", "password": PASSWORD})

    assert response.cookies[LANGUAGE_COOKIE].value == language


def test_a_german_user_gets_german_pages_after_login(client, season):
    CoordinatorFactory(username="greta", city=City.objects.get(slug="bautzen"), language="de")

    response = client.post(LOGIN, {"username": "greta", "password": PASSWORD}, follow=True)

    text = page(response).text()
    assert "Übersicht" in text
    assert "Abmelden" in text
    assert "Dashboard" not in text


def test_logout_needs_a_post(client_as):
    client = client_as("organiser")

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(DASHBOARD).status_code == 200


def test_logout_signs_out_and_returns_to_the_login_page(client_as):
    client = client_as("organiser")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(DASHBOARD).status_code == 302


# Language switcher ------------------------------------------------------------------------------


def test_every_page_offers_the_language_switcher(client, client_as):
    for response in (client.get(LOGIN), client_as("organiser").get(DASHBOARD)):
        html = response.content.decode()
        assert f'action="{reverse("switch_language")}"' in html
        assert 'value="de"' in html
        assert "Deutsch" in page(response).text()


def test_switching_language_translates_the_page_and_saves_it_on_the_account(client_as, organiser):
    client = client_as("organiser")

    response = client.post(reverse("switch_language"), {"language": "de", "next": DASHBOARD})

    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert "Übersicht" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "de"


def test_switching_back_to_english_is_saved_too(client_as, organiser):
    client = client_as("organiser")
    client.post(reverse("switch_language"), {"language": "de", "next": DASHBOARD})

    client.post(reverse("switch_language"), {"language": "en", "next": DASHBOARD})

    assert "Dashboard" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "en"


def test_an_anonymous_visitor_can_switch_the_login_page_to_german(client):
    response = client.post(
        reverse("switch_language"), {"language": "de", "next": LOGIN}, follow=True
    )

    assert response.status_code == 200
    text = page(response).text()
    assert "Anmelden" in text
    assert "Passwort vergessen?" in text


def test_an_invalid_language_code_is_ignored(client_as, organiser):
    client = client_as("organiser")

    response = client.post(reverse("switch_language"), {"language": "xx", "next": DASHBOARD})

    assert response.status_code == 302
    assert LANGUAGE_COOKIE not in response.cookies
    assert "Dashboard" in page(client.get(DASHBOARD)).text()
    organiser.refresh_from_db()
    assert organiser.language == "en"


def test_the_language_switcher_never_redirects_to_another_site(client):
    response = client.post(
        reverse("switch_language"), {"language": "de", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_the_language_switcher_only_accepts_post(client):
    assert client.get(reverse("switch_language"), {"language": "de"}).status_code == 405


# Password reset ---------------------------------------------------------------------------------


def test_password_reset_mails_one_link_that_sets_a_new_password(client, organiser):
    response = client.post(reverse("password_reset"), {"email": organiser.email}, follow=True)

    assert "Check your e-mail" in page(response).text()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [organiser.email]
    assert message.subject == "Your ISH Manager password"
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in page(form).text()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
        follow=True,
    )
    assert "Your new password is saved." in page(done).text()

    fresh = Client()
    signed_in = fresh.post(LOGIN, {"username": "organiser", "password": "a-brand-new-secret-42"})
    assert signed_in.url == DASHBOARD
    old = Client().post(LOGIN, {"username": "organiser", "password": PASSWORD})
    assert old.status_code == 200


def test_a_used_password_reset_link_no_longer_works(client, organiser):
    client.post(reverse("password_reset"), {"email": organiser.email})
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new_password = {
        "new_password1": "a-brand-new-secret-42",
        "new_password2": "a-brand-new-secret-42",
    }
    client.post(form.redirect_chain[-1][0], new_password)

    again = Client().get(link, follow=True)

    assert "This link is invalid or has already been used." in page(again).text()


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, organiser):
    known = client.post(reverse("password_reset"), {"email": organiser.email}, follow=True)
    mail.outbox.clear()

    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert page(unknown).text() == page(known).text()


def test_a_german_users_password_reset_mail_is_in_german(client):
    user = OrganiserFactory(username="greta", language="de")

    client.post(reverse("password_reset"), {"email": user.email})

    assert mail.outbox[0].subject == "Ihr Passwort für den ISH Manager"
    assert "Wählen Sie hier ein neues Passwort" in mail.outbox[0].body


# Admin ------------------------------------------------------------------------------------------


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


# Error pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_an_unknown_portal_address_shows_the_not_found_page(settings, client_as, role):
    settings.DEBUG = False

    response = client_as(role).get("/no-such-page/")

    assert response.status_code == 404
    text = page(response).text()
    assert "This page does not exist, or you may not see it." in text
    assert "Back to the dashboard" in text


# Demo data --------------------------------------------------------------------------------------


def _demo_counts() -> dict[str, int]:
    return {
        "seasons": Season.objects.count(),
        "quotas": Quota.objects.count(),
        "institutes": Institute.objects.count(),
        "labs": Lab.objects.count(),
        "users": User.objects.count(),
        "schools": School.objects.count(),
        "nysf applications": Application.objects.count(),
        "inbound nysf nominations": Nomination.objects.filter(city__slug="nysf").count(),
        "e-mails": OutboundEmail.objects.count(),
    }


def _demo_nysf_states() -> dict[str, list[tuple]]:
    return {
        "applications": list(
            Application.objects.order_by("email").values_list(
                "email", "status", "score", "nominator_confirmed_at", "flights_done_on"
            )
        ),
        "inbound": list(
            Nomination.objects.filter(city__slug="nysf")
            .order_by("email")
            .values_list("email", "status")
        ),
    }


def test_the_demo_command_is_idempotent():
    call_command("demo", stdout=io.StringIO())
    first = _demo_counts()
    nysf = _demo_nysf_states()
    Quota.objects.filter(city__slug="kumamoto").update(places=9)

    call_command("demo", stdout=io.StringIO())

    assert first["nysf applications"] == len(APPLICANTS)
    assert first["inbound nysf nominations"] == len(INBOUND)
    assert {status for _email, status, *_rest in nysf["applications"]} == {
        "submitted", "shortlisted", "selected", "reserve", "rejected", "confirmed", "withdrawn"
    }  # fmt: skip
    assert _demo_counts() == first
    assert _demo_nysf_states() == nysf
    assert Quota.objects.get(city__slug="kumamoto").places == 2


def test_the_demo_has_enough_institutes_labs_and_fields():
    call_command("demo", stdout=io.StringIO())

    assert Institute.objects.count() >= 6
    assert Lab.objects.count() >= 15
    assert not Lab.objects.filter(fields=None).exists()
    covered = ResearchField.objects.filter(labs__isnull=False).distinct()
    assert covered.count() >= 6


def test_the_demo_command_prints_every_login_and_each_works_with_its_password():
    output = io.StringIO()
    call_command("demo", stdout=output)
    printed = dict(re.findall(r"^\s+(\S+)\s+password (\S+)", output.getvalue(), re.MULTILINE))

    assert set(printed) == {login.username for login in DEMO_LOGINS}
    for username, password in printed.items():
        client = Client()
        response = client.post(LOGIN, {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get(DASHBOARD).status_code == 200, username
