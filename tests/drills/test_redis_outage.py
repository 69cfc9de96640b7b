"""Drill: Redis is stopped while the office decides; the decisions are saved and their mails are
delivered exactly once after Redis is back."""

import email
import email.policy
import time
from collections import Counter
from pathlib import Path

import pytest
from celery import Celery

from tests.drills.stack import wait_until

pytestmark = pytest.mark.drill
# The file backend separates the messages of one connection with a line of 79 dashes.
SEPARATOR = "\n" + "-" * 79 + "\n"


def delivered_messages(mail_dir: Path) -> Counter:
    """(recipient, subject) of every message the worker handed to the mail backend."""
    found = Counter()
    for path in mail_dir.iterdir():
        for text in path.read_text().split(SEPARATOR):
            if text.strip():
                message = email.message_from_string(text, policy=email.policy.default)
                found[(str(message["To"]), str(message["Subject"]))] += 1
    return found


def send_the_sweep(redis) -> None:
    """What beat sends every minute: pending mail handed to the workers again."""
    # Named as a connection: Celery prefers the environment's CELERY_BROKER_URL (which .ci/run sets
    # for the suite's own Redis) to a broker given to the app, and the sweep would go there.
    with (
        Celery(set_as_current=False) as beat,
        beat.connection_for_write(redis.url) as connection,
    ):
        beat.send_task("ish.notifications.tasks.requeue_pending_emails", connection=connection)


def test_decisions_made_while_redis_is_down_are_saved_and_mailed_once_it_is_back(stack):
    app, postgres = stack.app, stack.postgres
    app.start_web_and_worker()
    office = app.token("office")
    submitted = [
        pk for (pk,) in postgres.sql(
            "SELECT id FROM nominations_nomination WHERE status = 'submitted' ORDER BY id"
        )
    ][:3]  # fmt: skip
    assert len(submitted) == 3

    ((since,),) = postgres.sql("SELECT now()")
    stack.redis.stop()
    timings = []
    for pk in submitted:
        started = time.monotonic()
        answer = office.post(
            app.url(f"/api/v1/nominations/{pk}/waitlist/"), json={"comment": "drill"}, timeout=60
        )
        timings.append(time.monotonic() - started)
        assert answer.status_code == 200, answer.text

    statuses = postgres.sql(
        "SELECT DISTINCT status FROM nominations_nomination WHERE id = ANY(%s)", (submitted,)
    )
    assert statuses == [("waitlisted",)]
    outbox = "FROM notifications_outboundemail WHERE created_at >= %s"
    pending = postgres.sql(f'SELECT "to", subject {outbox}', (since,))
    # At least the staff of each student's city are told; no mail could reach a worker yet.
    assert len(pending) >= len(submitted)
    assert postgres.sql(f"SELECT DISTINCT status {outbox}", (since,)) == [("pending",)]
    assert max(timings) < 15, f"a decision waited {max(timings):.1f} s for the broker"

    stack.redis.start()
    send_the_sweep(stack.redis)
    wait_until(
        lambda: postgres.sql(f"SELECT count(*) {outbox} AND status <> 'sent'", (since,)) == [(0,)],
        90,
        "every mail of the decisions is sent",
        interval=0.5,
    )
    # Sweeps again, as beat would every minute: nothing is sent twice.
    send_the_sweep(stack.redis)
    send_the_sweep(stack.redis)
    time.sleep(3)

    assert delivered_messages(app.mail) == Counter(pending)
    assert postgres.sql(f"SELECT DISTINCT attempts {outbox}", (since,)) == [(1,)]
