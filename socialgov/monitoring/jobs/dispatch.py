"""Run a monitoring job now in this process (the embedded default) or queue it for a Celery
worker (SOCIALGOV_EXECUTOR=celery, when a broker is configured): same functions, same results."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from socialgov.monitoring.jobs.registry import queue_of, run_job


def uses_celery() -> bool:
    return bool(settings.SOCIALGOV_EXECUTOR == "celery")


def submit(name: str, **kwargs: Any) -> Any:
    if uses_celery():
        from socialgov.monitoring.jobs.celery_tasks import run_monitoring_job

        return run_monitoring_job.apply_async((name, kwargs), queue=queue_of(name))
    return run_job(name, **kwargs)


def submit_on_commit(name: str, **kwargs: Any) -> None:
    transaction.on_commit(lambda: submit(name, **kwargs))
