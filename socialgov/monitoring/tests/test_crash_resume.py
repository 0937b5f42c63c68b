"""Nothing accepted is ever lost: kill the worker (SIGKILL, in a subprocess) during intake and
again during analysis, restart it, and compare with a run that was never interrupted."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialgov.monitoring.demo_stream import write_stream

SETUP = """
from socialgov.channels.models import Channel
from socialgov.core.models import Person
from socialgov.monitoring import services
from socialgov.monitoring.demo import RULES
owner = Person.objects.create(
    employee_id="E1", first_name="O", last_name="Wner", email="o@example.org"
)
for platform, handle in [("x", "mosa_help"), ("x", "mosa_be"), ("facebook", "mosaverzekeringen")]:
    Channel.objects.create(platform=platform, handle=handle, purpose="customer_service",
                           audience="external", owner=owner, status="active")
for rule in RULES:
    services.alert_rule_create(actor=None, **{**rule, "finding_kinds": ["personal_data", "toxicity",
        "sentiment", "complaint", "secrets", "confidential"], "post_kinds": []})
services.connector_create(actor=None, name="stream", kind="file",
    config={"path": "%s", "format": "jsonl", "batch_size": 50}, poll_interval_seconds=3600)
"""

SNAPSHOT = {
    "posts": "SELECT platform, external_id, kind, channel_id, analysis_state FROM monitoring_post",
    "findings": (
        "SELECT p.external_id, f.analyzer, f.kind, f.fingerprint FROM monitoring_finding f "
        "JOIN monitoring_post p ON p.id = f.post_id"
    ),
    "alerts": "SELECT group_key, status, evidence_count FROM monitoring_alert",
    "evidence": "SELECT COUNT(*) FROM monitoring_alertevidence",
}


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(
        SOCIALGOV_DATA_DIR=str(data_dir),
        SOCIALGOV_IMPORT_DIRS=str(data_dir.parent),
        SOCIALGOV_ANALYZER="socialgov.monitoring.tests.slow_analyzer.analyze",
        SLOW_ANALYZER_SECONDS="0.15",
        SOCIALGOV_CONNECTOR_LEASE_SECONDS="2",
        SOCIALGOV_ANALYSIS_CLAIM_SECONDS="3",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="ERROR",
    )
    return env


def _socialgov(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "socialgov.cli", *args],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run(data_dir: Path, *args: str) -> None:
    process = _socialgov(data_dir, *args)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()[-2000:]


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return int(connection.execute(sql).fetchone()[0])


def _kill_when(data_dir: Path, sql: str, low: int, high: int) -> int:
    db = data_dir / "socialgov.sqlite3"
    process = _socialgov(data_dir, "monitor", "--batch", "100", "--interval", "0.2")
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline:
        seen = _count(db, sql)
        if low <= seen < high:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return seen


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {name: sorted(connection.execute(sql).fetchall()) for name, sql in SNAPSHOT.items()}


@pytest.mark.slow_subprocess
def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    total = 1500
    interrupted, reference = tmp_path / "interrupted", tmp_path / "reference"
    interrupted.mkdir()
    stream = write_stream(tmp_path / "stream.jsonl", total, seed=11)
    _run(interrupted, "migrate", "--no-input", "-v", "0")
    _run(interrupted, "shell", "-c", SETUP % stream)
    shutil.copytree(interrupted, reference)

    stored_at_kill = _kill_when(interrupted, "SELECT COUNT(*) FROM monitoring_post", 100, total)
    analysed_at_kill = _kill_when(
        interrupted,
        "SELECT COUNT(*) FROM monitoring_post WHERE analysis_state = 'done'",
        200,
        total,
    )
    _run(interrupted, "monitor", "--until-idle", "--batch", "100", "--interval", "0.2")
    _run(reference, "monitor", "--until-idle", "--batch", "100", "--interval", "0.2")

    assert 100 <= stored_at_kill < total, "the first kill did not land during intake"
    assert 200 <= analysed_at_kill < total, "the second kill did not land during analysis"
    after_crash = _snapshot(interrupted / "socialgov.sqlite3")
    uninterrupted = _snapshot(reference / "socialgov.sqlite3")
    assert len(after_crash["posts"]) == total
    assert {row[4] for row in after_crash["posts"]} == {"done"}
    assert after_crash == uninterrupted
