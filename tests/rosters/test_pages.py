"""The exports page: each role starts the exports it may, watches the row, downloads, retries."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerUnreachable

from ish.housing import exports as housing_exports
from ish.nominations import exports as nomination_exports
from ish.rosters import services
from ish.rosters.models import ExportJob
from ish.rosters.tasks import build_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = ExportJob.Status
KINDS = {
    "organiser": [
        "roster",
        "placements",
        "housing",
        "arrivals",
        "exchange",
        "certificates",
        "alumni",
    ],
    "coordinator": ["roster", "placements", "housing", "arrivals"],
    "lab_host": ["roster", "placements"],
}


def kinds_offered(page: str) -> list[str]:
    select = re.search(r'<select name="kind".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]+)"', select)


def job_of(user, season, status=Status.PENDING, kind="roster") -> ExportJob:
    return ExportJob.objects.create(kind=kind, season=season, requested_by=user, status=status)


def done_job(user, season) -> ExportJob:
    job = services.request_export(user=user, kind="roster", season=season)
    services.run_export(job.pk)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("role", list(KINDS))
def test_each_role_is_offered_only_the_exports_it_may_start(client_as, season, role):
    response = client_as(role).get(reverse("rosters:list"))

    assert response.status_code == 200
    assert kinds_offered(response.content.decode()) == KINDS[role]


def test_anonymous_visitors_are_sent_to_the_login_page(client_as):
    response = client_as("anonymous").get(reverse("rosters:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(KINDS))
def test_the_navigation_leads_every_role_to_the_exports(client_as, season, role):
    page = client_as(role).get(reverse("portal:dashboard")).content.decode()

    assert f'href="{reverse("rosters:list")}"' in page


def test_starting_an_export_builds_it_and_lists_it_with_a_download_button(
    client_as, roster, coordinator, season, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:list"), {"kind": "roster", "season": season.pk})

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.requested_by, job.kind, job.status) == (coordinator, "roster", Status.DONE)
    page = client.get(reverse("rosters:list")).content.decode()
    assert f'data-testid="export-{job.pk}"' in page
    assert reverse("rosters:download", args=[job.pk]) in page
    assert "10 rows" in page


def test_starting_an_export_says_so_at_once_above_its_progress_bar(client_as, coordinator, season):
    client = client_as("coordinator")

    response = client.post(
        reverse("rosters:list"), {"kind": "roster", "season": season.pk}, follow=True
    )

    page = response.content.decode()
    job = ExportJob.objects.get()
    assert (
        f"Export of Roster {season.year} started: its progress is shown below. You also get an "
        "e-mail when it is ready."
    ) in page
    assert 'role="status"' in page
    row = re.search(rf'<tr id="export-{job.pk}".*?</tr>', page, re.S).group(0)
    assert 'role="progressbar"' in row
    assert 'aria-valuenow="0"' in row


def test_the_export_is_named_by_heidelberg_time_where_the_date_differs_from_utc(
    client_as, roster, coordinator, season
):
    # 22:30 UTC on 15 July is 00:30 on 16 July in Heidelberg (CEST, UTC+2).
    with time_machine.travel(dt.datetime(2027, 7, 15, 22, 30, tzinfo=dt.UTC), tick=False):
        job = done_job(coordinator, season)

    response = client_as("coordinator").get(reverse("rosters:download", args=[job.pk]))

    name = f"ish-{season.year}-roster-20270716-0030.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_poll_that_finds_an_export_finished_announces_it_in_the_live_region(
    client_as, roster, coordinator, season
):
    running = job_of(coordinator, season, Status.RUNNING)
    done = done_job(coordinator, season)
    client = client_as("coordinator")

    running_row = client.get(reverse("rosters:row", args=[running.pk])).content.decode()
    done_row = client.get(reverse("rosters:row", args=[done.pk])).content.decode()

    assert "export-announcement" not in running_row
    assert 'hx-swap-oob="innerHTML:#export-announcement"' in done_row
    assert f"<bdi>Roster {season.year}</bdi> is ready." in done_row
    page = client.get(reverse("rosters:list")).content.decode()
    assert re.search(r'<div id="export-announcement"[^>]*role="status"', page)


def test_an_export_the_role_may_not_start_is_refused_by_the_form(client_as, season):
    response = client_as("lab_host").post(
        reverse("rosters:list"), {"kind": "housing", "season": season.pk}
    )

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_page_lists_only_the_users_own_exports(client_as, organiser, coordinator, season):
    mine = job_of(organiser, season)
    theirs = job_of(coordinator, season)

    page = client_as("organiser").get(reverse("rosters:list")).content.decode()

    assert f'data-testid="export-{mine.pk}"' in page
    assert f'data-testid="export-{theirs.pk}"' not in page


def test_a_pending_row_keeps_polling_and_shows_its_progress(client_as, coordinator, season):
    job = job_of(coordinator, season, Status.RUNNING)
    ExportJob.objects.filter(pk=job.pk).update(progress=40)

    row = client_as("coordinator").get(reverse("rosters:row", args=[job.pk])).content.decode()

    assert f'hx-get="{reverse("rosters:row", args=[job.pk])}"' in row
    assert 'aria-valuenow="40"' in row
    assert "w-pct-40" in row
    assert reverse("rosters:download", args=[job.pk]) not in row


def test_a_finished_row_stops_polling_and_offers_the_download(
    client_as, roster, coordinator, season
):
    job = done_job(coordinator, season)

    row = client_as("coordinator").get(reverse("rosters:row", args=[job.pk])).content.decode()

    assert "hx-get" not in row
    assert 'aria-valuenow="100"' in row
    assert reverse("rosters:download", args=[job.pk]) in row


def test_a_failed_row_says_what_happened_in_words_and_offers_a_retry(
    client_as, roster, coordinator, season, monkeypatch
):
    monkeypatch.setattr(housing_exports, "housing", lambda user, season: 1 / 0)
    job = done_job(coordinator, season)

    row = client_as("coordinator").get(reverse("rosters:row", args=[job.pk])).content.decode()

    assert "hx-get" not in row
    assert "The export could not be built. Please try again" in row
    assert "ZeroDivision" not in row
    assert f'action="{reverse("rosters:retry", args=[job.pk])}"' in row


def test_the_owner_downloads_through_the_page(client_as, roster, coordinator, season):
    job = done_job(coordinator, season)

    response = client_as("coordinator").get(reverse("rosters:download", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{job.filename}"'


def test_others_get_404_for_a_job_and_organisers_may_download_any(
    client_as, roster, coordinator, season
):
    job = done_job(coordinator, season)
    lab_host = client_as("lab_host")

    assert lab_host.get(reverse("rosters:row", args=[job.pk])).status_code == 404
    assert lab_host.get(reverse("rosters:download", args=[job.pk])).status_code == 404
    assert lab_host.post(reverse("rosters:retry", args=[job.pk])).status_code == 404
    assert client_as("organiser").get(reverse("rosters:download", args=[job.pk])).status_code == 200


def test_an_unfinished_export_has_no_download(client_as, coordinator, season):
    job = job_of(coordinator, season, Status.RUNNING)

    response = client_as("coordinator").get(reverse("rosters:download", args=[job.pk]))

    assert response.status_code == 404


def test_retrying_a_failed_export_through_the_page_builds_it(
    client_as, roster, coordinator, season, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(nomination_exports, "participants", lambda user, season, students: 1 / 0)
    job = done_job(coordinator, season)
    assert job.status == Status.FAILED
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("coordinator").post(reverse("rosters:retry", args=[job.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:list")
    job.refresh_from_db()
    assert job.status == Status.DONE


def test_retrying_a_finished_export_explains_why_not(client_as, coordinator, season):
    job = job_of(coordinator, season, Status.DONE)

    response = client_as("coordinator").post(reverse("rosters:retry", args=[job.pk]), follow=True)

    assert "Only a failed export can be retried" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Status.DONE


def test_retrying_is_a_post(client_as, coordinator, season):
    job = job_of(coordinator, season, Status.FAILED)

    assert client_as("coordinator").get(reverse("rosters:retry", args=[job.pk])).status_code == 405


def test_starting_an_export_while_the_broker_is_down_leaves_it_waiting(
    client_as, coordinator, season, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_export, "delay", refused)
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:list"), {"kind": "roster", "season": season.pk})

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == Status.PENDING
    row = client.get(reverse("rosters:row", args=[job.pk])).content.decode()
    assert "Waiting for a worker" in row


def test_the_page_costs_the_same_queries_for_10_or_200_jobs(client_as, coordinator, season):
    def add_jobs(count: int) -> None:
        ExportJob.objects.bulk_create(
            ExportJob(
                kind=["roster", "placements"][index % 2],
                season=season,
                requested_by=coordinator,
                status=list(Status)[index % 4],
                rows=index,
            )
            for index in range(count)
        )

    def queries_of_the_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("rosters:list"))
        assert response.status_code == 200
        return len(captured)

    client = client_as("coordinator")
    add_jobs(10)
    few = queries_of_the_page()
    add_jobs(190)

    assert queries_of_the_page() == few
