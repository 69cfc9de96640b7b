"""Fixtures of the object-storage tests: an S3-compatible server, and the file storage pointed at
a new private bucket on it for one test. The server is the one `.ci/run` starts (moto_server, at
TEST_S3_ENDPOINT_URL: a separate process, as MinIO would be); without that variable, moto's server
in a thread of this process (on CI its absence is a failure)."""

import io
import os
import socket
import uuid
from types import SimpleNamespace

import boto3
import pytest
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from ish.settings import object_storage
from tests.conftest import service_missing

KEY_ID, SECRET = "ish-test-key", "ish-test-secret-of-the-stand-in-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    if endpoint := os.environ.get("TEST_S3_ENDPOINT_URL"):
        yield endpoint.rstrip("/")
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        service_missing("an S3-compatible server: set TEST_S3_ENDPOINT_URL=http://127.0.0.1:9000")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new bucket, made by `manage.py ensure_bucket` through the production settings' own
    storage options, holding every upload and export of the test; `client` reads it as its
    owner, `anonymous` as anyone on the network."""
    for name, value in {
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_S3_REGION_NAME", "AWS_S3_ADDRESSING_STYLE", "STORAGE_SIGNED_URL_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    name = f"ish-test-{uuid.uuid4().hex[:16]}"
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(name)}
    call_command("ensure_bucket", stdout=io.StringIO())
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )
    return SimpleNamespace(name=name, endpoint=s3_endpoint, client=client)


def objects_in(bucket) -> dict[str, bytes]:
    """Every object in the bucket, by key."""
    listed = bucket.client.list_objects_v2(Bucket=bucket.name).get("Contents", [])
    return {
        entry["Key"]: bucket.client.get_object(Bucket=bucket.name, Key=entry["Key"])["Body"].read()
        for entry in listed
    }


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []
