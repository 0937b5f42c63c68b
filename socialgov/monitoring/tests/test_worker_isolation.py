"""A connector whose poll raises any exception (a bug, not a platform error) is marked failing
and backed off, and the real `socialgov monitor --until-idle` still polls the other
connectors, analyses what they brought and finishes. Run in a subprocess, bounded in time."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.tests.workers import worker_env

# The real console entry point, with the test source registered first.
ENTRY = "import socialgov.monitoring.tests.exploding_source; from socialgov.cli import main; main()"
FAILURES = [
    ("RuntimeError", "before_a_batch"),
    ("KeyError", "after_a_batch"),
    ("ZeroDivisionError", "before_a_batch"),
    ("TypeError", "constructor"),
]
SETUP = """
from socialgov.monitoring import services
for error, when in %r:
    services.connector_create(actor=None, name=error, kind="exploding_test",
        config={"raise": error, "when": when})
services.connector_create(actor=None, name="stream", kind="file",
    config={"path": %r, "format": "jsonl", "batch_size": 20})
"""
REPORT = """
import json
from django.utils import timezone
from socialgov.monitoring.models import Connector, Post
print(json.dumps({
    "connectors": {c.name: [c.health, c.last_error, c.next_poll_at > timezone.now()]
                   for c in Connector.objects.all()},
    "posts": sorted(set(Post.objects.values_list("platform", "analysis_state"))),
    "stream posts": Post.objects.filter(connector__kind="file").count(),
}))
"""


def _socialgov(data_dir: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = worker_env(
        data_dir,
        SOCIALGOV_IMPORT_DIRS=str(data_dir),
        SOCIALGOV_ANALYZER="socialgov.monitoring.tests.pattern_analyzer.analyze",
        LOG_LEVEL="CRITICAL",
    )
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.mark.slow_subprocess
def test_connectors_raising_any_exception_leave_the_others_polled_and_until_idle_finishing(
    tmp_path: Path,
) -> None:
    stream = write_stream(tmp_path / "stream.jsonl", 60, seed=19)
    _socialgov(tmp_path, "migrate", "--no-input", "-v", "0", timeout=300)
    _socialgov(tmp_path, "shell", "-c", SETUP % (FAILURES, str(stream)), timeout=120)

    started = time.monotonic()
    _socialgov(tmp_path, "monitor", "--until-idle", "--interval", "0.1", timeout=180)
    took = time.monotonic() - started
    printed = _socialgov(tmp_path, "shell", "-c", REPORT, timeout=120).stdout
    report = json.loads(printed.strip().splitlines()[-1])

    assert report["stream posts"] == 60  # the healthy connector was polled, every batch
    assert {state for _platform, state in report["posts"]} == {"done"}  # and analysed
    assert ["exploding", "done"] in report["posts"]  # the batch before the KeyError was kept
    for error, _when in FAILURES:
        health, last_error, backed_off = report["connectors"][error]
        assert health == "failing", (error, health)
        assert f"unexpected {error}" in last_error
        assert backed_off  # not due again at once, so it cannot hog every round
    assert report["connectors"]["stream"][0] == "ok"
    assert took < 120, f"--until-idle took {took:.0f}s"
