"""The drills' stack: a migrated cluster with the demo season built once per run, then copied for
each drill, which gets its own PostgreSQL, Redis, gunicorn and worker on free loopback ports."""

import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import service_missing
from tests.drills.stack import App, Postgres, Redis, missing_programs


@dataclass
class Template:
    postgres: Postgres
    media: Path


@dataclass
class Stack:
    postgres: Postgres
    redis: Redis
    app: App


def _throwaway_folder() -> Path:
    # Not under pytest's tmp_path: the postgres user must be able to enter it.
    home = Path(tempfile.mkdtemp(prefix="ish-drill-"))
    home.chmod(0o755)
    return home


@pytest.fixture(scope="session")
def drill_template():
    reason = missing_programs()
    if reason:
        service_missing(reason)
    home = _throwaway_folder()
    postgres = Postgres(home / "pg")
    postgres.init()
    postgres.start()
    try:
        postgres.sql("CREATE DATABASE ish", database="postgres")
        app = App(home / "app", postgres.url(), "redis://127.0.0.1:1/0")
        # The demo's own mails are sent while it loads; the drills count only their own.
        app.env["CELERY_TASK_ALWAYS_EAGER"] = "true"
        app.manage("migrate", "--noinput")
        app.manage("demo")
    finally:
        postgres.stop()
    yield Template(postgres, app.media)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def stack(drill_template):
    """This drill's own services, started; gunicorn and the worker are started by the drill."""
    home = _throwaway_folder()
    postgres = Postgres(home / "pg")
    postgres.copy_from(drill_template.postgres)
    postgres.start()
    redis = Redis(home / "redis")
    redis.start()
    app = App(home / "app", postgres.url(), redis.url)
    shutil.copytree(drill_template.media, app.media, dirs_exist_ok=True)
    yield Stack(postgres, redis, app)
    app.stop_all()
    redis.stop(signal.SIGKILL)
    if postgres.running():
        postgres.stop("immediate")
    # Shown only when the drill failed.
    for name in ("web", "worker"):
        print(f"----- {name} log (last 3000 characters)\n{app.log(name)[-3000:]}")
    shutil.rmtree(home, ignore_errors=True)
