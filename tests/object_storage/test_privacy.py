"""The bucket stays private: signed download URLs that expire within a minute, storage options
that never make an object public, and `manage.py ensure_bucket`, which creates the bucket and
refuses one that anyone may read."""

import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ish.settings import object_storage
from tests.factories import PDF_BYTES, DocumentFactory
from tests.object_storage.conftest import objects_in

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def document(bucket, season):
    """A CV of Kumamoto's nomination, stored in the bucket."""
    return DocumentFactory(nomination__season=season, filename="Lebenslauf Jörg.pdf")


def api_download(client, document):
    return client.get(
        f"/api/v1/nominations/{document.nomination_id}/documents/{document.pk}/download/"
    )


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


# --- signed downloads -------------------------------------------------------------------------


def test_a_signed_download_redirects_after_the_check_to_a_url_valid_for_a_minute(
    api_as, document, bucket, settings
):
    settings.STORAGE_SIGNED_DOWNLOADS = True

    response = api_download(api_as("coordinator"), document)

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = urlsplit(response["Location"])
    query = parse_qs(signed.query)
    assert f"{signed.scheme}://{signed.netloc}" == bucket.endpoint
    assert signed.path == f"/{bucket.name}/{document.file.name}"
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["response-content-disposition"] == [
        "attachment; filename*=utf-8''Lebenslauf%20J%C3%B6rg.pdf"
    ]
    status, headers, body = fetch(response["Location"])
    assert (status, body) == (200, PDF_BYTES)
    assert headers["Content-Disposition"].startswith("attachment")
    assert fetch(f"{bucket.endpoint}{signed.path}")[0] == 403


def test_the_signed_urls_lifetime_comes_from_the_environment(
    api_as, document, bucket, settings, monkeypatch
):
    monkeypatch.setenv("STORAGE_SIGNED_URL_SECONDS", "20")
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(bucket.name)}
    settings.STORAGE_SIGNED_DOWNLOADS = True

    response = api_download(api_as("organiser"), document)

    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == ["20"]


def test_a_signed_download_is_refused_out_of_scope_before_any_url_is_made(
    api_as, client_as, document, settings
):
    settings.STORAGE_SIGNED_DOWNLOADS = True

    assert api_download(api_as("lab_host"), document).status_code in (403, 404)
    assert api_download(api_as("anonymous"), document).status_code == 401


def test_a_document_shown_inline_streams_in_its_sandbox_even_with_signed_downloads(
    client_as, document, settings
):
    settings.STORAGE_SIGNED_DOWNLOADS = True
    url = reverse("nominations:document_download", args=[document.nomination_id, document.pk])

    shown = client_as("organiser").get(url, {"inline": "1"})

    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == PDF_BYTES
    assert shown["Content-Security-Policy"] == "sandbox"


# --- what the settings make of the environment ------------------------------------------------


def test_the_bucket_storage_writes_no_acl_and_signs_every_url(monkeypatch):
    for name in ("AWS_S3_ENDPOINT_URL", "STORAGE_SIGNED_URL_SECONDS", "AWS_S3_ADDRESSING_STYLE"):
        monkeypatch.delenv(name, raising=False)

    storage = object_storage("ish")

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "ish"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 60
    assert options["file_overwrite"] is False
    assert "custom_domain" not in options


PRINT_STORAGE = """
from django.conf import settings
from django.core.files.storage import default_storage
print(type(default_storage._wrapped if default_storage._setup() is None else None).__name__)
print(settings.STORAGE_SIGNED_DOWNLOADS)
"""


def storage_in_a_fresh_process(**environment: str) -> list[str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "STORAGE_"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "ish.settings", "DEBUG": "true", **environment}
    script = f"import django; django.setup()\n{PRINT_STORAGE}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=PROJECT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif((PROJECT / ".env").exists(), reason="a .env could name a bucket")
def test_without_a_bucket_files_stay_in_the_private_folder():
    assert storage_in_a_fresh_process() == ["LocalMediaStorage", "False"]


def test_a_bucket_in_the_environment_puts_files_on_object_storage():
    assert storage_in_a_fresh_process(
        AWS_STORAGE_BUCKET_NAME="ish", STORAGE_SIGNED_DOWNLOADS="true"
    ) == ["S3Storage", "True"]


# --- manage.py ensure_bucket ------------------------------------------------------------------


def ensure_bucket() -> str:
    out = io.StringIO()
    call_command("ensure_bucket", stdout=out)
    return out.getvalue()


def test_ensure_bucket_leaves_an_existing_private_bucket_as_it_is(bucket, document):
    assert ensure_bucket() == f"Bucket {bucket.name} exists.\nBucket {bucket.name} is private.\n"
    assert objects_in(bucket) == {document.file.name: PDF_BYTES}


def test_ensure_bucket_refuses_a_bucket_anyone_may_read_by_its_acl(bucket):
    bucket.client.put_bucket_acl(Bucket=bucket.name, ACL="public-read")

    with pytest.raises(CommandError, match=r"readable by anyone.*AllUsers"):
        ensure_bucket()


def test_ensure_bucket_refuses_a_bucket_whose_policy_lets_anyone_read(bucket):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket.name}/*"],
            }
        ],
    }
    bucket.client.put_bucket_policy(Bucket=bucket.name, Policy=json.dumps(policy))

    with pytest.raises(CommandError, match=r"policy allows .*GetObject.* to anyone"):
        ensure_bucket()


def test_ensure_bucket_has_nothing_to_do_for_the_private_folder():
    assert ensure_bucket() == "Files are kept in the folder MEDIA_ROOT: there is no bucket.\n"


# --- the admin --------------------------------------------------------------------------------


def test_the_admin_links_a_document_to_the_checked_download_never_to_the_bucket(
    client_as, document, bucket
):
    page = client_as("organiser").get(
        reverse("admin:nominations_document_change", args=[document.pk])
    )

    assert page.status_code == 200
    html = page.content.decode()
    download = f"/nominations/{document.nomination_id}/documents/{document.pk}/"
    assert f'<a href="{download}">Lebenslauf Jörg.pdf</a>' in html
    assert bucket.endpoint not in html
    assert "X-Amz-Signature" not in html
    assert 'type="file"' not in html
