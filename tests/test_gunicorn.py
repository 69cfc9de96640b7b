"""gunicorn, as the image runs it, announces no server: its configuration drops the `Server`
header gunicorn writes into every response."""

import http.client
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
HELLO = """
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def headers_from_gunicorn(tmp_path: Path, *options: str) -> dict[str, str]:
    """Starts gunicorn with `options` on a loopback port serving a tiny app, and returns the
    headers of one response (lower-case names)."""
    (tmp_path / "hello.py").write_text(HELLO)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--no-control-socket", "--pythonpath", str(tmp_path), "hello:app"],
        cwd=tmp_path,  # no gunicorn.conf.py here: only the options given are read
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/")
                response = connection.getresponse()
                response.read()
                return {name.lower(): value for name, value in response.getheaders()}
            except ConnectionRefusedError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"gunicorn did not answer: {server.stderr.read().decode()}")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_on_its_own_announces_itself(tmp_path):
    assert headers_from_gunicorn(tmp_path)["server"].startswith("gunicorn")


def test_gunicorn_with_the_projects_configuration_sends_no_server_header(tmp_path):
    headers = headers_from_gunicorn(tmp_path, "--config", str(PROJECT / "gunicorn.conf.py"))

    assert "server" not in headers
    assert headers["content-type"] == "text/plain"


def test_the_image_runs_gunicorn_with_the_projects_configuration():
    command = re.search(r"^CMD \[(.*?)\]$", (PROJECT / "Dockerfile").read_text(), re.M | re.S)[1]

    assert re.sub(r"[\s\\]+", " ", command).startswith(
        '"gunicorn", "ish.wsgi:application", "--config", "gunicorn.conf.py",'
    )
