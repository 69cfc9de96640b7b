"""The request log: a refused or unknown address is one line, a server error keeps its traceback,
and every line is written once."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def request_log(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


@pytest.mark.parametrize(
    ("role", "page", "args", "status", "message"),
    [
        # The organiser's page, refused to a coordinator.
        ("coordinator", "portal:season", [], 403, "Forbidden (Permission denied)"),
        ("organiser", "nominations:detail", [987654], 404, "Not Found"),
    ],
)
def test_a_refused_or_unknown_page_is_logged_as_one_line_without_a_traceback(
    client_as, caplog, role, page, args, status, message
):
    caplog.set_level(logging.INFO)
    path = reverse(page, args=args)

    response = client_as(role).get(path)

    assert response.status_code == status
    (record,) = request_log(caplog)
    assert record.getMessage() == f"{message}: {path}"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog):
    try:
        raise RuntimeError("the database went away")
    except RuntimeError as error:
        logging.getLogger("django.request").error(
            "Internal Server Error: /", exc_info=error, extra={"status_code": 500}
        )

    (record,) = request_log(caplog)
    assert record.exc_info is not None
    assert "RuntimeError: the database went away" in caplog.text


# Logs as `make run`'s web process does: the project's settings with DEBUG on, in a process of its
# own (the test process's logging is pytest's). A refusal as Django's handler logs it, with the
# exception; then a line of another logger.
LOG_IN_A_FRESH_PROCESS = """
import logging
import django
django.setup()
from django.core.exceptions import PermissionDenied
try:
    raise PermissionDenied
except PermissionDenied as refusal:
    logging.getLogger("django.request").warning(
        "Forbidden (Permission denied): %s", "/season/", exc_info=refusal,
        extra={"status_code": 403},
    )
logging.getLogger("django.security.csrf").warning("Forbidden (CSRF cookie not set.): /")
"""


def test_a_refusal_is_written_once_in_one_line_under_make_run():
    result = subprocess.run(
        [sys.executable, "-c", LOG_IN_A_FRESH_PROCESS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ish.settings", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stderr.splitlines() == [
        "Forbidden (Permission denied): /season/",
        "Forbidden (CSRF cookie not set.): /",
    ]
