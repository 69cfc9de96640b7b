"""gunicorn started on a free loopback port for one benchmark database, and stopped again."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from harness import PROJECT, child_env

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    database_url: str, workers: int = 2, log: Path | None = None, **env: str
) -> Iterator[str]:
    """The project under gunicorn (its own configuration file, `workers` sync workers) on
    127.0.0.1; yields the base address. With `log`, gunicorn's access and error logs go there."""
    port = free_port()
    command = [
        str(GUNICORN), "--config", "gunicorn.conf.py", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket",
        "--log-level", "warning",
    ]  # fmt: skip
    if log:
        command += ["--access-logfile", str(log), "--error-logfile", str(log)]
    server = subprocess.Popen(
        [*command, "ish.wsgi:application"], cwd=PROJECT, env=child_env(database_url, **env),
        stdout=subprocess.DEVNULL, stderr=None if log is None else subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"{base}/bench/constant/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("gunicorn did not answer within a minute")
