"""Racing threads against one database, for the PostgreSQL concurrency tests of every area."""

import threading

from django.db import connection


def all_at_once(work, items) -> list:
    """Run `work(item)` for each item in its own thread, all released together once each has
    connected; return what each returned or raised, in the items' order."""
    barrier = threading.Barrier(len(items), timeout=30)
    outcomes = [None] * len(items)

    def run(index, item):
        try:
            connection.ensure_connection()  # connecting first, so the racers start together
            barrier.wait()
            outcomes[index] = work(item)
        except Exception as error:  # collected and asserted on by the test
            outcomes[index] = error
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return outcomes
