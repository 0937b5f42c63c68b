"""A worker killed with SIGKILL at random points while it stores and analyses loses nothing and
duplicates nothing, on SQLite and on PostgreSQL: after a restart the store holds what an
uninterrupted run stores (posts, findings by fingerprint, alerts and their evidence)."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.tests.test_crash_resume import SETUP, SNAPSHOT
from socialgov.monitoring.tests.workers import live_database_url, prepare, run, start, worker_env

TOTAL = 1200
KILLS = 4
STAGES = {
    "intake": "SELECT COUNT(*) FROM monitoring_post",
    "analysis": "SELECT COUNT(*) FROM monitoring_post WHERE analysis_state = 'done'",
}
# Alerts by what they hold, not by ids (which differ from one database to the other).
ALERTS = "SELECT status, evidence_count FROM monitoring_alert"
Query = Callable[[str], list[tuple]]


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    return worker_env(
        data_dir,
        database_url,
        SOCIALGOV_ANALYZER="socialgov.monitoring.tests.slow_analyzer.analyze",
        SLOW_ANALYZER_SECONDS="0.1",
        SOCIALGOV_CONNECTOR_LEASE_SECONDS="2",
        SOCIALGOV_ANALYSIS_CLAIM_SECONDS="3",
        # Intake and analysis take turns, so a random kill lands in either.
        SOCIALGOV_BACKLOG_LIMIT="150",
    )


def _sqlite(db: Path) -> Query:
    def query(sql: str) -> list[tuple]:
        with sqlite3.connect(db, timeout=30) as connection:
            return connection.execute(sql).fetchall()

    return query


def _postgres() -> Query:
    from django.db import connection

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    return query


def _kill_points(rng: random.Random) -> list[tuple[str, int]]:
    """Ascending thresholds, each in a random stage."""
    points = sorted(rng.sample(range(60, TOTAL - 60), KILLS))
    return [(rng.choice(list(STAGES)), point) for point in points]


def _kill_at(env: dict[str, str], query: Query, stage: str, threshold: int) -> int:
    worker = start(env, "monitor", "--batch", "50", "--interval", "0.2")
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and worker.poll() is None:
        seen = int(query(STAGES[stage])[0][0])
        if seen >= threshold:
            break
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    return seen


def _snapshot(query: Query) -> dict[str, list[tuple]]:
    wanted = {"findings": SNAPSHOT["findings"], "evidence": SNAPSHOT["evidence"], "alerts": ALERTS}
    wanted["posts"] = "SELECT platform, external_id, analysis_state FROM monitoring_post"
    return {name: sorted(query(sql)) for name, sql in wanted.items()}


def _killed_and_reference(tmp_path: Path, database_url: str, query: Query | None) -> None:
    interrupted, reference = tmp_path / "interrupted", tmp_path / "reference"
    interrupted.mkdir()
    stream = write_stream(tmp_path / "stream.jsonl", TOTAL, seed=23)
    reference_env = _env(reference, "")
    if not database_url:  # the same prepared SQLite file for both runs
        prepare(_env(interrupted, ""), SETUP % stream)
        shutil.copytree(interrupted, reference)
    else:
        reference.mkdir()
        prepare(reference_env, SETUP % stream)
        prepare(_env(interrupted, database_url), SETUP % stream)
    env = _env(interrupted, database_url)
    query = query or _sqlite(interrupted / "socialgov.sqlite3")
    seed = random.randrange(1 << 30)
    points = _kill_points(random.Random(seed))
    seen = [_kill_at(env, query, stage, threshold) for stage, threshold in points]
    run(env, "monitor", "--until-idle", "--batch", "50", "--interval", "0.2")
    run(reference_env, "monitor", "--until-idle", "--batch", "50", "--interval", "0.2")

    after_crash = _snapshot(query)
    uninterrupted = _snapshot(_sqlite(reference / "socialgov.sqlite3"))
    context = f"seed {seed}, kill points {points}, counts at kill {seen}"
    assert len(after_crash["posts"]) == TOTAL, context
    assert {row[2] for row in after_crash["posts"]} == {"done"}, context
    assert after_crash == uninterrupted, context


@pytest.mark.slow_subprocess
def test_a_sqlite_worker_killed_at_random_points_loses_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    _killed_and_reference(tmp_path, "", None)


@pytest.mark.postgres
@pytest.mark.slow_subprocess
def test_a_postgres_worker_killed_at_random_points_loses_and_duplicates_nothing(
    transactional_db: None, tmp_path: Path
) -> None:
    _killed_and_reference(tmp_path, live_database_url(), _postgres())
