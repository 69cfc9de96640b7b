"""Throwaway services for the failure drills: a PostgreSQL cluster, a Redis, gunicorn and a Celery
worker of the project, each on a free loopback port in a temporary folder, so that a drill may
stop, kill and restart them without touching any other service on the machine."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "ish-demo-2027"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's programs (initdb, pg_ctl, pg_dump, pg_restore)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def missing_programs() -> str | None:
    """What the drills need and this machine lacks, in one line; None when all is there."""
    if postgres_bin() is None:
        return "no PostgreSQL server programs under /usr/lib/postgresql/*/bin"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    for program in ("gunicorn", "celery"):
        if not (BIN / program).exists():
            return f"{program} is not installed in {BIN}"
    return None


def wait_until(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if result := condition():
                return result
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")


def _as_postgres(command: list[str]) -> list[str]:
    # initdb refuses to run as root, as .ci/run knows.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A cluster of its own: trust on loopback only, no fsync (throwaway data)."""

    def __init__(self, home: Path, port: int | None = None):
        self.home, self.port = home, port or free_port()
        self.data, self.log = home / "data", home / "postgres.log"
        self.bin = postgres_bin()

    def _run(self, *command: str) -> None:
        subprocess.run(
            _as_postgres([str(self.bin / command[0]), *command[1:]]),
            check=True,
            capture_output=True,
            cwd="/",
        )

    def init(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self._run(
            "initdb", "--pgdata", str(self.data), "--username", "postgres", "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip

    def copy_from(self, template: "Postgres") -> None:
        """A cluster of its own, copied from a stopped template (seconds instead of a migrate)."""
        subprocess.run(["cp", "-a", str(template.home), str(self.home)], check=True)
        self.log.unlink(missing_ok=True)

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "start", "--wait", "--timeout", "60", "--pgdata", str(self.data),
            "--log", str(self.log), "--options", options,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "--wait", "--pgdata", str(self.data), "--mode", mode)

    def restart(self) -> None:
        # Not `pg_ctl restart`: without --log the new server would hold our output pipe open.
        self.stop()
        self.start()

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "ish") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "ish", **options) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, **options
        )

    def sql(self, query: str, params=(), database: str = "ish") -> list[tuple]:
        with self.connect(database, autocommit=True) as db, db.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []


class Redis:
    def __init__(self, home: Path):
        self.home, self.port, self.process = home, free_port(), None

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.home), "--logfile", str(self.home / "log")],
            start_new_session=True,
        )  # fmt: skip
        wait_until(self.ping, 10, "Redis answers")

    def ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class App:
    """Processes of the project (gunicorn, Celery worker, manage.py) with one environment."""

    def __init__(self, home: Path, database_url: str, broker_url: str):
        self.home = home
        self.media, self.mail, self.logs = home / "media", home / "mail", home / "logs"
        for folder in (self.media, self.mail, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "DJANGO", "TEST_DATABASE", "CELERY", "EMAIL"))
        } | {
            "DJANGO_SETTINGS_MODULE": "ish.settings",
            "DEBUG": "true",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": str(self.media),
            "EMAIL_URL": f"filemail:///{self.mail}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CACHE_URL": "locmemcache://",
            "BACKUP_DIR": str(home / "backups"),
            # The sweep the drills send takes every pending mail, however new.
            "EMAIL_REQUEUE_GRACE_SECONDS": "0",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "WARNING",
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.web_port = free_port()

    def manage(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=check, timeout=300,
        )  # fmt: skip

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (lives as long as the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes[name] = process
        return process

    def start_web(self) -> None:
        self._spawn_web()
        self._wait_for_web()

    def start_web_and_worker(self) -> None:
        """Both at once: each takes seconds to import the project."""
        self._spawn_web()
        self._spawn_worker()
        self._wait_for_web()
        self._wait_for_worker()

    def _spawn_web(self) -> None:
        self._spawn(
            "web",
            [str(BIN / "gunicorn"), "ish.wsgi:application", "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.web_port}", "--workers", "2", "--timeout", "60",
             "--no-control-socket"],
        )  # fmt: skip

    def _wait_for_web(self) -> None:
        wait_until(lambda: self.get("/healthz", timeout=5).status_code, 60, "gunicorn answers")

    def _spawn_worker(self) -> None:
        self._spawn(
            "worker",
            [str(BIN / "celery"), "--app", "ish", "worker", "--loglevel", "INFO",
             "--concurrency", "1", "--without-gossip", "--without-mingle",
             "--hostname", f"drill-{self.web_port}@%h"],
        )  # fmt: skip

    def _wait_for_worker(self) -> None:
        wait_until(
            lambda: "ready" in (self.logs / "worker.log").read_text(), 60, "the worker is ready"
        )

    def worker_children(self) -> list[int]:
        """The pool processes of the worker (one with --concurrency 1): who runs the tasks."""
        return children_of(self.processes["worker"].pid)

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def stop_all(self) -> None:
        # The drill is over and everything it wrote is thrown away: no graceful shutdown.
        for name in list(self.processes):
            self.stop(name, signal.SIGKILL)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def get(self, path: str, **options) -> requests.Response:
        return requests.get(self.url(path), **{"timeout": 30, **options})

    def token(self, username: str) -> requests.Session:
        """A session sending the API token of a demo login."""
        answer = requests.post(
            self.url("/api/auth/token/"),
            json={"username": username, "password": DEMO_PASSWORD},
            timeout=30,
        )
        answer.raise_for_status()
        session = requests.Session()
        session.headers["Authorization"] = f"Token {answer.json()['token']}"
        return session

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def children_of(parent: int) -> list[int]:
    return sorted(
        int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _parent_of(int(pid)) == parent
    )


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])
