"""Run the monitoring jobs: the same plain functions in-process (the embedded default) or on
Celery workers (SOCIALGOV_EXECUTOR=celery, when a broker is configured)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction


def _jobs() -> dict[str, Callable[..., Any]]:
    from socialgov.core.daily import run_daily_jobs
    from socialgov.monitoring.jobs import loop as worker
    from socialgov.monitoring.pipeline import chat
    from socialgov.monitoring.pipeline import ingest as poll
    from socialgov.monitoring.pipeline.alert import alerts_escalate
    from socialgov.monitoring.pipeline.analyse import analyse_for, analyse_pending
    from socialgov.monitoring.pipeline.detect import detect_pending
    from socialgov.monitoring.pipeline.retention import internal_posts_purge

    return {
        "poll_connector": lambda **kw: poll.connector_poll(**kw).__dict__,
        "poll_due": worker.poll_due,
        "analyse_pending": lambda **kw: analyse_pending(**kw).__dict__,
        "analyse_backlog": lambda **kw: analyse_for(**kw).__dict__,
        "detect_pending": lambda **kw: detect_pending(**kw).__dict__,
        "escalate_alerts": alerts_escalate,
        "deliver_chat": chat.deliver_chat,
        "purge_internal": internal_posts_purge,
        "governance_daily": run_daily_jobs,
    }


def run_job(name: str, **kwargs: Any) -> Any:
    try:
        job = _jobs()[name]
    except KeyError:
        raise ValueError(f"unknown monitoring job {name!r}") from None
    return job(**kwargs)


def uses_celery() -> bool:
    return settings.SOCIALGOV_EXECUTOR == "celery"


def submit(name: str, **kwargs: Any) -> Any:
    """Run now in this process, or queue for a Celery worker."""
    if uses_celery():
        from socialgov.monitoring.jobs.celery_tasks import run_monitoring_job

        return run_monitoring_job.delay(name, kwargs)
    return run_job(name, **kwargs)


def submit_on_commit(name: str, **kwargs: Any) -> None:
    transaction.on_commit(lambda: submit(name, **kwargs))
