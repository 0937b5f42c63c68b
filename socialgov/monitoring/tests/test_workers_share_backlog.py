"""Several analysis workers on one backlog: each post is analysed exactly once, on SQLite and
on PostgreSQL (where the claim skips rows another worker has locked)."""

from __future__ import annotations

import collections
import sqlite3
import time
from pathlib import Path

import pytest

from socialgov.monitoring.tests.counting_analyzer import analysed_ids
from socialgov.monitoring.tests.workers import (
    POSTS_SETUP,
    live_database_url,
    prepare,
    start,
    worker_env,
)

WORKER = """
import pathlib, time
go = pathlib.Path(%r)
while not go.exists():
    time.sleep(0.01)
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
analyse_until_idle(limit=20)
"""
POSTS = 600


def _two_workers_analyse(tmp_path: Path, database_url: str) -> dict[str, list[int]]:
    logs = tmp_path / "analysed"
    logs.mkdir()
    env = worker_env(
        tmp_path,
        database_url,
        SOCIALGOV_ANALYZER="socialgov.monitoring.tests.counting_analyzer.analyze",
        COUNTING_ANALYZER_DIR=str(logs),
    )
    prepare(env, POSTS_SETUP % POSTS)
    go = tmp_path / "go"
    workers = [start(env, "shell", "-c", WORKER % str(go)) for _ in range(2)]
    time.sleep(1.0)
    go.touch()  # both start on the same backlog at the same moment
    for worker in workers:
        _out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err.decode()[-2000:]
    return analysed_ids(logs)


def _assert_each_post_analysed_once(by_worker: dict[str, list[int]]) -> None:
    assert len(by_worker) == 2, "both workers must have analysed part of the backlog"
    assert all(by_worker.values())
    times = collections.Counter(pk for ids in by_worker.values() for pk in ids)
    assert len(times) == POSTS
    assert set(times.values()) == {1}


@pytest.mark.slow_subprocess
def test_two_workers_on_one_sqlite_backlog_analyse_each_post_exactly_once(
    tmp_path: Path,
) -> None:
    _assert_each_post_analysed_once(_two_workers_analyse(tmp_path, ""))
    with sqlite3.connect(tmp_path / "socialgov.sqlite3") as db:
        rows = db.execute(
            "SELECT analysis_state, analysis_attempts FROM monitoring_post"
        ).fetchall()
    assert len(rows) == POSTS
    assert set(rows) == {("done", 1)}


@pytest.mark.postgres
@pytest.mark.slow_subprocess
def test_two_workers_on_one_postgres_backlog_analyse_each_post_exactly_once(
    transactional_db: None, tmp_path: Path
) -> None:
    from socialgov.monitoring.models import AnalysisState, Post

    _assert_each_post_analysed_once(_two_workers_analyse(tmp_path, live_database_url()))
    assert Post.objects.filter(analysis_state=AnalysisState.DONE).count() == POSTS
    assert set(Post.objects.values_list("analysis_attempts", flat=True)) == {1}
