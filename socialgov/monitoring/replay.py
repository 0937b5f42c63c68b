"""Feed a timestamped JSONL file through the whole pipeline as if it were live: posts arrive at
their recorded pace (scaled by `speed`), are stored, analysed, run through the stream detectors
(spikes, impersonation, compromise) and turned into alerts."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from socialgov.engine.sources import IncomingPost, Rejection
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.files import read_jsonl
from socialgov.engine.sources.schema import post_from_mapping
from socialgov.monitoring.models import AlertEvidence
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
from socialgov.monitoring.pipeline.detect import detect_until_idle
from socialgov.monitoring.pipeline.route import ChannelDirectory
from socialgov.monitoring.pipeline.store import posts_store

LATENCY_SAMPLE = 100_000


@dataclass
class ReplayReport:
    read: int = 0
    stored: int = 0
    rejected: int = 0
    findings: int = 0
    alerts: int = 0
    spikes: int = 0
    impersonators: int = 0
    compromises: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    # Wall seconds per stage, to tell which one a change made faster (or the database slower).
    stage_seconds: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)

    def timed(self, stage: str, started: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + time.monotonic() - started

    @property
    def posts_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    @property
    def posts_per_cpu_second(self) -> float:
        """This process's CPU only (the database server's is not counted)."""
        return self.read / self.cpu_seconds if self.cpu_seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def replay_file(
    path: Path,
    *,
    speed: float = 0.0,
    batch_size: int = 500,
    platform: str = "",
    sleep: Callable[[float], None] = time.sleep,
) -> ReplayReport:
    """`speed` 0 replays as fast as possible; 60 plays an hour of recorded posts in a minute."""
    report = ReplayReport()
    started = time.monotonic()
    started_cpu = time.process_time()
    started_at = timezone.now()
    directory = ChannelDirectory.load()
    first_time: dt.datetime | None = None
    pending: list[IncomingPost] = []
    rejected: list[Rejection] = []

    def flush() -> None:
        if not pending and not rejected:
            return
        began = time.monotonic()
        result = posts_store(posts=pending, rejected=rejected, directory=directory)
        report.stored += result.created + result.updated
        report.rejected += result.rejected
        report.timed("store", began)
        began = time.monotonic()
        analysed = analyse_until_idle(limit=batch_size)
        report.findings += analysed.findings
        report.alerts += analysed.alerts
        report.timed("analysis", began)
        began = time.monotonic()
        # The detectors read the posts by their recorded times, so a compressed replay
        # teaches the baselines the same hours as the live stream would have.
        detected = detect_until_idle(limit=batch_size)
        report.timed("detection", began)
        report.spikes += detected.spikes
        report.impersonators += detected.impersonators
        report.compromises += detected.compromises
        report.alerts += detected.alerts
        pending.clear()
        rejected.clear()

    with path.open("rb") as stream:
        for _offset, item, error in read_jsonl(stream):
            if error:
                rejected.append(Rejection(error))
                continue
            if item is None:
                continue
            report.read += 1
            try:
                post = post_from_mapping(item, now=timezone.now(), default_platform=platform)
            except InvalidItem as invalid:
                rejected.append(Rejection(str(invalid)))
                continue
            if speed > 0:
                first_time = first_time or post.created_at
                due = (post.created_at - first_time).total_seconds() / speed
                wait = due - (time.monotonic() - started)
                if wait > 0:
                    flush()  # what is due goes through before we wait for the next arrival
                    sleep(wait)
            pending.append(post)
            if len(pending) >= batch_size:
                flush()
        flush()
    report.seconds = time.monotonic() - started
    report.cpu_seconds = time.process_time() - started_cpu
    # The latest findings are enough for percentiles and keep memory flat on long replays.
    evidence = (
        AlertEvidence.objects.filter(finding__post__received_at__gte=started_at)
        .order_by("-id")
        .values_list("added_at", "finding__post__received_at")[:LATENCY_SAMPLE]
    )
    report.latencies = [(added - received).total_seconds() for added, received in evidence]
    return report
