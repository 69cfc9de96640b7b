"""`make run`'s web process prints its address and the demo logins once it listens, not before."""

import os
import re
import socket
import subprocess
import sys

from django.conf import settings

from ish.demo.season import DEMO_LOGINS

ADDRESS = re.compile(r"ISH Manager runs at (http://127\.0\.0\.1:(\d+)/)")


def test_the_address_is_printed_once_the_server_listens(tmp_path):
    server = subprocess.Popen(
        # Port 0: the system picks a free one, and only the server itself can tell which.
        [sys.executable, "manage.py", "demoserver", "127.0.0.1:0", "--noreload", "--skip-checks"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ish.settings",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "PYTHONUNBUFFERED": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        printed = []
        for line in server.stdout:
            printed.append(line)
            if match := ADDRESS.search(line):
                break
        else:
            raise AssertionError("no address printed:\n" + "".join(printed))
        # Connected at once, without waiting: the address is printed once the socket listens.
        with socket.create_connection(("127.0.0.1", int(match[2])), timeout=1):
            pass
        following = [server.stdout.readline() for _ in range(len(DEMO_LOGINS) + 1)]
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert following[0].strip() == "Demo logins:"
    for login, line in zip(DEMO_LOGINS, following[1:], strict=True):
        assert line.split()[:3] == [login.username, "password", login.password]
    assert not any("WARNING" in line for line in printed)
