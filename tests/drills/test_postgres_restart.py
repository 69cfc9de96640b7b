"""Drill: PostgreSQL restarts under a running web process, which must serve again on its own."""

import pytest

from tests.drills.stack import children_of

pytestmark = pytest.mark.drill


def test_the_web_process_serves_again_after_postgresql_restarts_without_a_restart_of_its_own(
    stack,
):
    app = stack.app
    app.start_web()
    office = app.token("office")
    # Every gunicorn worker holds a persistent connection (CONN_MAX_AGE) before the restart.
    for _ in range(8):
        assert office.get(app.url("/api/v1/nominations/"), timeout=30).status_code == 200
    web_workers = children_of(app.processes["web"].pid)

    stack.postgres.restart()

    answers = [
        office.get(app.url("/api/v1/nominations/"), timeout=30).status_code for _ in range(10)
    ]
    assert answers == [200] * 10
    assert children_of(app.processes["web"].pid) == web_workers
    assert "Traceback" not in app.log("web")
