"""Periodic work of the risk register, as plain functions an executor can schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from socialgov.risks.services import risk_acceptances_expire, risk_treatments_escalate


@dataclass(frozen=True)
class DailyReport:
    expired: int
    escalated: int


def run_daily(today: dt.date | None = None) -> DailyReport:
    """Expire acceptances whose date has come and escalate overdue treatments (idempotent)."""
    return DailyReport(
        expired=risk_acceptances_expire(today=today),
        escalated=risk_treatments_escalate(today=today),
    )


# For an executor's schedule: (name, function taking an optional `today`, how often).
SCHEDULE = (("risks.daily", run_daily, "daily"),)
