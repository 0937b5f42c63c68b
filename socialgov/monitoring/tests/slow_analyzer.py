"""The baseline analyzer, slowed down, so a test can kill a worker in the middle of a batch."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence

from socialgov.monitoring.pipeline.analyse import FindingResult, PostForAnalysis
from socialgov.monitoring.tests.pattern_analyzer import analyze as baseline


def analyze(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    time.sleep(float(os.environ.get("SLOW_ANALYZER_SECONDS", "0.2")))
    return list(baseline(posts))
