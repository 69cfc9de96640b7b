"""Fixtures every test area shares: one user per role, API clients, and real-service gates."""

import importlib
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from ish.celery import app as celery_app
from tests.factories import (
    CoordinatorFactory,
    LabHostFactory,
    OrganiserFactory,
    QuotaFactory,
    SeasonFactory,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ROLES = ["organiser", "coordinator", "lab_host", "anonymous"]


def service_missing(reason: str) -> None:
    """Skip on a laptop; under CI a missing service is a failure, never a silent skip."""
    if IN_CI:
        pytest.fail(f"CI must provide this: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        service_missing("needs PostgreSQL: set TEST_DATABASE_URL=postgres://…")
    if item.get_closest_marker("redis") and not os.environ.get("CELERY_BROKER_URL", "").startswith(
        "redis://"
    ):
        service_missing("needs Redis and a Celery worker: set CELERY_BROKER_URL=redis://…")


@pytest.fixture
def season(db):
    return SeasonFactory()


@pytest.fixture
def organiser(db):
    return OrganiserFactory(username="organiser")


@pytest.fixture
def coordinator(db):
    """The coordinator of Kumamoto."""
    return CoordinatorFactory(username="coordinator")


@pytest.fixture
def lab_host(db):
    return LabHostFactory(username="labhost")


@pytest.fixture
def user_of(organiser, coordinator, lab_host):
    """The user playing a role by its name, or None for `anonymous`."""
    users = {"organiser": organiser, "coordinator": coordinator, "lab_host": lab_host}
    return lambda role: users.get(role)


@pytest.fixture
def api_as(user_of):
    """An API client signed in as the given role (anonymous: not signed in)."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        user = user_of(role)
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def quota(season):
    return QuotaFactory(season=season, city__slug="kumamoto")


@pytest.fixture
def real_worker(reference_data):
    """A real Celery worker (in a thread) consuming from the configured broker, tasks not eager.

    Needs committed data, hence `transactional_db`: the worker reads through its own connection.
    """
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield celery_app
    finally:
        celery_app.conf.task_always_eager = True


def wait_for(condition, timeout: float = 15.0, interval: float = 0.1):
    """Poll until `condition()` is truthy (returned) or fail after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create and sign in many users; a deliberately slow hash only protects real ones."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits (password resets, the NYSF form) count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language: a page requested by an earlier test
    in the same process leaves the language it activated behind."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def static_files_looked_up_on_request(settings):
    """Otherwise WhiteNoise scans every static file whenever a test client starts (~0.1 s)."""
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def client_as(user_of):
    """A browser-like test client signed in as the given role (anonymous: not signed in)."""

    def client_for(role: str) -> Client:
        client = Client()
        user = user_of(role)
        if user is not None:
            client.force_login(user)
        return client

    return client_for


@pytest.fixture
def reference_data(transactional_db):
    """The reference cities and research fields, reloaded for a transactional test.

    Each transactional test ends with a flush that removes what the data migration wrote.
    Django's serialized rollback cannot bring it back beside Playwright: its running event loop
    makes Django open a second connection object, which lacks the serialized copy.
    """
    migration = importlib.import_module("ish.seasons.migrations.0002_reference_data")
    migration.load(django_apps, schema_editor=None)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files (the demo's documents, too) land in a temporary folder, never in media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
