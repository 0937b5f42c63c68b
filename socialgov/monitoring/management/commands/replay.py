"""`socialgov replay FILE.jsonl --speed N`: a recorded stream through the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from socialgov.monitoring.replay import replay_file


class Command(BaseCommand):
    help = (
        "Feed a timestamped JSONL file of posts through store, analysis, the stream detectors and "
        "alerting as if it were live, and print throughput and alert latency."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--speed",
            type=float,
            default=0.0,
            help="Time acceleration (60: an hour in a minute); 0 replays as fast as possible.",
        )
        parser.add_argument("--batch", type=int, default=500, help="Posts per stored batch.")
        parser.add_argument("--platform", default="", help="Platform for lines that name none.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        if options["speed"] < 0 or options["batch"] < 1:
            raise CommandError("--speed must be 0 or more and --batch at least 1")
        report = replay_file(
            path, speed=options["speed"], batch_size=options["batch"], platform=options["platform"]
        )
        self.stdout.write(
            f"replay on {connection.vendor}: {report.read} posts read, {report.stored} stored, "
            f"{report.rejected} rejected, {report.findings} findings, {report.alerts} new alerts "
            f"(detectors: {report.spikes} surges, {report.impersonators} impersonators, "
            f"{report.compromises} compromise) "
            f"in {report.seconds:.1f}s ({report.posts_per_second:.0f} posts/s, "
            f"{report.posts_per_cpu_second:.0f} posts per CPU-second of this process)"
        )
        if report.stage_seconds:
            stages = ", ".join(f"{name} {sec:.1f}s" for name, sec in report.stage_seconds.items())
            self.stdout.write(f"stages (wall): {stages}")
        if report.latencies:
            self.stdout.write(
                f"arrival to alert: p50 {report.percentile(0.5):.3f}s, "
                f"p95 {report.percentile(0.95):.3f}s, max {max(report.latencies):.3f}s "
                f"over {len(report.latencies)} findings"
            )
