"""A worker killed with SIGKILL at 20 random points while it stores, analyses, runs the detectors
or raises alerts and notifies loses nothing and duplicates nothing, on SQLite and on PostgreSQL:
after a restart the store holds what an uninterrupted run stores (posts, findings by
fingerprint, alerts and their evidence, notifications).

Twenty kills fit in the time five took: the workers are forked from one parent that has Django
imported (milliseconds instead of seconds each), batches are small, and the lease and the claim
a killed worker leaves behind expire after a second or two."""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.tests.forked_workers import Forker, alive, kill
from socialgov.monitoring.tests.test_crash_resume import SETUP, SNAPSHOT
from socialgov.monitoring.tests.workers import live_database_url, prepare, run, worker_env

TOTAL = 800
KILLS = 20
BATCH = "40"
STAGES = {
    "intake": "SELECT COUNT(*) FROM monitoring_post",
    "analysis": "SELECT COUNT(*) FROM monitoring_post WHERE analysis_state = 'done'",
    "detection": (
        "SELECT COUNT(*) FROM monitoring_post WHERE id <= "
        "(SELECT COALESCE(MAX(last_post_id), 0) FROM monitoring_detectorcursor)"
    ),
    # Alerts are opened and their owners notified in the analysis transaction.
    "notification": "SELECT COUNT(*) FROM core_notification",
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
        # What a killed worker holds is taken over soon (one worker runs at a time here).
        SOCIALGOV_CONNECTOR_LEASE_SECONDS="1",
        SOCIALGOV_ANALYSIS_CLAIM_SECONDS="2",
        # Intake and analysis take turns, so a random kill lands in either.
        SOCIALGOV_BACKLOG_LIMIT="120",
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


def _kill_points(rng: random.Random, notifications: int) -> list[tuple[str, int]]:
    """Ascending points, each in a random stage; a point is a post count, or for the
    notifications the same share of those the uninterrupted run sent."""
    points = sorted(rng.sample(range(40, TOTAL - 40), KILLS))
    chosen = [(rng.choice(list(STAGES)), point) for point in points]
    return [
        (stage, max(1, point * notifications // TOTAL) if stage == "notification" else point)
        for stage, point in chosen
    ]


def _kill_at(forker: Forker, query: Query, stage: str, threshold: int) -> int:
    worker = forker.start("monitor", "--batch", BATCH, "--interval", "0.1")
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and alive(worker):
        seen = int(query(STAGES[stage])[0][0])
        if seen >= threshold:
            break
        time.sleep(0.005)
    kill(worker)
    return seen


def _snapshot(query: Query) -> dict[str, list[tuple]]:
    wanted = {"findings": SNAPSHOT["findings"], "evidence": SNAPSHOT["evidence"], "alerts": ALERTS}
    wanted["posts"] = "SELECT platform, external_id, analysis_state FROM monitoring_post"
    wanted["notifications"] = "SELECT subject FROM core_notification"
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
    # The uninterrupted run first: the notification kill points are shares of what it sent.
    run(reference_env, "monitor", "--until-idle", "--batch", BATCH, "--interval", "0.1")
    uninterrupted = _snapshot(_sqlite(reference / "socialgov.sqlite3"))
    env = _env(interrupted, database_url)
    query = query or _sqlite(interrupted / "socialgov.sqlite3")
    seed = random.randrange(1 << 30)
    points = _kill_points(random.Random(seed), len(uninterrupted["notifications"]))
    forker = Forker(env)
    try:
        seen = [_kill_at(forker, query, stage, threshold) for stage, threshold in points]
    finally:
        forker.close()
    run(env, "monitor", "--until-idle", "--batch", BATCH, "--interval", "0.1")

    after_crash = _snapshot(query)
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
