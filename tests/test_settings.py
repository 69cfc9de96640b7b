"""Settings come from the environment: each case imports them in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

PROJECT = Path(__file__).resolve().parent.parent
TEST_SETTINGS = "tests.settings"

PRINT_SETTINGS = """
import json
from django.conf import settings

database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "INSTALLED_APPS": settings.INSTALLED_APPS,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE": {key: database.get(key) for key in [
        "ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE",
        "CONN_HEALTH_CHECKS", "ATOMIC_REQUESTS",
    ]},
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "EMAIL": {key: getattr(settings, key, None) for key in [
        "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "EMAIL_USE_SSL",
    ]},
}))
"""

# A developer's .env fills in whatever the environment leaves out, so defaults can't be seen.
needs_no_dotenv = pytest.mark.skipif(
    (PROJECT / ".env").exists(), reason="a .env in the project folder overrides the defaults"
)


# Loads Django and lists every folder it asks the operating system to create (creating none).
PRINT_FOLDERS_CREATED = """
import json
import os

created = []
os.mkdir = lambda path, *args, **kwargs: created.append(str(path))

import django

django.setup()
from ish.celery import app

app.loader.import_default_modules()
print(json.dumps(created))
"""

# The address Celery itself connects to (it reads the environment before its configuration).
PRINT_CELERY_BROKER = """
import django

django.setup()
from ish.celery import app

print(app.connection_for_write().as_uri(include_password=True))
"""


def _run(*args: str, **variables: str) -> subprocess.CompletedProcess:
    """Runs Python in the project folder with production settings unless DJANGO_SETTINGS_MODULE
    is given, seeing only the given environment variables."""
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "ish.settings"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=environment | variables,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(**variables: str) -> dict:
    result = _run("-c", PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_postgres_database_url_is_used_with_persistent_checked_connections():
    values = _settings(DEBUG="true", DATABASE_URL="postgres://ish:s3cret@db.internal:5433/ishdb")

    database = values["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("ishdb", "ish", "s3cret")
    assert (database["HOST"], str(database["PORT"])) == ("db.internal", "5433")
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["ATOMIC_REQUESTS"] is False


@needs_no_dotenv
def test_without_a_database_url_sqlite_in_the_project_folder_is_used():
    database = _settings(DEBUG="true")["DATABASE"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == PROJECT / "db.sqlite3"


def test_the_celery_broker_and_eager_mode_come_from_the_environment():
    values = _settings(
        DEBUG="true",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/3",
        CELERY_TASK_ALWAYS_EAGER="true",
    )

    assert values["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True


@needs_no_dotenv
def test_by_default_tasks_go_to_the_embedded_broker_and_are_not_eager():
    values = _settings(DEBUG="true")

    assert values["CELERY_BROKER_URL"].startswith("filesystem://")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False


# Connects the worker's way to the default broker, printing whatever Celery and kombu log.
CONNECT_TO_THE_DEFAULT_BROKER = """
import django

django.setup()
from ish.celery import app

with app.connection_for_read() as connection:
    print(connection.transport_cls, connection.info()["hostname"])
"""


@needs_no_dotenv
def test_connecting_to_the_embedded_broker_logs_no_warning():
    result = _run("-c", CONNECT_TO_THE_DEFAULT_BROKER, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["filesystem", "localhost"]
    assert result.stderr == ""


def test_media_root_comes_from_the_environment(tmp_path):
    assert _settings(DEBUG="true", MEDIA_ROOT=str(tmp_path))["MEDIA_ROOT"] == str(tmp_path)


@needs_no_dotenv
def test_media_root_defaults_to_the_project_folder():
    assert _settings(DEBUG="true")["MEDIA_ROOT"] == str(PROJECT / "media")


def test_an_smtp_email_url_configures_the_smtp_backend():
    email = _settings(
        DEBUG="false",
        SECRET_KEY=get_random_secret_key(),
        EMAIL_URL="smtp+tls://mailer:secret@mail.example.org:587",
    )["EMAIL"]

    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mail.example.org", 587)
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("mailer", "secret")
    assert email["EMAIL_USE_TLS"] is True


def test_an_email_backend_can_be_named_directly():
    backend = "django.core.mail.backends.console.EmailBackend"

    assert _settings(DEBUG="true", EMAIL_BACKEND=backend)["EMAIL"]["EMAIL_BACKEND"] == backend


@needs_no_dotenv
def test_in_development_mail_is_written_to_files():
    email = _settings(DEBUG="true")["EMAIL"]

    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"


def test_allowed_hosts_and_debug_come_from_the_environment():
    secret = get_random_secret_key()

    values = _settings(DEBUG="false", SECRET_KEY=secret, ALLOWED_HOSTS="ish.example.org,ish.local")

    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == secret
    assert values["ALLOWED_HOSTS"] == ["ish.example.org", "ish.local"]


@needs_no_dotenv
def test_debug_on_gives_development_defaults():
    values = _settings(DEBUG="true")

    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]
    assert "localhost" in values["ALLOWED_HOSTS"]


@needs_no_dotenv
def test_debug_off_without_a_secret_key_fails_naming_secret_key():
    result = _run("-c", PRINT_SETTINGS, DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-the-output-of-the-command-above",  # .env.example's placeholder
        get_random_secret_key()[:49],
        "x",
    ],
    ids=["placeholder", "49-characters", "one-character"],
)
def test_production_refuses_the_placeholder_or_a_short_secret_key(key):
    result = _run("-c", PRINT_SETTINGS, DEBUG="false", SECRET_KEY=key)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be 50 or more random characters" in result.stderr


def test_production_starts_with_a_random_key_of_50_characters():
    key = get_random_secret_key()[:50]

    assert _settings(DEBUG="false", SECRET_KEY=key)["SECRET_KEY"] == key


def test_the_placeholder_production_refuses_is_the_one_env_example_ships():
    example = (PROJECT / ".env.example").read_text()

    assert "\nSECRET_KEY=change-me-to-the-output-of-the-command-above\n" in example


@needs_no_dotenv
def test_debug_defaults_to_off_so_production_needs_a_secret_key():
    result = _run("-c", PRINT_SETTINGS)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_test_suite_uses_test_database_url_never_database_url():
    values = _settings(
        DJANGO_SETTINGS_MODULE=TEST_SETTINGS,
        DATABASE_URL="postgres://ish:pw@production.example:5432/ish",
        TEST_DATABASE_URL="postgres://tester:pw@127.0.0.1:5499/ish_ci",
    )

    database = values["DATABASE"]
    assert (database["NAME"], database["HOST"]) == ("ish_ci", "127.0.0.1")
    assert str(database["PORT"]) == "5499"


def test_the_test_suite_without_test_database_url_ignores_database_url():
    values = _settings(
        DJANGO_SETTINGS_MODULE=TEST_SETTINGS,
        DATABASE_URL="postgres://ish:pw@production.example/ish",
    )

    assert values["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"


def test_the_deploy_check_passes_with_production_settings():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="ish.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_leave_the_demo_app_out():
    values = _settings(DEBUG="false", SECRET_KEY=get_random_secret_key())

    assert "ish.demo" not in values["INSTALLED_APPS"]


def test_development_settings_install_the_demo_app():
    assert "ish.demo" in _settings(DEBUG="true")["INSTALLED_APPS"]


def test_the_test_suite_installs_the_demo_app_with_debug_off():
    values = _settings(DJANGO_SETTINGS_MODULE=TEST_SETTINGS, DEBUG="false")

    assert "ish.demo" in values["INSTALLED_APPS"]


def test_the_test_suite_needs_no_secret_key_and_runs_tasks_inline():
    values = _settings(DJANGO_SETTINGS_MODULE=TEST_SETTINGS, DEBUG="false")

    assert values["SECRET_KEY"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True


@pytest.mark.parametrize(
    ("settings_module", "debug"),
    [("ish.settings", "true"), ("ish.settings", "false"), (TEST_SETTINGS, "false")],
)
def test_loading_the_settings_and_the_celery_app_creates_no_folder(settings_module, debug):
    result = _run(
        "-c",
        PRINT_FOLDERS_CREATED,
        DJANGO_SETTINGS_MODULE=settings_module,
        DEBUG=debug,
        SECRET_KEY=get_random_secret_key(),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_each_parallel_test_process_sends_tasks_to_its_own_redis_database():
    result = _run(
        "-c",
        PRINT_CELERY_BROKER,
        DJANGO_SETTINGS_MODULE=TEST_SETTINGS,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        PYTEST_XDIST_WORKER="gw1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "redis://127.0.0.1:6379/2"


def test_a_secret_key_starting_with_a_dollar_sign_is_taken_as_it_is():
    key = "$" + get_random_secret_key()[1:]

    settings = _settings(DEBUG="false", SECRET_KEY=key, EMAIL_BACKEND="x.y")

    assert settings["SECRET_KEY"] == key
