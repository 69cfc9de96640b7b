"""Exports on object storage: the worker writes the workbook into the private bucket, any web
host serves it through the permission check, the expiry sweep removes it from the bucket."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ish.rosters import services
from ish.rosters.models import ExportJob
from tests.object_storage.conftest import files_under, objects_in

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/"


@pytest.fixture
def done_export(api_as, season, bucket, django_capture_on_commit_callbacks) -> ExportJob:
    """The organiser's roster, requested through the API and built by the task."""
    with django_capture_on_commit_callbacks(execute=True):
        started = api_as("organiser").post(URL, {"kind": "roster", "season": season.pk})
    assert started.status_code == 202, started.data
    return ExportJob.objects.get(pk=started.data["id"])


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_task_writes_the_workbook_into_the_bucket_not_to_disk(
    done_export, bucket, private_media
):
    assert done_export.status == ExportJob.Status.DONE
    assert done_export.file.name.startswith("exports/")
    assert set(objects_in(bucket)) == {done_export.file.name}
    assert files_under(private_media) == []


def test_the_export_downloads_from_the_bucket_through_the_api_and_the_page(
    done_export, api_as, client_as, bucket
):
    from_api = api_as("organiser").get(f"{URL}{done_export.pk}/download/")
    from_page = client_as("organiser").get(reverse("rosters:download", args=[done_export.pk]))

    for response in (from_api, from_page):
        assert response.status_code == 200
        content = body_of(response)
        assert content == objects_in(bucket)[done_export.file.name]
        assert load_workbook(io.BytesIO(content)).sheetnames
        assert response["Content-Disposition"] == f'attachment; filename="{done_export.filename}"'
        assert response["Cache-Control"] == "private, no-store"


def test_another_user_finds_no_export_in_the_bucket(done_export, api_as, client_as):
    assert api_as("coordinator").get(f"{URL}{done_export.pk}/download/").status_code == 404
    page = reverse("rosters:download", args=[done_export.pk])
    assert client_as("coordinator").get(page).status_code == 404


def test_an_expired_export_is_removed_from_the_bucket(done_export, bucket):
    removed = services.delete_expired(now=timezone.now() + dt.timedelta(days=30))

    assert removed == 1
    assert not ExportJob.objects.exists()
    assert objects_in(bucket) == {}
