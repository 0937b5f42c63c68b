"""The baseline analyzer that also writes down, per worker process, which posts it analysed
(and waits a moment per batch), so a test can count how often each post was analysed."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from socialgov.monitoring.pipeline.analyse import FindingResult, PostForAnalysis
from socialgov.monitoring.tests.pattern_analyzer import analyze as baseline


def analyze(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    log = Path(os.environ["COUNTING_ANALYZER_DIR"]) / f"{os.getpid()}.log"
    with log.open("a") as out:
        out.write("".join(f"{post.id}\n" for post in posts))
    time.sleep(float(os.environ.get("COUNTING_ANALYZER_SECONDS", "0.05")))
    return list(baseline(posts))


def analysed_ids(folder: Path) -> dict[str, list[int]]:
    """What each worker process analysed, by its log file name."""
    return {
        log.stem: [int(line) for line in log.read_text().split()] for log in folder.glob("*.log")
    }
