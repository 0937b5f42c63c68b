"""Every job the monitoring worker runs, by name, as the dotted path of a plain function.

Paths are resolved only when a job runs, so this module imports none of the jobs and the jobs
may submit each other without an import cycle. A job takes keyword arguments and returns a
result that Celery can serialise; a dataclass result is returned as a dict.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

JOBS: dict[str, str] = {
    "poll_connector": "socialgov.monitoring.pipeline.ingest.connector_poll",
    "poll_due": "socialgov.monitoring.jobs.loop.poll_due",
    "analyse_pending": "socialgov.monitoring.pipeline.analyse.analyse_pending",
    "analyse_backlog": "socialgov.monitoring.pipeline.analyse.analyse_for",
    "detect_pending": "socialgov.monitoring.pipeline.detect.detect_pending",
    "escalate_alerts": "socialgov.monitoring.pipeline.alert.alerts_escalate",
    "deliver_chat": "socialgov.monitoring.pipeline.chat.deliver_chat",
    "purge_internal": "socialgov.monitoring.pipeline.retention.internal_posts_purge",
    "governance_daily": "socialgov.core.daily.run_daily_jobs",
}


def job(name: str) -> Callable[..., Any]:
    try:
        path = JOBS[name]
    except KeyError:
        raise ValueError(f"unknown monitoring job {name!r}") from None
    function: Callable[..., Any] = import_string(path)
    return function


def run_job(name: str, **kwargs: Any) -> Any:
    result = job(name)(**kwargs)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return result
