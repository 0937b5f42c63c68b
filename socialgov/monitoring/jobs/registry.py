"""Every job the monitoring worker runs, by name, as the dotted path of a plain function.

Paths are resolved only when a job runs, so this module imports none of the jobs and the jobs
may submit each other without an import cycle. A job takes keyword arguments and returns a
result that Celery can serialise; a dataclass result is returned as a dict. With Celery, each
job goes to the queue of its kind of work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.module_loading import import_string


class Queue(StrEnum):
    """Celery queues, one per kind of work, so a slow platform never delays an alert."""

    POLL = "poll"
    ANALYSE = "analyse"
    DETECT = "detect"
    NOTIFY = "notify"
    GOVERNANCE = "governance"


@dataclass(frozen=True)
class Job:
    path: str
    queue: Queue


JOBS: dict[str, Job] = {
    "poll_connector": Job("socialgov.monitoring.pipeline.ingest.connector_poll", Queue.POLL),
    "poll_due": Job("socialgov.monitoring.jobs.loop.poll_due", Queue.POLL),
    "analyse_pending": Job("socialgov.monitoring.pipeline.analyse.analyse_pending", Queue.ANALYSE),
    "analyse_backlog": Job("socialgov.monitoring.pipeline.analyse.analyse_for", Queue.ANALYSE),
    "detect_pending": Job("socialgov.monitoring.pipeline.detect.detect_pending", Queue.DETECT),
    "escalate_alerts": Job("socialgov.monitoring.pipeline.alert.alerts_escalate", Queue.NOTIFY),
    "escalate_incidents": Job(
        "socialgov.incidents.services.incident_escalate_overdue", Queue.NOTIFY
    ),
    "deliver_chat": Job("socialgov.monitoring.pipeline.chat.deliver_chat", Queue.NOTIFY),
    "purge_internal": Job(
        "socialgov.monitoring.pipeline.retention.internal_posts_purge", Queue.GOVERNANCE
    ),
    "governance_daily": Job("socialgov.core.daily.run_daily_jobs", Queue.GOVERNANCE),
    "board_report": Job("socialgov.reports.services.board_report_generate", Queue.GOVERNANCE),
    "usage_report": Job("socialgov.usage.services.usage_report_process", Queue.GOVERNANCE),
}


def _entry(name: str) -> Job:
    try:
        return JOBS[name]
    except KeyError:
        raise ValueError(f"unknown monitoring job {name!r}") from None


def queue_of(name: str) -> Queue:
    return _entry(name).queue


def job(name: str) -> Callable[..., Any]:
    function: Callable[..., Any] = import_string(_entry(name).path)
    return function


def run_job(name: str, **kwargs: Any) -> Any:
    result = job(name)(**kwargs)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return result
