"""The Celery path end to end: the same jobs, queued on a real Redis and run by a real worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialgov.core.models import Notification, User
from socialgov.monitoring import services
from socialgov.monitoring.demo import RULES
from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.jobs.registry import JOBS, Queue
from socialgov.monitoring.models import Alert, AnalysisState, Post
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.redis


@pytest.fixture
def celery_worker(settings, transactional_db):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from socialgov.monitoring.jobs import celery_tasks as tasks  # noqa: F401  (registers the task)

    url = os.environ["SOCIALGOV_TEST_REDIS_URL"]
    settings.SOCIALGOV_EXECUTOR = "celery"
    keys = ("broker_url", "result_backend", "task_always_eager")
    previous = {key: app.conf.get(key) for key in keys}
    app.conf.update(
        broker_url=url,
        result_backend=url,
        task_always_eager=False,
        broker_connection_retry_on_startup=True,
    )
    queues = [queue.value for queue in Queue]
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30, queues=queues):
        yield app
    app.conf.update(**previous)


def test_polling_and_analysis_run_on_a_celery_worker_with_the_same_results(
    transactional_db, celery_worker, owner: User, tmp_path: Path, settings
) -> None:
    from socialgov.monitoring.jobs.dispatch import submit

    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    make_channel(owner.person, platform="x", handle="mosa_be")
    make_channel(owner.person, platform="x", handle="mosa_help")
    for rule in RULES:
        services.alert_rule_create(actor=None, **rule)
    path = write_stream(tmp_path / "stream.jsonl", 300, seed=5)
    connector = services.connector_create(
        actor=None, name="stream", kind="file", config={"path": str(path), "batch_size": 100}
    )

    polled = submit("poll_connector", connector_id=connector.pk).get(timeout=60)
    assert polled["stored"] == 300
    while submit("analyse_pending", limit=100).get(timeout=60)["posts"]:
        pass
    assert submit("analyse_backlog", seconds=1.0).get(timeout=60)["posts"] == 0

    assert not Post.objects.exclude(analysis_state=AnalysisState.DONE).exists()
    alerts = Alert.objects.filter(channel__isnull=False)
    assert alerts.exists()
    assert {alert.owner_id for alert in alerts} == {owner.person_id}
    assert Notification.objects.filter(recipient=owner.person).count() == alerts.count()


def test_each_job_waits_on_the_queue_of_its_kind_of_work(settings) -> None:
    import redis

    from config.celery import app
    from socialgov.monitoring.jobs.dispatch import submit

    url = os.environ["SOCIALGOV_TEST_REDIS_URL"]
    settings.SOCIALGOV_EXECUTOR = "celery"
    previous = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    broker = redis.Redis.from_url(url)
    broker.delete(*[queue.value for queue in Queue])
    try:
        submit("deliver_chat", alert_id=1)
        submit("poll_connector", connector_id=1)
        submit("detect_pending")
        depths = {queue.value: broker.llen(queue.value) for queue in Queue}
    finally:
        broker.delete(*[queue.value for queue in Queue])
        app.conf.update(**previous)
    assert depths == {"poll": 1, "analyse": 0, "detect": 1, "notify": 1, "governance": 0}
    assert {job.queue for job in JOBS.values()} == set(Queue)


def test_the_celery_routing_table_sends_each_job_to_the_queue_of_its_kind_of_work() -> None:
    from config.celery import app
    from socialgov.monitoring.jobs.celery_tasks import RUN_JOB

    expected = {
        "poll_connector": "poll",
        "poll_due": "poll",
        "analyse_pending": "analyse",
        "analyse_backlog": "analyse",
        "detect_pending": "detect",
        "escalate_alerts": "notify",
        "escalate_incidents": "notify",
        "deliver_chat": "notify",
        "purge_internal": "governance",
        "governance_daily": "governance",
        "board_report": "governance",
        "usage_report": "governance",
    }
    routed = {
        job: app.amqp.router.route({}, RUN_JOB, args=(job, {}), kwargs={})["queue"].name
        for job in JOBS
    }
    assert routed == expected
