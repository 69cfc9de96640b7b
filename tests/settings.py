"""The test suite's settings: the production settings, changed where tests need it."""

import os
from urllib.parse import urlsplit

# Production settings refuse to load without a secret key of 50 characters or more when DEBUG is
# off; tests run either way.
os.environ.setdefault(
    "SECRET_KEY", "django-insecure-test-key-not-for-production-only-for-the-test-suite"
)

from ish.settings import *  # noqa: F403
from ish.settings import (
    BASE_DIR,
    CELERY_BROKER_URL,
    INSTALLED_APPS,
    STORAGES,
    database_at,
    env,
)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# Tests never touch a developer's DATABASE_URL: TEST_DATABASE_URL (CI: PostgreSQL), otherwise
# SQLite, whose test database pytest-django keeps in memory.
DATABASES = {
    "default": database_at(env("TEST_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}

# Pages load their static files as in development: found in the apps, per request (the test runner
# turns DEBUG off, which would otherwise make whitenoise read a collected STATIC_ROOT).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Plain HTTP: the test client and the browser tests' live server speak no TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Organisers need no second factor unless a test turns the requirement on (tests/accounts).
REQUIRE_ORGANISER_SECOND_FACTOR = False

# Tests load the demo season and run its command, whatever DEBUG says.
if "ish.demo" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "ish.demo"]

# Tasks run inline unless a test starts a real worker (tests/conftest.py, `real_worker`).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
if CELERY_BROKER_URL.startswith("redis://") and "PYTEST_XDIST_WORKER" in os.environ:
    # Parallel test processes each use their own Redis database, so no process's worker takes
    # another's tasks (which name rows of another test database). Celery reads the address from
    # the environment before its configuration, so it is changed there too.
    _process = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    CELERY_BROKER_URL = urlsplit(CELERY_BROKER_URL)._replace(path=f"/{_process + 1}").geturl()
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
