import pytest

from ish.portal.models import WorkerHeartbeat
from ish.portal.tasks import record_heartbeat
from tests.conftest import wait_for


@pytest.mark.redis
def test_a_real_worker_runs_a_task_sent_through_the_broker(real_worker):
    WorkerHeartbeat.objects.all().delete()

    record_heartbeat.delay()

    heartbeat = wait_for(lambda: WorkerHeartbeat.objects.first())
    assert heartbeat.worker != "eager"


def test_the_heartbeat_task_records_the_worker_inline_when_eager(db):
    record_heartbeat.delay()

    assert WorkerHeartbeat.objects.get().worker == "eager"
