from __future__ import annotations

import datetime as dt

import pytest

from socialgov.core import daily

pytestmark = pytest.mark.django_db


def test_every_daily_job_runs_and_reports(owner):
    outcome = daily.run_daily_jobs(today=dt.date(2026, 11, 27))
    assert set(outcome) == {
        "channels",
        "risks",
        "policies and training",
        "board reports",
        "usage reports",
    }
    assert "failed" not in outcome.values()


def test_a_failing_daily_job_does_not_stop_the_others(monkeypatch):
    ran = []

    def broken(today: dt.date) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(
        daily, "_jobs", lambda: [("broken", broken), ("fine", lambda today: ran.append(today))]
    )
    outcome = daily.run_daily_jobs(today=dt.date(2026, 1, 5))
    assert outcome["broken"] == "failed"
    assert ran == [dt.date(2026, 1, 5)]
