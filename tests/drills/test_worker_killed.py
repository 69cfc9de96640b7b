"""Drill: the worker building an export is killed (SIGKILL); the export is failed, to be retried,
never left running, and the retry succeeds."""

import os
import signal

import pytest

from tests.drills.stack import wait_until

pytestmark = pytest.mark.drill
WORKER_LOST = (
    "The export stopped before it was finished because its worker was interrupted. "
    "Please try again."
)


def test_an_export_whose_worker_is_killed_midway_fails_at_once_and_its_retry_succeeds(stack):
    app, postgres = stack.app, stack.postgres
    app.start_web_and_worker()
    office = app.token("office")
    ((season,),) = postgres.sql("SELECT id FROM seasons_season ORDER BY year DESC LIMIT 1")

    # The roster reads the nominations first: while this transaction holds their table, the
    # worker is stuck inside the build, provably midway, when it is killed.
    blocker = postgres.connect()
    blocker.execute("LOCK TABLE nominations_nomination IN ACCESS EXCLUSIVE MODE")
    try:
        answer = office.post(
            app.url("/api/v1/exports/"), json={"kind": "roster", "season": season}, timeout=20
        )
        assert answer.status_code == 202, answer.text
        job = answer.json()["id"]
        wait_until(
            lambda: postgres.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            ) == [(1,)],
            30,
            "the worker waits inside the build",
        )  # fmt: skip
        assert postgres.sql("SELECT status FROM rosters_exportjob WHERE id = %s", (job,)) == [
            ("running",)
        ]
        (child,) = app.worker_children()
        os.kill(child, signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()

    def settled():
        ((status, error),) = postgres.sql(
            "SELECT status, error FROM rosters_exportjob WHERE id = %s", (job,)
        )
        return (status, error) if status != "running" else None

    assert wait_until(settled, 60, "the killed export leaves running") == ("failed", WORKER_LOST)
    shown = office.get(app.url(f"/api/v1/exports/{job}/")).json()
    assert (shown["status"], shown["error"]) == ("failed", WORKER_LOST)

    assert office.post(app.url(f"/api/v1/exports/{job}/retry/")).status_code in {200, 202}
    wait_until(
        lambda: office.get(app.url(f"/api/v1/exports/{job}/")).json()["status"] == "done",
        60,
        "the retried export is built by the worker's new process",
    )
    download = office.get(app.url(f"/api/v1/exports/{job}/download/"))
    assert download.status_code == 200
    assert download.content[:2] == b"PK"  # an xlsx is a ZIP
    assert "WorkerLostError" in app.log("worker")
