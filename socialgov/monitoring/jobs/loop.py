"""The monitoring loop: poll due connectors, analyse what is pending, run the stream
detectors over what was analysed, escalate overdue alerts. `socialgov monitor` and `make run`
run it in-process; with Celery, beat triggers the same jobs and workers run them."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from django.db import close_old_connections, connection
from django.utils import timezone

from socialgov.core.daily import run_daily_jobs
from socialgov.monitoring.jobs.dispatch import submit, uses_celery
from socialgov.monitoring.jobs.registry import run_job
from socialgov.monitoring.pipeline.alert import alerts_escalate
from socialgov.monitoring.pipeline.analyse import analyse_pending, pending_count
from socialgov.monitoring.pipeline.backlog import intake_paused
from socialgov.monitoring.pipeline.detect import detect_pending
from socialgov.monitoring.pipeline.ingest import connector_poll, due_connector_ids
from socialgov.monitoring.pipeline.retention import internal_posts_purge

logger = logging.getLogger(__name__)

ESCALATION_EVERY = 60.0


def _drain(limit: int = 500) -> None:
    while intake_paused():
        if not analyse_pending(limit=limit).posts:
            return


def poll_due() -> int:
    """Poll every connector that is due; returns how many were polled."""
    ids = due_connector_ids(now=timezone.now())
    if uses_celery():
        for connector_id in ids:
            submit("poll_connector", connector_id=connector_id)
        return len(ids)
    for connector_id in ids:
        try:
            connector_poll(connector_id=connector_id, between_batches=_drain)
        except Exception:  # even its failure could not be recorded (a lost database)
            logger.exception("polling connector %s failed", connector_id)
    return len(ids)


@dataclass
class LoopStats:
    rounds: int = 0
    polled: int = 0
    analysed: int = 0
    alerts: int = 0


def run_loop(
    *,
    stop: threading.Event | None = None,
    until_idle: bool = False,
    interval: float = 2.0,
    batch: int = 500,
    daily_jobs: bool = False,
) -> LoopStats:
    """Run until `stop` is set (or, with `until_idle`, until nothing is due or pending)."""
    stop = stop or threading.Event()
    stats = LoopStats()
    last_escalation = 0.0
    last_daily: dt.date | None = None
    while not stop.is_set():
        if not connection.in_atomic_block:  # never drop a connection inside a transaction
            close_old_connections()
        stats.rounds += 1
        try:
            polled = 0 if intake_paused() else poll_due()
            stats.polled += polled
            analysed = 0
            while not stop.is_set():
                result = analyse_pending(limit=batch)
                analysed += result.posts
                stats.alerts += result.alerts
                if not result.posts and not result.failed:
                    break
            stats.analysed += analysed
            detected = 0
            while not stop.is_set():
                found = detect_pending(limit=batch)
                detected += found.posts
                stats.alerts += found.alerts
                if not found.posts:
                    break
            if time.monotonic() - last_escalation >= ESCALATION_EVERY:
                alerts_escalate()
                run_job("escalate_incidents")
                internal_posts_purge()
                last_escalation = time.monotonic()
            if daily_jobs and last_daily != timezone.localdate():
                last_daily = timezone.localdate()
                run_daily_jobs(today=last_daily)
        except Exception:  # a bad round must not end the worker; the next one retries
            logger.exception("monitoring round failed")
            polled, analysed, detected = 0, 0, 0
        # Idle means nothing due and nothing pending, including posts still claimed by a worker
        # that may have died (their claim expires and this loop takes them over).
        if until_idle and not polled and not analysed and not detected and not pending_count():
            break
        if not analysed and not detected:
            stop.wait(interval)
    return stats
