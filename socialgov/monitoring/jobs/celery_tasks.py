"""Celery entry points: one task that runs a named monitoring job, and the beat schedule.

Tasks are acknowledged late and rejected when the worker dies, so a job killed mid-way is
delivered again; the jobs are idempotent, so the second run finishes what the first began.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.schedules import crontab

from socialgov.monitoring.jobs.registry import run_job


@shared_task(name="socialgov.monitoring.run_job", acks_late=True, reject_on_worker_lost=True)
def run_monitoring_job(name: str, kwargs: dict[str, Any]) -> Any:
    return run_job(name, **kwargs)


BEAT_SCHEDULE = {
    "monitoring-poll-due": {
        "task": "socialgov.monitoring.run_job",
        "schedule": 15.0,
        "args": ("poll_due", {}),
    },
    "monitoring-analyse": {
        "task": "socialgov.monitoring.run_job",
        "schedule": 5.0,
        "args": ("analyse_backlog", {"seconds": 4.0}),
    },
    "monitoring-detect": {
        "task": "socialgov.monitoring.run_job",
        "schedule": 5.0,
        "args": ("detect_pending", {}),
    },
    "monitoring-purge-internal": {
        "task": "socialgov.monitoring.run_job",
        "schedule": 3600.0,
        "args": ("purge_internal", {}),
    },
    "governance-daily": {
        "task": "socialgov.monitoring.run_job",
        "schedule": crontab(hour=6, minute=30),
        "args": ("governance_daily", {}),
    },
    "monitoring-escalate": {
        "task": "socialgov.monitoring.run_job",
        "schedule": 60.0,
        "args": ("escalate_alerts", {}),
    },
}
