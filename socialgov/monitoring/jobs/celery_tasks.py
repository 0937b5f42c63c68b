"""Celery entry points: one task that runs a named monitoring job, and the beat schedule.

Tasks are acknowledged late and rejected when the worker dies, so a job killed mid-way is
delivered again; the jobs are idempotent, so the second run finishes what the first began.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.schedules import crontab

from socialgov.monitoring.jobs.registry import queue_of, run_job

RUN_JOB = "socialgov.monitoring.run_job"


@shared_task(name=RUN_JOB, acks_late=True, reject_on_worker_lost=True)
def run_monitoring_job(name: str, kwargs: dict[str, Any]) -> Any:
    return run_job(name, **kwargs)


def route_job(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **extra: Any
) -> dict[str, str] | None:
    """The Celery router (CELERY_TASK_ROUTES): a monitoring job goes to the queue of its kind of
    work, whoever sends it, so a worker started with `-Q analyse` only ever analyses."""
    if name != RUN_JOB or not args:
        return None
    return {"queue": queue_of(str(args[0])).value}


def _every(schedule: float | crontab, job: str, **kwargs: Any) -> dict[str, Any]:
    return {
        "task": RUN_JOB,
        "schedule": schedule,
        "args": (job, kwargs),
        "options": {"queue": queue_of(job)},
    }


BEAT_SCHEDULE = {
    "monitoring-poll-due": _every(15.0, "poll_due"),
    "monitoring-analyse": _every(5.0, "analyse_backlog", seconds=4.0),
    "monitoring-detect": _every(5.0, "detect_pending"),
    "monitoring-purge-internal": _every(3600.0, "purge_internal"),
    "governance-daily": _every(crontab(hour=6, minute=30), "governance_daily"),
    "monitoring-escalate": _every(60.0, "escalate_alerts"),
    "incidents-escalate": _every(60.0, "escalate_incidents"),
}
