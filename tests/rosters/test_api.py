"""/api/v1/exports/: start an export (202), poll it, download it; scoped like everything else."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError as BrokerUnreachable
from openpyxl import load_workbook

from ish.housing import exports as housing_exports
from ish.rosters import services
from ish.rosters.models import ExportJob
from ish.rosters.tasks import build_export

URL = "/api/v1/exports/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = ExportJob.Status
ALLOWED = [
    ("organiser", kind) for kind in ["roster", "placements", "housing", "arrivals", "exchange"]
] + [
    ("coordinator", kind) for kind in ["roster", "placements", "housing", "arrivals"]
] + [("lab_host", "roster"), ("lab_host", "placements")]  # fmt: skip
REFUSED = [("coordinator", "exchange")] + [
    ("lab_host", kind) for kind in ["housing", "arrivals", "exchange"]
]


def done_job(user, season, kind: str = "roster") -> ExportJob:
    job = services.request_export(user=user, kind=kind, season=season)
    services.run_export(job.pk)
    job.refresh_from_db()
    return job


def download(client, job: ExportJob):
    return client.get(f"{URL}{job.pk}/download/")


@pytest.mark.parametrize(("role", "kind"), ALLOWED)
def test_starting_an_export_answers_202_with_the_pending_job(api_as, user_of, season, role, kind):
    response = api_as(role).post(URL, {"kind": kind, "season": season.pk})

    assert response.status_code == 202, response.data
    job = ExportJob.objects.get()
    assert response.data["id"] == job.pk
    assert (response.data["status"], response.data["progress"]) == ("pending", 0)
    assert response.data["download_url"] is None
    assert (job.kind, job.requested_by) == (kind, user_of(role))


@pytest.mark.parametrize(("role", "kind"), REFUSED)
def test_an_export_beyond_the_roles_kinds_is_forbidden(api_as, season, role, kind):
    response = api_as(role).post(URL, {"kind": kind, "season": season.pk})

    assert response.status_code == 403
    assert kind in response.data["detail"]
    assert not ExportJob.objects.exists()


def test_an_unknown_kind_or_season_is_a_400_naming_the_field(api_as, season):
    client = api_as("organiser")

    assert client.post(URL, {"kind": "everything", "season": season.pk}).data.keys() == {"kind"}
    assert client.post(URL, {"kind": "roster", "season": 999}).data.keys() == {"season"}
    assert not ExportJob.objects.exists()


def test_anonymous_callers_get_401(api_as, organiser, season):
    job = done_job(organiser, season)
    client = api_as("anonymous")

    assert client.post(URL, {"kind": "roster", "season": season.pk}).status_code == 401
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{job.pk}/").status_code == 401
    assert download(client, job).status_code == 401


def test_a_started_export_is_built_after_commit_and_then_shows_its_download_url(
    api_as, roster, season, django_capture_on_commit_callbacks
):
    client = api_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(URL, {"kind": "roster", "season": season.pk})

    polled = client.get(f"{URL}{started.data['id']}/")

    assert polled.status_code == 200
    assert polled.data["status"] == "done"
    assert polled.data["progress"] == 100
    assert polled.data["rows"] == 10
    assert polled.data["error"] == ""
    assert polled.data["download_url"] == f"http://testserver{URL}{started.data['id']}/download/"


def test_the_list_shows_a_user_their_own_exports_and_organisers_all(
    api_as, organiser, coordinator, lab_host, season
):
    mine = services.request_export(user=coordinator, kind="roster", season=season)
    theirs = services.request_export(user=lab_host, kind="roster", season=season)

    assert [job["id"] for job in api_as("coordinator").get(URL).data["results"]] == [mine.pk]
    assert [job["id"] for job in api_as("lab_host").get(URL).data["results"]] == [theirs.pk]
    assert {job["id"] for job in api_as("organiser").get(URL).data["results"]} == {
        mine.pk,
        theirs.pk,
    }
    assert api_as("coordinator").get(f"{URL}{theirs.pk}/").status_code == 404


def test_a_failed_export_shows_its_error_and_can_be_retried_once(
    api_as, roster, organiser, season, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(housing_exports, "housing", lambda user, season: 1 / 0)
    job = done_job(organiser, season)
    client = api_as("organiser")

    failed = client.get(f"{URL}{job.pk}/").data
    assert (failed["status"], failed["download_url"]) == ("failed", None)
    assert failed["error"] == (
        "The export could not be built. Please try again; if it fails again, tell the ISH office."
    )

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"{URL}{job.pk}/retry/")
    assert retried.status_code == 202
    assert retried.data["status"] == "pending"
    assert client.get(f"{URL}{job.pk}/").data["status"] == "done"

    again = client.post(f"{URL}{job.pk}/retry/")
    assert again.status_code == 409
    assert "Only a failed export can be retried" in again.data["detail"]


def test_nobody_retries_anothers_export(api_as, coordinator, season):
    job = ExportJob.objects.create(
        kind="roster", season=season, requested_by=coordinator, status=Status.FAILED
    )

    assert api_as("lab_host").post(f"{URL}{job.pk}/retry/").status_code == 404
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_the_owner_downloads_the_workbook(api_as, roster, coordinator, season):
    job = done_job(coordinator, season)

    response = download(api_as("coordinator"), job)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment")
    assert ".xlsx" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Participants", "Placements", "Housing", "Arrivals"]


def test_another_user_gets_404_for_a_download_and_organisers_may_download_any(
    api_as, roster, coordinator, season
):
    job = done_job(coordinator, season)

    assert download(api_as("lab_host"), job).status_code == 404
    assert download(api_as("organiser"), job).status_code == 200


@pytest.mark.parametrize("status", [Status.PENDING, Status.RUNNING, Status.FAILED])
def test_an_export_that_is_not_done_has_nothing_to_download(api_as, coordinator, season, status):
    job = ExportJob.objects.create(
        kind="roster", season=season, requested_by=coordinator, status=status
    )

    assert download(api_as("coordinator"), job).status_code == 404


@pytest.mark.django_db(transaction=True)  # the request's own commit hands the job to the broker
def test_starting_or_retrying_an_export_while_the_broker_is_down_answers_202_pending(
    reference_data, api_as, organiser, season, monkeypatch
):
    def refused(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_export, "delay", refused)
    client = api_as("organiser")

    started = client.post(URL, {"kind": "roster", "season": season.pk})

    assert started.status_code == 202
    assert started.data["status"] == "pending"
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=Status.FAILED)
    retried = client.post(f"{URL}{job.pk}/retry/")
    assert retried.status_code == 202
    assert ExportJob.objects.get().status == Status.PENDING


def test_listing_exports_costs_the_same_queries_for_10_or_200_jobs(
    api_as, organiser, coordinator, season
):
    def add_jobs(count: int) -> None:
        ExportJob.objects.bulk_create(
            ExportJob(
                kind="roster",
                season=season,
                requested_by=[organiser, coordinator][index % 2],
                status=list(Status)[index % 4],
            )
            for index in range(count)
        )

    def queries_of_the_list() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"page_size": 500})
        assert response.status_code == 200
        return len(captured), response.data["count"]

    client = api_as("organiser")
    add_jobs(10)
    few, listed = queries_of_the_list()
    assert listed == 10
    add_jobs(190)

    assert queries_of_the_list() == (few, 200)
