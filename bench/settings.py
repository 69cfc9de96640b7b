"""The benchmarks' settings: production's (DEBUG off), on the throwaway database named by
BENCH_DATABASE_URL, with the floor views' routes added (bench/urls.py)."""

import os
import warnings

# Production settings refuse to start without a long key when DEBUG is off; the benchmarks
# measure production's code paths (no query log, no debug toolbar of any kind), so DEBUG stays off.
os.environ["DEBUG"] = os.environ.get("BENCH_DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "not-a-secret-" * 5)
# Stored in the outbox and marked sent; nothing leaves the machine.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

from ish.settings import *  # noqa: F403
from ish.settings import STORAGES, database_at, env

DATABASES = {"default": database_at(env("BENCH_DATABASE_URL"))}
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Loopback HTTP: no TLS, so no redirect and no Secure-only cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
REQUIRE_ORGANISER_SECOND_FACTOR = False

# Pages load static files from the apps: nothing is collected for a throwaway run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# whitenoise warns once per process that nothing was collected: it serves from the apps here.
warnings.filterwarnings("ignore", message="No directory at")
