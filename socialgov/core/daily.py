"""The governance apps' daily jobs (reviews, reminders, escalations, expiries) in one place, so
the in-process worker and Celery beat run the same list. Each job is idempotent for a day."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


def _jobs() -> list[tuple[str, Callable[..., Any]]]:
    from socialgov.channels.jobs import run_daily as channels_daily
    from socialgov.policies.jobs import run_daily as governance_daily
    from socialgov.reports.jobs import run_daily as reports_daily
    from socialgov.risks.jobs import run_daily as risks_daily
    from socialgov.usage.services import usage_reports_purge

    return [
        ("channels", lambda today: channels_daily(today)),
        ("risks", lambda today: risks_daily(today)),
        ("policies and training", lambda today: governance_daily(today=today)),
        ("board reports", lambda today: reports_daily(today)),
        ("usage reports", lambda today: usage_reports_purge(today=today)),
    ]


def run_daily_jobs(*, today: dt.date | None = None) -> dict[str, str]:
    """Run every daily job; one failing job is logged and does not stop the others."""
    today = today or timezone.localdate()
    outcome = {}
    for name, job in _jobs():
        try:
            outcome[name] = str(job(today))
        except Exception:
            logger.exception("daily job %s failed", name)
            outcome[name] = "failed"
    return outcome
